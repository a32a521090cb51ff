import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { collectImages, naturalCompare } from '../../../src/core/files/collectImages';

describe('collectImages', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ihu-collect-'));
    mkdirSync(path.join(dir, 'set', 'sub'), { recursive: true });
    for (const name of ['img10.png', 'img2.png', 'img1.JPG', 'notes.txt']) writeFileSync(path.join(dir, 'set', name), 'x');
    writeFileSync(path.join(dir, 'set', 'sub', 'a.webp'), 'x');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('expands folders recursively, keeps image types only, in natural order', async () => {
    const { files, skipped } = await collectImages([path.join(dir, 'set')], ['png', 'jpg', 'webp']);
    assert.deepEqual(
      files.map((f) => path.relative(dir, f)),
      ['set/img1.JPG', 'set/img2.png', 'set/img10.png', 'set/sub/a.webp'],
    );
    assert.deepEqual(skipped, []);
  });

  it('lists a file chosen directly and inside a chosen folder once', async () => {
    const { files } = await collectImages([path.join(dir, 'set', 'img2.png'), path.join(dir, 'set')], ['png']);
    assert.equal(files.filter((f) => f.endsWith('img2.png')).length, 1);
  });

  it('reports missing and non-image inputs instead of dropping them silently', async () => {
    const { files, skipped } = await collectImages([path.join(dir, 'gone.png'), path.join(dir, 'set', 'notes.txt')], ['png']);
    assert.deepEqual(files, []);
    assert.deepEqual(skipped.map((s) => s.reason).sort(), ['not an image type', 'not found']);
  });

  it('sorts numbers by value', () => {
    assert.deepEqual(['b10', 'b2', 'a1'].sort(naturalCompare), ['a1', 'b2', 'b10']);
  });
});
