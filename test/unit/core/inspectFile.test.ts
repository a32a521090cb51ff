import { strict as assert } from 'node:assert';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { inspectFile } from '../../../src/core/files/inspectFile';
import { writePng } from '../../support/images';

describe('inspectFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'ihu-inspect-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const errorOf = async (file: string, limits = {}) => {
    const result = await inspectFile(file, limits);
    assert.ok(!result.ok, 'expected a failure');
    assert.equal(result.error.kind, 'fileInvalid');
    return result.error.message;
  };

  it('describes a valid image: name parts, size and sniffed type', async () => {
    const file = writePng(path.join(dir, 'My Shot.PNG'));
    const result = await inspectFile(file, { maxFileSize: 10_000, extensions: ['png'] });
    assert.ok(result.ok);
    assert.deepEqual({ ...result.value, path: undefined }, { path: undefined, name: 'My Shot.PNG', stem: 'My Shot', ext: 'png', size: result.value.size, mime: 'image/png' });
  });

  it('rejects missing, empty, oversized, wrong-type and fake images with reasons', async () => {
    assert.match(await errorOf(path.join(dir, 'gone.png')), /no longer exists/);
    writeFileSync(path.join(dir, 'empty.png'), '');
    assert.match(await errorOf(path.join(dir, 'empty.png')), /empty \(0 bytes\)/);
    const big = writePng(path.join(dir, 'big.png'), 3000);
    assert.match(await errorOf(big, { maxFileSize: 1024 }), /3 KB, over the host's limit of 1 KB/);
    const gif = writePng(path.join(dir, 'x.gif'));
    assert.match(await errorOf(gif, { extensions: ['png', 'jpg'] }), /does not accept \.gif/);
    writeFileSync(path.join(dir, 'text.png'), 'hello, not an image');
    assert.match(await errorOf(path.join(dir, 'text.png')), /is not an image/);
    mkdirSync(path.join(dir, 'folder.png'));
    assert.match(await errorOf(path.join(dir, 'folder.png')), /not a regular file/);
  });

  it('follows a symlink only to a regular file', async () => {
    const real = writePng(path.join(dir, 'real.png'));
    symlinkSync(real, path.join(dir, 'link.png'));
    const result = await inspectFile(path.join(dir, 'link.png'));
    assert.ok(result.ok);
    assert.equal(result.value.path, real);
    symlinkSync(dir, path.join(dir, 'dirlink.png'));
    assert.match(await errorOf(path.join(dir, 'dirlink.png')), /not a regular file/);
  });

  it('reports a file it may not read', async function () {
    if (process.getuid?.() === 0) this.skip(); // root reads everything
    const file = writePng(path.join(dir, 'secret.png'));
    chmodSync(file, 0o000);
    assert.match(await errorOf(file), /permission denied/);
  });
});
