import { fail, ok, uploadError, type Result } from '../errors';
import { settingProblem } from '../plugin/settingValue';
import type { PluginFile } from '../plugin/types';
import type { ConfigValues, SecretValues } from './types';

/**
 * Fills in the plugin's defaults and checks required values before anything
 * is sent, so a missing API key is reported as such rather than as the
 * host's 401 three requests later.
 */
export function resolveSettings(plugin: PluginFile, config: ConfigValues, secrets: SecretValues): Result<{ config: ConfigValues; secrets: SecretValues }> {
  const resolved: ConfigValues = {};
  const resolvedSecrets: SecretValues = {};
  for (const field of plugin.settings ?? []) {
    if (field.type === 'secret') {
      const value = secrets[field.key] ?? '';
      if (field.required && value === '') {
        return fail(uploadError('configInvalid', `${plugin.name} needs "${field.label}". Set it with "Image Host: Configure Hosts" (or IMGHOST_SECRET_* for the CLI).`));
      }
      resolvedSecrets[field.key] = value;
      continue;
    }
    const value = config[field.key] ?? field.default ?? (field.type === 'checkbox' ? false : '');
    if (field.required && value === '') {
      return fail(uploadError('configInvalid', `${plugin.name} needs "${field.label}". Set it with "Image Host: Configure Hosts" (or --set for the CLI).`));
    }
    const problem = settingProblem(field, value);
    if (problem) return fail(uploadError('configInvalid', `${plugin.name}: ${problem}`));
    resolved[field.key] = value;
  }
  return ok({ config: resolved, secrets: resolvedSecrets });
}
