import { strict as assert } from 'node:assert';
import type { SettingField } from '../../../src/core/plugin/types';
import { formProblems, secretsForRun, valuesToStore } from '../../../src/extension/hostSettings/formValues';

const fields: SettingField[] = [
  { key: 'password', type: 'secret', label: 'Password' },
  { key: 'size', type: 'dropdown', label: 'Size', options: [{ value: '180' }, { value: '300' }], default: '180' },
  { key: 'title', type: 'text', label: 'Title', pattern: '^[a-z]*$' },
  { key: 'count', type: 'number', label: 'Count', min: 1, max: 5, default: 2 },
  { key: 'adult', type: 'checkbox', label: 'Adult' },
];

describe('settings form values', () => {
  it('stores only what differs from the plugin defaults, and never a secret', () => {
    assert.deepEqual(valuesToStore(fields, { size: '180', title: '', count: 2, adult: false, password: 'hunter2' }), {});
    assert.deepEqual(valuesToStore(fields, { size: '300', title: 'abc', count: 4, adult: true }), { size: '300', title: 'abc', count: 4, adult: true });
  });

  it('treats an empty number field as not set', () => {
    assert.deepEqual(valuesToStore(fields, { count: '' }), {});
  });

  it('reports the values the engine would refuse, in the engine\'s words', () => {
    assert.deepEqual(formProblems(fields, { size: '180', title: 'abc', count: 3 }), []);
    assert.deepEqual(formProblems(fields, { size: '999', title: 'ABC', count: 9 }), [
      '"Size" is "999", which is not one of 180, 300.',
      '"Title" is "ABC", which does not have the expected form (^[a-z]*$).',
      '"Count" must be a number between 1 and 5; it is "9".',
    ]);
  });

  it('runs a test with stored secrets as the form would change them, without touching the stored ones', () => {
    const stored = { password: 'old', token: 't' };
    assert.deepEqual(secretsForRun(stored, {}), stored);
    assert.deepEqual(secretsForRun(stored, { password: { action: 'replace', value: 'new' } }), { password: 'new', token: 't' });
    assert.deepEqual(secretsForRun(stored, { token: { action: 'clear' } }), { password: 'old' });
    assert.deepEqual(stored, { password: 'old', token: 't' });
  });
});
