import type { SettingField } from './types';

/** The keys of a plugin's secret settings (API keys, passwords), which live only in secret storage. */
export function secretKeys(fields: readonly SettingField[] = []): string[] {
  return fields.filter((f) => f.type === 'secret').map((f) => f.key);
}
