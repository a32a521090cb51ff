import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HistoryStore, type HistoryBatch } from '../../../src/core/history/historyStore';

const batch = (id: string, files = 1): HistoryBatch => ({
  id,
  hostId: 'h',
  hostName: 'H',
  finishedAt: '2026-01-01T00:00:00Z',
  files: Array.from({ length: files }, (_, i) => ({ name: `${id}-${i}.png`, path: `/p/${id}-${i}.png`, links: { imageUrl: `https://i/${id}/${i}` } })),
});

describe('HistoryStore', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ihu-history-'));
    file = path.join(dir, 'sub', 'history.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps batches newest first, capped, across instances', async () => {
    const store = new HistoryStore(file, () => 2);
    for (const id of ['a', 'b', 'c']) await store.add(batch(id));
    assert.deepEqual((await new HistoryStore(file, () => 2).list()).map((b) => b.id), ['c', 'b']);
  });

  it('removes files and drops a batch left empty', async () => {
    const store = new HistoryStore(file, () => 10);
    await store.add(batch('a', 2));
    await store.removeFile('a', '/p/a-0.png');
    assert.deepEqual((await store.list())[0].files.map((f) => f.name), ['a-1.png']);
    await store.removeFile('a', '/p/a-1.png');
    assert.deepEqual(await store.list(), []);
  });

  it('finds an upload by any of its links', async () => {
    const store = new HistoryStore(file, () => 10);
    await store.add(batch('a', 2));
    assert.equal((await store.findByUrl('https://i/a/1'))?.name, 'a-1.png');
    assert.equal(await store.findByUrl('https://elsewhere'), undefined);
  });

  it('starts empty from a corrupt file instead of failing', async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{"batches": [tru');
    const store = new HistoryStore(file, () => 10);
    assert.deepEqual(await store.list(), []);
    await store.add(batch('x'));
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).batches.length, 1);
  });
});
