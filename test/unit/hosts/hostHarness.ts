/**
 * Runs the SHIPPED plugin files (plugins/) against host fakes over real
 * HTTPS: one fake server with a test CA certificate naming every fake
 * hostname, reached through `connectTo` rules. Nothing host-specific
 * lives here; the plugin file alone decides what is sent.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../../src/core/engine/engine';
import type { BatchEvent, BatchRequest, BatchSummary } from '../../../src/core/engine/types';
import type { FakeHost } from '../../fakes/fakeHost';
import { hostnamesOf, startFakeHostsServer, type FakeHostsServer } from '../../fakes/fakeHostsServer';
import { createTestCa } from '../../fakes/testCa';
import { writePng } from '../../support/images';

const PLUGINS_DIR = path.resolve(__dirname, '../../../plugins');

export interface HostHarness {
  readonly engine: Engine;
  readonly server: FakeHostsServer;
  readonly events: BatchEvent[];
  /** PNG files named img1.png, img2.png…; `padTo` grows them to that many bytes. */
  images(count: number, padTo?: number): string[];
  run(files: string[], extra?: Partial<BatchRequest>): Promise<BatchSummary>;
  /** GETs a link the way a browser would (real hostname, test CA), to prove the host serves it. */
  fetch(url: string): Promise<{ status: number; body: Buffer }>;
  dispose(): Promise<void>;
}

export async function createHostHarness(hostId: string, fakes: FakeHost[]): Promise<HostHarness> {
  const ca = await createTestCa();
  const server = await startFakeHostsServer(fakes, await ca.issue(hostnamesOf(fakes)));
  const events: BatchEvent[] = [];
  // Fast retries keep tests quick; the attempt count is the shipped default's.
  const engine = new Engine({
    network: { connectTo: server.connectTo, extraCaCerts: [ca.caPem] },
    emit: (e) => events.push(e),
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 2000 },
  });
  const loaded = await engine.loadPlugins(PLUGINS_DIR, []);
  // Other hosts' plugins are other tests' business; only this host's problems fail here.
  const mine = loaded.problems.filter((p) => JSON.stringify(p).includes(hostId));
  if (mine.length) throw new Error(`shipped plugin ${hostId} is invalid: ${JSON.stringify(mine)}`);
  if (!engine.plugin(hostId).ok) throw new Error(`shipped plugin ${hostId} was not loaded`);
  const dir = mkdtempSync(path.join(tmpdir(), `ihu-${hostId}-`));
  let n = 0;
  let batches = 0;
  return {
    engine,
    server,
    events,
    images: (count, padTo = 0) => Array.from({ length: count }, () => writePng(path.join(dir, `img${++n}.png`), padTo)),
    run: async (files, extra = {}) => {
      const result = await engine.runBatch({
        batchId: `batch${++batches}`,
        hostId,
        files: files.map((f, i) => ({ id: String(i), path: f })),
        config: {},
        secrets: {},
        batchName: 'Test batch',
        ...extra,
      });
      if (!result.ok) throw new Error(`batch refused: ${result.error.message}`);
      return result.value;
    },
    fetch: (url) =>
      new Promise((resolve, reject) => {
        const target = new URL(url);
        const req = request(
          { host: '127.0.0.1', port: server.port, servername: target.hostname, path: target.pathname + target.search, headers: { host: target.hostname }, ca: ca.caPem },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          },
        );
        req.on('error', reject);
        req.end();
      }),
    dispose: async () => {
      await engine.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The bytes of a test image, to compare with what a host serves back. */
export const bytesOf = (file: string) => readFileSync(file);
