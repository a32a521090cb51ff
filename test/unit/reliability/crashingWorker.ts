/**
 * A stand-in runner worker that speaks the real protocol, delivers two
 * results of a batch and then dies, as a worker that runs out of memory
 * would: what does the extension side get, and does it recover?
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { UploadError } from '../../../src/core/errors';
import type { BatchEvent } from '../../../src/core/engine/types';
import { RunnerClient } from '../../../src/worker/runnerClient';

const SCRIPT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.name === 'runBatch') {
    const batchId = m.payload.batch.batchId;
    for (const file of m.payload.batch.files.slice(0, 2)) {
      parentPort.postMessage({ type: 'event', event: { type: 'fileDone', batchId, outcome: { fileId: file.id, path: file.path, links: { imageUrl: 'https://img.example/' + file.id }, durationMs: 1 } } });
    }
    setTimeout(() => process.exit(7), 20);
    return;
  }
  parentPort.postMessage({ type: 'response', id: m.id, ok: true, value: { hosts: [], problems: [] } });
});
parentPort.postMessage({ type: 'ready', protocolVersion: 1 });
`;

export async function crashingWorkerRun(): Promise<{ delivered: number; error?: UploadError; restarted: boolean }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ihu-crash-'));
  const workerPath = path.join(dir, 'worker.js');
  writeFileSync(workerPath, SCRIPT);
  let delivered = 0;
  const client = new RunnerClient({ workerPath, onEvent: (e: BatchEvent) => void (e.type === 'fileDone' && delivered++), onCrash: () => undefined });
  try {
    const files = ['a', 'b', 'c', 'd'].map((id) => ({ id, path: `/tmp/${id}.png` }));
    const result = await client.call('runBatch', { batch: { batchId: 'crash', hostId: 'x', files, config: {}, secrets: {} } });
    const again = await client.call('configure', { network: {}, builtinDir: dir, userPluginDirs: [] });
    return { delivered, error: result.ok ? undefined : result.error, restarted: again.ok };
  } finally {
    await client.dispose(1000);
    rmSync(dir, { recursive: true, force: true });
  }
}
