import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BatchEvent } from '../../../src/core/engine/types';
import { RunnerClient } from '../../../src/worker/runnerClient';
import { sandboxPlugin } from '../../fakes/sandboxHost';
import { bundleForNode } from '../../support/bundle';
import { pngBytes } from '../../support/images';
import { startRouteServer, type RouteServer } from '../../support/routeServer';

const root = path.resolve(__dirname, '../../..');

/** Timers, sockets, servers… that keep this process alive, as Node names them. */
const resources = () => process.getActiveResourcesInfo().sort();

/** Waits (up to a bound) for the resources to be back to `baseline`; closed sockets are released on a later turn. */
async function settledResources(baseline: string[]): Promise<string[]> {
  const deadline = Date.now() + 2000;
  let now = resources();
  while (JSON.stringify(now) !== JSON.stringify(baseline) && Date.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
    now = resources();
  }
  return now;
}

/**
 * The real worker bundle, shut down (as on deactivate) while a batch waits
 * on a host that accepts uploads and never answers them.
 */
describe('runner worker shutdown', function () {
  this.timeout(60_000);
  let dir: string;
  let server: RouteServer | undefined;
  let client: RunnerClient | undefined;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ihu-shutdown-'));
    await bundleForNode({ runnerWorker: path.join(root, 'src/worker/runnerWorker.ts') }, dir);
  });
  afterEach(async () => {
    await client?.dispose(1000);
    await server?.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ends within 5 s, reports the batch as cancelled and leaves no timer, socket or thread behind', async () => {
    // Mocha arms this test's own timeout once the test has returned its promise.
    await new Promise((resolve) => setImmediate(resolve));
    const baseline = resources();
    server = await startRouteServer();
    let arrived = 0;
    const firstArrived = new Promise<void>((resolve) =>
      server!.route('POST /api/upload', (req) => {
        arrived++;
        req.resume();
        resolve();
      }),
    );
    const plugins = path.join(dir, 'plugins');
    mkdirSync(plugins, { recursive: true });
    writeFileSync(path.join(plugins, 'sandbox.imagehost.json'), JSON.stringify(sandboxPlugin(server.base)));
    const files = ['a', 'b', 'c', 'd', 'e', 'f'].map((name, i) => {
      const file = path.join(dir, `${name}.png`);
      writeFileSync(file, pngBytes(8, 8, [i * 40, 90, 200]));
      return { id: String(i), path: file };
    });
    const events: BatchEvent[] = [];
    client = new RunnerClient({ workerPath: path.join(dir, 'runnerWorker.js'), onEvent: (e) => events.push(e) });
    const configured = await client.call('configure', { network: {}, builtinDir: path.join(root, 'plugins'), userPluginDirs: [plugins] });
    assert.ok(configured.ok, JSON.stringify(configured));

    const batch = client.call('runBatch', { batch: { batchId: 'b1', hostId: 'sandbox', files, config: {}, secrets: {}, concurrency: 2 } });
    const first = await Promise.race([firstArrived.then(() => 'arrived'), batch.then((r) => `the batch ended first: ${JSON.stringify(r)}`)]);
    assert.equal(first, 'arrived');
    const started = performance.now();
    await client.dispose(5000);
    const tookMs = performance.now() - started;

    assert.ok(tookMs < 5000, `shutdown took ${Math.round(tookMs)} ms`);
    const result = await batch;
    // The worker answered the batch itself before it ended: cancelled, every file accounted for.
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.cancelled, true);
    assert.deepEqual(result.value.outcomes.map((o) => o.error?.kind), files.map(() => 'cancelled'));
    assert.deepEqual(
      events.filter((e) => e.type === 'fileDone').map((e) => e.type === 'fileDone' && e.outcome.fileId).sort(),
      files.map((f) => f.id),
    );
    // Nothing is dispatched after shutdown: only the files in flight reached the host.
    assert.ok(arrived <= 2, `${arrived} uploads reached the host`);
    const refused = await client.call('reloadPlugins', { userPluginDirs: [] });
    assert.ok(!refused.ok && refused.error.kind === 'cancelled');

    await server.close();
    server = undefined;
    assert.deepEqual(await settledResources(baseline), baseline);
  });
});
