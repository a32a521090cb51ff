import { strict as assert } from 'node:assert';
import type { SettingField } from '../../../src/core/plugin/types';
import { MAX_VALUE_LENGTH, parseWebviewMessage, type FieldLookup } from '../../../src/webview/settingsProtocol';

const fields: SettingField[] = [
  { key: 'apiKey', type: 'secret', label: 'API key', required: true },
  { key: 'size', type: 'dropdown', label: 'Size', options: [{ value: '180' }, { value: '300' }], default: '180' },
  { key: 'gallery', type: 'dropdown', label: 'Gallery', optionsFrom: { steps: [], items: 'json:items', value: 'json:id', label: 'json:title' } },
  { key: 'title', type: 'text', label: 'Title', pattern: '^[a-z]*$' },
  { key: 'count', type: 'number', label: 'Count', min: 1, max: 5 },
  { key: 'adult', type: 'checkbox', label: 'Adult' },
];
const lookup: FieldLookup = (id) => (id === 'host.example' ? fields : undefined);
const form = { id: 1, hostId: 'host.example', values: { size: '300', title: 'abc', count: 3, adult: true }, secrets: { apiKey: { action: 'replace', value: 'k-123' } } };
const reason = (data: unknown) => {
  const parsed = parseWebviewMessage(data, lookup);
  assert.ok(!parsed.ok, `accepted ${JSON.stringify(data)}`);
  return parsed.error;
};

describe('settings webview protocol', () => {
  it('accepts a save of declared values and a replaced secret', () => {
    const parsed = parseWebviewMessage({ type: 'save', scope: 'user', ...form }, lookup);
    assert.deepEqual(parsed, { ok: true, value: { type: 'save', scope: 'user', ...form } });
  });

  it('accepts test connection and load-options requests, and an empty number as "not set"', () => {
    assert.ok(parseWebviewMessage({ type: 'testConnection', ...form, values: { count: '' }, secrets: { apiKey: { action: 'clear' } } }, lookup).ok);
    const parsed = parseWebviewMessage({ type: 'fetchOptions', key: 'gallery', ...form }, lookup);
    assert.ok(parsed.ok && parsed.value.type === 'fetchOptions' && parsed.value.key === 'gallery');
  });

  it('refuses messages that are not objects or have an unknown type', () => {
    for (const data of [null, 'save', 42, [], { type: 'delete' }, {}]) assert.ok(reason(data));
  });

  it('refuses hosts that are not loaded', () => {
    assert.match(reason({ type: 'selectHost', hostId: 'evil.example' }), /unknown host/);
    assert.match(reason({ type: 'testConnection', ...form, hostId: 'evil.example' }), /no host "evil.example"/);
    assert.match(reason({ type: 'selectHost', hostId: { toString: () => 'host.example' } }), /unknown host/);
  });

  it('refuses keys the host does not declare, and secrets sent as plain values', () => {
    assert.match(reason({ type: 'save', scope: 'user', ...form, values: { proxy: 'http://evil' } }), /"proxy" is not a setting/);
    assert.match(reason({ type: 'save', scope: 'user', ...form, values: { apiKey: 'k' } }), /"apiKey" is not a setting/);
    assert.match(reason({ type: 'save', scope: 'user', ...form, secrets: { size: { action: 'clear' } } }), /"size" is not a secret/);
    assert.match(reason({ type: 'save', scope: 'user', ...form, values: { __proto__: 'x', constructor: 'y' } }), /not a setting/);
  });

  it('refuses values of the wrong type for their field', () => {
    for (const values of [{ adult: 'true' }, { count: '3' }, { count: Number.NaN }, { title: 7 }, { size: ['180'] }, { title: 'x'.repeat(MAX_VALUE_LENGTH + 1) }]) {
      assert.match(reason({ type: 'save', scope: 'user', ...form, values }), /wrong type/, JSON.stringify(values));
    }
  });

  it('refuses malformed secret changes, including an empty replacement', () => {
    for (const edit of ['k', { action: 'replace' }, { action: 'replace', value: '' }, { action: 'replace', value: 5 }, { action: 'show' }]) {
      assert.match(reason({ type: 'save', scope: 'user', ...form, secrets: { apiKey: edit } }), /malformed/, JSON.stringify(edit));
    }
  });

  it('refuses bad request ids, scopes and option keys', () => {
    for (const id of [-1, 1.5, '1', undefined]) assert.match(reason({ type: 'testConnection', ...form, id }), /request number/);
    assert.match(reason({ type: 'save', ...form, scope: 'machine' }), /scope/);
    assert.match(reason({ type: 'fetchOptions', key: 'size', ...form }), /options come from the host/);
    assert.match(reason({ type: 'fetchOptions', key: 'nope', ...form }), /options come from the host/);
  });

  it('never echoes a secret value in a refusal', () => {
    const message = reason({ type: 'save', scope: 'user', ...form, values: { secretish: 'k-123' }, secrets: { apiKey: { action: 'replace', value: 'k-123' } } });
    assert.ok(!message.includes('k-123'), message);
  });
});
