/**
 * Turning what the settings form sent into what is stored or run. Kept free
 * of `vscode` so the rules are unit-tested in plain Node.
 */
import type { ConfigValues, SecretValues } from '../../core/engine/types';
import { settingProblem } from '../../core/plugin/settingValue';
import type { SettingField } from '../../core/plugin/types';
import type { SecretEdits } from '../../webview/settingsProtocol';

/** Every value the form holds that would be refused at upload time, as sentences. */
export function formProblems(fields: readonly SettingField[], values: ConfigValues): string[] {
  return fields.flatMap((field) => {
    const value = values[field.key];
    const problem = value === undefined ? undefined : settingProblem(field, value);
    return problem ? [problem] : [];
  });
}

/**
 * The values worth writing to `imageHost.hosts`: those that differ from the
 * plugin's defaults, so a later change of a default reaches users who never
 * chose otherwise. An empty number field means "not set".
 */
export function valuesToStore(fields: readonly SettingField[], values: ConfigValues): ConfigValues {
  const out: ConfigValues = {};
  for (const field of fields) {
    const value = values[field.key];
    if (field.type === 'secret' || value === undefined || (field.type === 'number' && value === '')) continue;
    const fallback = field.default ?? (field.type === 'checkbox' ? false : '');
    if (value !== fallback) out[field.key] = value;
  }
  return out;
}

/** The secrets a test or an options fetch runs with: the stored ones, as the form would change them. */
export function secretsForRun(stored: SecretValues, edits: SecretEdits): SecretValues {
  const out: SecretValues = { ...stored };
  for (const [key, edit] of Object.entries(edits)) {
    if (edit.action === 'replace') out[key] = edit.value;
    else delete out[key];
  }
  return out;
}
