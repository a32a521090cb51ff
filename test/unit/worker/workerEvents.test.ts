import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BatchEvent } from '../../../src/core/engine/types';
import { RunnerClient } from '../../../src/worker/runnerClient';
import { drain } from '../../fakes/hosts/fakeResponses';
import { sandboxPlugin } from '../../fakes/sandboxHost';
import { bundleForNode } from '../../support/bundle';
import { pngBytes } from '../../support/images';
import { json, startRouteServer, type RouteServer } from '../../support/routeServer';

const root = path.resolve(__dirname, '../../..');

/** The real worker bundle: events gathered per turn of its loop still reach the extension in order, before the batch's answer. */
describe('runner worker events', function () {
  this.timeout(60_000);
  let dir: string;
  let server: RouteServer;
  let client: RunnerClient;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ihu-events-'));
    await bundleForNode({ runnerWorker: path.join(root, 'src/worker/runnerWorker.ts') }, dir);
    server = await startRouteServer();
    let n = 0;
    server.route('POST /api/upload', async (req, res) => {
      await drain(req);
      const id = ++n;
      json(res, 200, { status: 'success', data: { image_url: `https://img.example/${id}.png`, thumb_url: `https://img.example/t/${id}.png`, viewer_url: `https://img.example/v/${id}`, delete_url: `https://img.example/d/${id}` } });
    });
  });
  after(async () => {
    await client?.dispose(1000);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every file\'s start and result, in order, before the batch answers', async () => {
    const plugins = path.join(dir, 'plugins');
    mkdirSync(plugins, { recursive: true });
    writeFileSync(path.join(plugins, 'sandbox.imagehost.json'), JSON.stringify(sandboxPlugin(server.base)));
    const files = Array.from({ length: 40 }, (_, i) => {
      const file = path.join(dir, `img${i}.png`);
      writeFileSync(file, pngBytes(4, 4, [i, 90, 200]));
      return { id: String(i), path: file };
    });
    const events: BatchEvent[] = [];
    client = new RunnerClient({ workerPath: path.join(dir, 'runnerWorker.js'), onEvent: (e) => events.push(e) });
    const configured = await client.call('configure', { network: {}, builtinDir: path.join(root, 'plugins'), userPluginDirs: [plugins] });
    assert.ok(configured.ok, JSON.stringify(configured));

    const result = await client.call('runBatch', { batch: { batchId: 'b1', hostId: 'sandbox', files, config: {}, secrets: {}, concurrency: 8, politeness: { requestsPerSecond: 1000, burst: 1000 } } });
    const seenAtAnswer = events.filter((e) => e.type === 'fileDone').length;

    assert.ok(result.ok, JSON.stringify(result));
    assert.ok(result.value.outcomes.every((o) => o.links), 'every file uploaded');
    assert.equal(seenAtAnswer, files.length, 'every result arrived before the answer');
    for (const { id } of files) {
      const started = events.findIndex((e) => e.type === 'fileStarted' && e.fileId === id);
      const done = events.findIndex((e) => e.type === 'fileDone' && e.outcome.fileId === id);
      assert.ok(started >= 0 && done > started, `file ${id}: started at ${started}, done at ${done}`);
    }
  });
});
