import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Journal, runningElsewhere } from '../../../src/core/journal/journal';

describe('Journal', () => {
  let dir: string;
  let file: string;
  let journal: Journal;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ihu-journal-'));
    file = path.join(dir, 'j', 'journal.jsonl');
    journal = new Journal(file);
    await journal.ensureDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const files = [{ id: '0', path: '/a.png' }, { id: '1', path: '/b.png' }, { id: '2', path: '/c.png' }];

  it('reports a batch without an end as interrupted, with its finished links and the rest', async () => {
    journal.append({ t: 'batch', batchId: 'b1', hostId: 'h', config: { size: '180' }, files, at: 'now' });
    journal.append({ t: 'done', batchId: 'b1', fileId: '1', links: { imageUrl: 'https://i/b' } });
    journal.append({ t: 'batch', batchId: 'b2', hostId: 'h', config: {}, files, at: 'now' });
    journal.append({ t: 'end', batchId: 'b2' });
    const { interrupted, skippedLines } = await journal.read();
    assert.equal(skippedLines, 0);
    assert.equal(interrupted.length, 1);
    assert.deepEqual([...interrupted[0].finished], [['1', { imageUrl: 'https://i/b' }]]);
    assert.deepEqual(interrupted[0].remaining.map((f) => f.id), ['0', '2']);
    assert.deepEqual(interrupted[0].config, { size: '180' });
  });

  it('skips a corrupt or cut-off line and keeps the rest', async () => {
    journal.append({ t: 'batch', batchId: 'b1', hostId: 'h', config: {}, files, at: 'now' });
    appendFileSync(file, '{"t":"done","batchId":"b1","fileId":"0","links":{"imageU\n');
    appendFileSync(file, 'garbage\n');
    journal.append({ t: 'done', batchId: 'b1', fileId: '2', links: { imageUrl: 'https://i/c' } });
    const { interrupted, skippedLines } = await journal.read();
    assert.equal(skippedLines, 2);
    assert.deepEqual(interrupted[0].remaining.map((f) => f.id), ['0', '1']);
  });

  it('skips lines that parse but are not records, instead of crashing on them', async () => {
    journal.append({ t: 'batch', batchId: 'b1', hostId: 'h', config: {}, files, at: 'now' });
    for (const line of ['null', '[]', '42', '{"t":"batch","batchId":"b2","hostId":"h","config":{}}', '{"t":"batch","batchId":"b3","hostId":"h","config":{},"files":[null]}', '{"t":"done","batchId":"b1","fileId":"0"}', '{"t":"done","batchId":"b1","fileId":"1","links":null}', '{"t":"what","batchId":"b1"}']) {
      appendFileSync(file, `${line}\n`);
    }
    journal.append({ t: 'done', batchId: 'b1', fileId: '2', links: { imageUrl: 'https://i/c' } });
    const { interrupted, skippedLines } = await journal.read();
    assert.equal(skippedLines, 8);
    assert.deepEqual(interrupted.map((b) => b.batchId), ['b1']);
    assert.deepEqual(interrupted[0].remaining.map((f) => f.id), ['0', '1']);
  });

  it('compacts away ended batches and keeps unfinished ones intact', async () => {
    journal.append({ t: 'batch', batchId: 'old', hostId: 'h', config: {}, files, at: 'now' });
    journal.append({ t: 'end', batchId: 'old' });
    journal.append({ t: 'batch', batchId: 'open', hostId: 'h', config: {}, files, at: 'now' });
    journal.append({ t: 'done', batchId: 'open', fileId: '0', links: { imageUrl: 'https://i/a' } });
    await journal.compact();
    assert.ok(!readFileSync(file, 'utf8').includes('"old"'));
    const { interrupted } = await journal.read();
    assert.deepEqual(interrupted.map((b) => [b.batchId, b.remaining.length]), [['open', 2]]);
  });

  it('knows which process runs a batch, follows a resume to its new owner, and keeps that through compaction', async () => {
    journal.append({ t: 'batch', batchId: 'b', hostId: 'h', config: {}, files, at: 'now', pid: 111 });
    journal.append({ t: 'owner', batchId: 'b', pid: 222 });
    assert.equal((await journal.read()).interrupted[0].ownerPid, 222);
    await journal.compact();
    const [batch] = (await journal.read()).interrupted;
    assert.equal(batch.ownerPid, 222);
    // Running in another live extension host: not interrupted. Dead, or ours, or unknown: offered.
    assert.equal(runningElsewhere(batch, 999, (pid) => pid === 222), true);
    assert.equal(runningElsewhere(batch, 999, () => false), false);
    assert.equal(runningElsewhere(batch, 222, () => true), false);
    assert.equal(runningElsewhere({ ...batch, ownerPid: undefined }, 999, () => true), false);
    assert.equal(runningElsewhere({ ...batch, ownerPid: process.pid }), false);
  });

  it('reads a missing journal as empty', async () => {
    assert.deepEqual(await new Journal(path.join(dir, 'none.jsonl')).read(), { interrupted: [], skippedLines: 0 });
  });
});
