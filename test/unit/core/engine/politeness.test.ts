import { strict as assert } from 'node:assert';
import type { PluginFile } from '../../../../src/core/plugin/types';
import { drain } from '../../../fakes/hosts/fakeResponses';
import { json, startRouteServer, type RouteServer } from '../../../support/routeServer';
import { createHarness, type Harness } from './engineHarness';

function plugin(base: string): PluginFile {
  return {
    id: 'polite-host',
    name: 'Polite Host',
    kind: 'imageHost',
    formatVersion: 1,
    politeness: { requestsPerSecond: 1000, burst: 1000, maxConcurrent: 4 },
    upload: {
      request: { url: `${base}/upload`, body: { multipart: [{ name: 'image', kind: 'file' }] } },
      extract: { image: 'json:url' },
      result: { imageUrl: '{image}' },
    },
  };
}

describe('engine: the user overrides a host\'s politeness', () => {
  let server: RouteServer;
  let h: Harness;
  let inFlight: number;
  let peak: number;

  beforeEach(async () => {
    inFlight = 0;
    peak = 0;
    server = await startRouteServer();
    server.route('POST /upload', async (req, res) => {
      peak = Math.max(peak, ++inFlight);
      await drain(req);
      // Hold each answer until the next request had its chance to arrive: a
      // small upload comes in one write, so one turn of the event loop is too short.
      setTimeout(() => {
        inFlight--;
        json(res, 200, { url: `https://img.example/${peak}` });
      }, 20);
    });
    h = await createHarness(plugin(server.base));
  });
  afterEach(async () => {
    await h.dispose();
    await server.close();
  });

  it('keeps to the plugin\'s files-at-once without an override, and to the user\'s with one', async () => {
    await h.run(h.images(8), { concurrency: 8 });
    assert.ok(peak > 1 && peak <= 4, `peak ${peak}`);
    peak = 0;
    await h.run(h.images(8), { concurrency: 8, politeness: { maxConcurrent: 1 } });
    assert.equal(peak, 1);
  });

  it('refuses an override that is not a sensible number, naming it, before sending anything', async () => {
    const result = await h.engine.runBatch({ batchId: 'b', hostId: 'polite-host', files: [{ id: '0', path: h.images(1)[0] }], config: {}, secrets: {}, politeness: { requestsPerSecond: 0 } });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.error.message : '', /requests per second override for Polite Host must be a number from 0\.01/);
    assert.equal(peak, 0);
  });
});
