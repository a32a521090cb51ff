import { strict as assert } from 'node:assert';
import type { PluginFile } from '../../../../src/core/plugin/types';
import { json, startRouteServer, type RouteServer } from '../../../support/routeServer';
import { createHarness, type Harness } from './engineHarness';

function plugin(base: string): PluginFile {
  return {
    id: 'flaky',
    name: 'Flaky',
    kind: 'imageHost',
    formatVersion: 1,
    upload: {
      request: { url: `${base}/up`, body: { multipart: [{ name: 'f', kind: 'file' }] } },
      extract: { url: 'json:url' },
      result: { imageUrl: '{url}' },
    },
  };
}

describe('engine: transient faults, timeouts and cancelling', () => {
  let server: RouteServer;
  let h: Harness | undefined;
  let calls: number;

  beforeEach(async () => {
    calls = 0;
    server = await startRouteServer();
  });
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
    await server.close();
  });

  const drain = (req: import('node:http').IncomingMessage) => new Promise((r) => req.resume().on('end', r));

  it('waits as Retry-After says after a 429, then succeeds', async () => {
    const times: number[] = [];
    server.route('POST /up', async (req, res) => {
      await drain(req);
      times.push(Date.now());
      if (++calls === 1) return json(res, 429, { error: 'slow down' }, { 'Retry-After': '1' });
      json(res, 200, { url: 'https://i.example/1.png' });
    });
    h = await createHarness(plugin(server.base));
    const summary = await h.run(h.images(1));
    assert.equal(summary.outcomes[0].links?.imageUrl, 'https://i.example/1.png');
    assert.equal(calls, 2);
    assert.ok(times[1] - times[0] >= 950, `retried after ${times[1] - times[0]} ms, host asked for 1 s`);
    assert.ok(h.events.some((e) => e.type === 'log' && /retrying/.test(e.message)), 'the retry is logged with its reason');
  });

  it('retries 503 twice, then succeeds', async () => {
    server.route('POST /up', async (req, res) => {
      await drain(req);
      if (++calls <= 2) return json(res, 503, {});
      json(res, 200, { url: 'https://i.example/ok.png' });
    });
    h = await createHarness(plugin(server.base), { maxAttempts: 3 });
    const summary = await h.run(h.images(1));
    assert.ok(summary.outcomes[0].links);
    assert.equal(calls, 3);
  });

  it('gives up after the last attempt with the status in the error', async () => {
    server.route('POST /up', async (req, res) => {
      await drain(req);
      calls++;
      json(res, 502, {});
    });
    h = await createHarness(plugin(server.base), { maxAttempts: 2 });
    const summary = await h.run(h.images(1));
    assert.equal(summary.outcomes[0].error?.kind, 'httpStatus');
    assert.match(summary.outcomes[0].error!.message, /502/);
    assert.equal(calls, 2);
  });

  it('reports a host that never answers as a response timeout', async () => {
    server.route('POST /up', async (req) => {
      await drain(req);
      calls++;
    });
    h = await createHarness(plugin(server.base), { headersTimeoutMs: 300, maxAttempts: 1 });
    const summary = await h.run(h.images(1));
    assert.equal(summary.outcomes[0].error?.kind, 'timeout');
  });

  it('cancels an upload in flight within a second and keeps finished ones', async () => {
    server.route('POST /up', async (req, res) => {
      await drain(req);
      if (++calls === 1) return json(res, 200, { url: 'https://i.example/first.png' });
      // The second upload hangs until cancelled.
    });
    h = await createHarness(plugin(server.base));
    const files = h.images(2);
    const harness = h;
    const started = harness.run(files, { concurrency: 1, batchId: 'cancel-me' });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (harness.events.some((e) => e.type === 'fileStarted' && e.fileId === '1')) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    await new Promise((r) => setTimeout(r, 100));
    const cancelledAt = Date.now();
    harness.engine.cancelBatch('cancel-me');
    const summary = await started;
    assert.ok(Date.now() - cancelledAt < 1000, 'cancel took over a second');
    assert.equal(summary.outcomes[0].links?.imageUrl, 'https://i.example/first.png');
    assert.equal(summary.outcomes[1].error?.kind, 'cancelled');
    assert.ok(summary.cancelled);
  });
});
