import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { RunnerClient } from '../../src/worker/runnerClient';
import { bundleForNode } from '../support/bundle';

const root = path.resolve(__dirname, '../..');

/**
 * The shipped bundles, not the sources: a dependency esbuild cannot follow
 * (a dynamic require) only shows when the bundle runs.
 */
describe('bundles', function () {
  this.timeout(60_000);
  let out: string;

  before(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'ihu-bundle-'));
    await bundleForNode({ runnerWorker: path.join(root, 'src/worker/runnerWorker.ts'), cli: path.join(root, 'src/cli/main.ts') }, out);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('the worker bundle starts and loads every built-in plugin', async () => {
    const client = new RunnerClient({ workerPath: path.join(out, 'runnerWorker.js') });
    try {
      const loaded = await client.call('configure', { network: {}, builtinDir: path.join(root, 'plugins'), userPluginDirs: [] });
      assert.ok(loaded.ok, JSON.stringify(loaded));
      assert.deepEqual(loaded.value.problems, []);
      assert.ok(loaded.value.hosts.length >= 3);
    } finally {
      await client.dispose(2000);
    }
  });

  it('the CLI bundle runs', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(out, 'cli.js'), 'hosts'], { env: { ...process.env, IMGHOST_BUILTIN_PLUGINS: path.join(root, 'plugins') } });
    assert.match(stdout, /^imx\.to\t/m);
  });
});
