import { fail, ok, uploadError, type Result } from '../errors';
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
        return fail(uploadError('configInvalid', `${plugin.name} needs "${field.label}". Set it with "Image Host: Set Host Secret" (or IMGHOST_SECRET_* for the CLI).`));
      }
      resolvedSecrets[field.key] = value;
      continue;
    }
    const value = config[field.key] ?? field.default ?? (field.type === 'checkbox' ? false : '');
    if (field.required && value === '') {
      return fail(uploadError('configInvalid', `${plugin.name} needs "${field.label}". Set "${field.key}" for "${plugin.id}" in the imageHost.hosts setting (or --set for the CLI).`));
    }
    if (field.type === 'number' && value !== '') {
      const n = Number(value);
      if (!Number.isFinite(n) || (field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max)) {
        const range = field.min !== undefined || field.max !== undefined ? ` between ${field.min ?? '…'} and ${field.max ?? '…'}` : '';
        return fail(uploadError('configInvalid', `${plugin.name}: "${field.label}" must be a number${range}; it is "${value}".`));
      }
    }
    if (field.type === 'text' && field.pattern && value !== '' && !new RegExp(field.pattern).test(String(value))) {
      return fail(uploadError('configInvalid', `${plugin.name}: "${field.label}" is "${value}", which does not have the expected form (${field.pattern}).`));
    }
    // Options fetched from the host (e.g. the user's galleries) are only known at run time.
    if (field.type === 'dropdown' && field.options && !field.optionsFrom && value !== '' && !field.options.some((o) => o.value === String(value))) {
      const allowed = field.options.map((o) => o.value).join(', ');
      return fail(uploadError('configInvalid', `${plugin.name}: "${field.label}" is "${value}", which is not one of ${allowed}.`));
    }
    resolved[field.key] = value;
  }
  return ok({ config: resolved, secrets: resolvedSecrets });
}
