import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { loadPluginFile } from '../../../src/core/plugin/loadPlugins';

const dirs = ['../../fixtures/plugins', '../../../plugins'].map((d) => path.resolve(__dirname, d));

describe('shipped and documented plugin files', () => {
  for (const dir of dirs) {
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.imagehost.json'))) {
      it(`${path.relative(path.resolve(__dirname, '../../..'), dir)}/${name} is valid`, async () => {
        const { plugin, problems } = await loadPluginFile(path.join(dir, name));
        assert.deepEqual(problems, []);
        assert.ok(plugin);
      });
    }
  }
});
