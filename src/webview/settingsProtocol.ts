/**
 * The one message protocol between the extension and the Configure Hosts
 * webview. The webview is untrusted input: `parseWebviewMessage` checks the
 * shape and types of everything it sends, that the host exists and that each
 * key is a setting that host declares, before the extension acts on it.
 * Secret values only ever travel towards the extension; the webview learns
 * whether a secret is stored, never what it is.
 */
import type { ConfigValues } from '../core/engine/types';
import type { Result } from '../core/errors';
import type { SettingField } from '../core/plugin/types';

export const SETTINGS_PROTOCOL_VERSION = 1;

export type SettingsScope = 'user' | 'workspace';

/** A host as the form sees it. */
export interface HostEntry {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly builtin: boolean;
  readonly fields: readonly SettingField[];
}

/** A pending change to one stored secret; a secret without one keeps its stored value. */
export type SecretEdit = { readonly action: 'replace'; readonly value: string } | { readonly action: 'clear' };
export type SecretEdits = Readonly<Record<string, SecretEdit>>;

/** What the form sends for Save, Test connection and Load from host: its current, maybe unsaved, state. */
export interface FormState {
  readonly hostId: string;
  readonly values: ConfigValues;
  readonly secrets: SecretEdits;
}

export type ToWebview =
  | { type: 'hosts'; hosts: HostEntry[]; workspaceScope: boolean; error?: string }
  | { type: 'hostState'; hostId: string; values: ConfigValues; storedSecrets: string[]; scope: SettingsScope }
  | { type: 'saved'; id: number; ok: boolean; message: string }
  | { type: 'tested'; id: number; ok: boolean; message: string }
  | { type: 'options'; id: number; key: string; ok: boolean; message: string; options: { value: string; label: string }[] };

export type FromWebview =
  | { type: 'ready'; protocolVersion: number }
  | { type: 'selectHost'; hostId: string }
  | ({ type: 'save'; id: number; scope: SettingsScope } & FormState)
  | ({ type: 'testConnection'; id: number } & FormState)
  | ({ type: 'fetchOptions'; id: number; key: string } & FormState);

/** Longer than any real key or setting; a cap so a runaway page cannot post megabytes into settings.json. */
export const MAX_VALUE_LENGTH = 4096;

/** The declared settings of a host id, or undefined when no such host is loaded. */
export type FieldLookup = (hostId: string) => readonly SettingField[] | undefined;

type Parsed<T> = Result<T, string>;
const bad = (reason: string): Parsed<never> => ({ ok: false, error: reason });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isShortString = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_VALUE_LENGTH;

function parseValue(field: SettingField, value: unknown): boolean {
  switch (field.type) {
    case 'checkbox':
      return typeof value === 'boolean';
    case 'number':
      // An empty number field is "not set" and arrives as "".
      return (typeof value === 'number' && Number.isFinite(value)) || value === '';
    default:
      return isShortString(value);
  }
}

function parseValues(fields: readonly SettingField[], values: unknown): Parsed<ConfigValues> {
  if (!isObject(values)) return bad('values is not an object');
  const out: ConfigValues = {};
  for (const [key, value] of Object.entries(values)) {
    const field = fields.find((f) => f.key === key);
    if (!field || field.type === 'secret') return bad(`"${key}" is not a setting of this host`);
    if (!parseValue(field, value)) return bad(`the value of "${key}" has the wrong type`);
    out[key] = value as string | number | boolean;
  }
  return { ok: true, value: out };
}

function parseSecrets(fields: readonly SettingField[], secrets: unknown): Parsed<SecretEdits> {
  if (!isObject(secrets)) return bad('secrets is not an object');
  const out: Record<string, SecretEdit> = {};
  for (const [key, edit] of Object.entries(secrets)) {
    if (!fields.some((f) => f.key === key && f.type === 'secret')) return bad(`"${key}" is not a secret of this host`);
    if (isObject(edit) && edit.action === 'clear') out[key] = { action: 'clear' };
    else if (isObject(edit) && edit.action === 'replace' && isShortString(edit.value) && edit.value !== '') out[key] = { action: 'replace', value: edit.value };
    else return bad(`the change to "${key}" is malformed`);
  }
  return { ok: true, value: out };
}

function parseForm(data: Record<string, unknown>, lookup: FieldLookup): Parsed<FormState & { id: number }> {
  if (!isId(data.id)) return bad('id is not a request number');
  if (typeof data.hostId !== 'string') return bad('hostId is not a string');
  const fields = lookup(data.hostId);
  if (!fields) return bad(`no host "${data.hostId}" is loaded`);
  const values = parseValues(fields, data.values);
  if (!values.ok) return values;
  const secrets = parseSecrets(fields, data.secrets);
  if (!secrets.ok) return secrets;
  return { ok: true, value: { id: data.id, hostId: data.hostId, values: values.value, secrets: secrets.value } };
}

/** Validates a message from the webview; the error side says why it was dropped (never with its values). */
export function parseWebviewMessage(data: unknown, lookup: FieldLookup): Parsed<FromWebview> {
  if (!isObject(data)) return bad('not an object');
  switch (data.type) {
    case 'ready':
      return typeof data.protocolVersion === 'number' ? { ok: true, value: { type: 'ready', protocolVersion: data.protocolVersion } } : bad('no protocol version');
    case 'selectHost':
      return typeof data.hostId === 'string' && lookup(data.hostId) ? { ok: true, value: { type: 'selectHost', hostId: data.hostId } } : bad('unknown host');
    case 'save': {
      if (data.scope !== 'user' && data.scope !== 'workspace') return bad('scope is neither user nor workspace');
      const form = parseForm(data, lookup);
      return form.ok ? { ok: true, value: { type: 'save', scope: data.scope, ...form.value } } : form;
    }
    case 'testConnection': {
      const form = parseForm(data, lookup);
      return form.ok ? { ok: true, value: { type: 'testConnection', ...form.value } } : form;
    }
    case 'fetchOptions': {
      const form = parseForm(data, lookup);
      if (!form.ok) return form;
      const field = lookup(form.value.hostId)?.find((f) => f.key === data.key);
      if (!field?.optionsFrom) return bad('key is not a setting whose options come from the host');
      return { ok: true, value: { type: 'fetchOptions', key: field.key, ...form.value } };
    }
    default:
      return bad('unknown message type');
  }
}
