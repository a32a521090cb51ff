import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BatchEvent } from '../../../src/core/engine/types';
import { RunnerClient } from '../../../src/worker/runnerClient';

// A stand-in worker speaking the protocol: answers configure, emits one event
// per runBatch, dies on testConnection, and counts its own starts.
const worker = (startsFile: string) => `
const { parentPort } = require('node:worker_threads');
const STARTS_FILE = ${JSON.stringify(startsFile)};
const fs = require('node:fs');
const starts = Number(fs.existsSync(STARTS_FILE) ? fs.readFileSync(STARTS_FILE, 'utf8') : 0) + 1;
fs.writeFileSync(STARTS_FILE, String(starts));
parentPort.on('message', (m) => {
  if (m.name === 'testConnection') process.exit(3);
  if (m.name === 'runBatch') parentPort.postMessage({ type: 'event', event: { type: 'fileStarted', batchId: m.payload.batch.batchId, fileId: 'f' } });
  if (m.name === 'fetchOptions') return; // never answers
  if (m.name === 'shutdown') { parentPort.postMessage({ type: 'response', id: m.id, ok: true, value: null }); setImmediate(() => process.exit(0)); return; }
  parentPort.postMessage({ type: 'response', id: m.id, ok: true, value: { name: m.name, starts } });
});
parentPort.postMessage({ type: 'ready', protocolVersion: 1 });
`;

describe('RunnerClient', () => {
  let dir: string;
  let client: RunnerClient;
  let events: BatchEvent[];
  let crashes: string[];

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ihu-client-'));
    // The path goes into the script itself: other tests may swap process.env.
    writeFileSync(path.join(dir, 'worker.js'), worker(path.join(dir, 'starts')));
    events = [];
    crashes = [];
    client = new RunnerClient({ workerPath: path.join(dir, 'worker.js'), onEvent: (e) => events.push(e), onCrash: (r) => crashes.push(r) });
  });
  afterEach(async () => {
    await client.dispose(1000);
    rmSync(dir, { recursive: true, force: true });
  });

  const configure = () => client.call('configure', { network: {}, builtinDir: '/b', userPluginDirs: [] });

  it('matches responses to requests and forwards events', async () => {
    const configured = await configure();
    assert.deepEqual(configured, { ok: true, value: { name: 'configure', starts: 1 } });
    const batch = await client.call('runBatch', { batch: { batchId: 'b1', hostId: 'h', files: [], config: {}, secrets: {} } });
    assert.ok(batch.ok);
    assert.deepEqual(events, [{ type: 'fileStarted', batchId: 'b1', fileId: 'f' }]);
  });

  it('fails pending calls with workerCrashed when the worker dies, then starts a fresh configured one', async () => {
    await configure();
    const pending = client.call('fetchOptions', { hostId: 'h', settingKey: 'k', config: {}, secrets: {} });
    const crashed = await client.call('testConnection', { hostId: 'h', config: {}, secrets: {} });
    assert.ok(!crashed.ok);
    assert.equal(crashed.error.kind, 'workerCrashed');
    const stranded = await pending;
    assert.ok(!stranded.ok && stranded.error.kind === 'workerCrashed');
    assert.equal(crashes.length, 1);
    const after = await client.call('reloadPlugins', { userPluginDirs: [] });
    assert.deepEqual(after, { ok: true, value: { name: 'reloadPlugins', starts: 2 } });
  });

  it('refuses calls after dispose instead of hanging', async () => {
    await configure();
    await client.dispose(1000);
    const result = await client.call('reloadPlugins', { userPluginDirs: [] });
    assert.ok(!result.ok && result.error.kind === 'cancelled');
  });
});
