import type { SettingField } from './types';

/**
 * What is wrong with one setting's value, in words a user can act on, or
 * undefined. Shared by the engine (before a batch starts) and the settings
 * form (as the user types), so both refuse exactly the same values.
 * An empty value is the `required` check's business, not this one's.
 */
export function settingProblem(field: SettingField, value: string | number | boolean): string | undefined {
  if (value === '') return undefined;
  switch (field.type) {
    case 'number': {
      const n = Number(value);
      if (Number.isFinite(n) && (field.min === undefined || n >= field.min) && (field.max === undefined || n <= field.max)) return undefined;
      const range = field.min !== undefined || field.max !== undefined ? ` between ${field.min ?? '…'} and ${field.max ?? '…'}` : '';
      return `"${field.label}" must be a number${range}; it is "${value}".`;
    }
    case 'text':
      return field.pattern && !new RegExp(field.pattern).test(String(value))
        ? `"${field.label}" is "${value}", which does not have the expected form (${field.pattern}).`
        : undefined;
    case 'dropdown':
      // Options fetched from the host (e.g. the user's galleries) are only known at run time.
      if (!field.options || field.optionsFrom || field.options.some((o) => o.value === String(value))) return undefined;
      return `"${field.label}" is "${value}", which is not one of ${field.options.map((o) => o.value).join(', ')}.`;
    default:
      return undefined;
  }
}
