/**
 * Test images under a temporary folder: a PNG signature followed by a sparse
 * hole up to the wanted size, so a 1 GB file costs no disk and is written
 * in microseconds, yet passes the engine's image check like a real PNG.
 */
import { closeSync, mkdirSync, openSync, writeSync, ftruncateSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

export function writeSparsePng(file: string, size: number): string {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, PNG_HEAD);
    ftruncateSync(fd, Math.max(size, PNG_HEAD.length));
  } finally {
    closeSync(fd);
  }
  return file;
}

/** `count` images of `size` bytes in `root/name`, named in upload order. */
export function writeImageSet(root: string, name: string, count: number, size: number): string[] {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) files.push(writeSparsePng(path.join(dir, `img${String(i).padStart(5, '0')}.png`), size));
  return files;
}

/** A NUL-separated list of paths for `xargs -0 -a`. */
export function writeFileList(file: string, files: readonly string[]): string {
  writeFileSync(file, files.map((f) => `${f}\0`).join(''));
  return file;
}
