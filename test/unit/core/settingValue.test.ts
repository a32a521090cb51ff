import { strict as assert } from 'node:assert';
import { resolveSettings } from '../../../src/core/engine/resolveSettings';
import { settingProblem } from '../../../src/core/plugin/settingValue';
import type { PluginFile, SettingField } from '../../../src/core/plugin/types';

const number: SettingField = { key: 'n', type: 'number', label: 'Thumbnails per row', min: 1, max: 10 };
const text: SettingField = { key: 't', type: 'text', label: 'Gallery name', pattern: '^[\\w ]+$' };
const fixed: SettingField = { key: 'd', type: 'dropdown', label: 'Size', options: [{ value: '180' }, { value: '300' }] };
const fetched: SettingField = { key: 'g', type: 'dropdown', label: 'Gallery', options: [{ value: '' }], optionsFrom: { steps: [], items: 'json:x', value: 'json:id', label: 'json:t' } };

describe('settingProblem', () => {
  it('leaves an empty value to the required check', () => {
    for (const field of [number, text, fixed]) assert.equal(settingProblem(field, ''), undefined);
  });

  it('checks numbers against their bounds', () => {
    assert.equal(settingProblem(number, 10), undefined);
    assert.equal(settingProblem(number, '3'), undefined);
    assert.equal(settingProblem(number, 0), '"Thumbnails per row" must be a number between 1 and 10; it is "0".');
    assert.match(settingProblem(number, 'many') ?? '', /must be a number/);
    assert.match(settingProblem({ ...number, min: undefined }, 11) ?? '', /between … and 10/);
  });

  it('checks text against its pattern', () => {
    assert.equal(settingProblem(text, 'Trip 2026'), undefined);
    assert.match(settingProblem(text, 'a/b') ?? '', /does not have the expected form/);
  });

  it('checks fixed choices, but not choices that come from the host', () => {
    assert.equal(settingProblem(fixed, '300'), undefined);
    assert.equal(settingProblem(fixed, '999'), '"Size" is "999", which is not one of 180, 300.');
    assert.equal(settingProblem(fetched, 'gallery-42'), undefined);
  });

  it('is what the engine refuses before a batch, named after the host', () => {
    const plugin = { id: 'h', name: 'Host', kind: 'imageHost', formatVersion: 1, settings: [number] } as PluginFile;
    const result = resolveSettings(plugin, { n: 0 }, {});
    assert.ok(!result.ok);
    assert.equal(result.error.message, `Host: ${settingProblem(number, 0)}`);
  });
});
