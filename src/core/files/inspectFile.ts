import { realpathSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { fail, ok, uploadError, type Result } from '../errors';
import type { Limits } from '../plugin/types';
import { sniffImageType } from './sniffImageType';

export interface FileInfo {
  /** Normalised absolute path of the regular file (symlinks resolved). */
  readonly path: string;
  readonly name: string;
  readonly stem: string;
  readonly ext: string;
  readonly size: number;
  readonly mime: string;
}

const MIB = 1024 * 1024;
const formatSize = (bytes: number) => (bytes >= MIB ? `${(bytes / MIB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/**
 * Checks a file before anything is sent: it must exist as a regular file
 * (a symlink only if it leads to one), be non-empty, be a real image whose
 * type the host accepts, and fit the host's size limit. Each failure is a
 * `fileInvalid` error that names the file and the reason.
 *
 * Blocking calls, on purpose: this runs in the upload worker (or the CLI),
 * once per file just before its upload, where five small system calls take
 * microseconds, while five trips through libuv's thread pool cost the worker
 * ~100 µs of its own time per file, the largest part of a small upload's
 * overhead.
 */
export function inspectFile(filePath: string, limits: Limits = {}): Result<FileInfo> {
  const display = path.basename(filePath);
  const invalid = (message: string, cause?: string) => fail(uploadError('fileInvalid', message, cause ? { cause } : {}));
  let real: string;
  let stat: Stats;
  try {
    real = realpathSync.native(path.resolve(filePath));
    stat = statSync(real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return invalid(`${display} no longer exists.`, filePath);
    if (code === 'EACCES' || code === 'EPERM') return invalid(`${display} cannot be read (permission denied).`, filePath);
    return invalid(`${display} cannot be read.`, code ?? String(error));
  }
  if (!stat.isFile()) return invalid(`${display} is not a regular file.`, filePath);
  if (stat.size === 0) return invalid(`${display} is empty (0 bytes).`);
  if (limits.maxFileSize !== undefined && stat.size > limits.maxFileSize) {
    // Just over the limit rounds to the same figure: then the exact bytes say why.
    const [size, limit] = [formatSize(stat.size), formatSize(limits.maxFileSize)];
    const [shown, shownLimit] = size === limit ? [`${stat.size.toLocaleString('en-US')} bytes`, `${limits.maxFileSize.toLocaleString('en-US')} bytes`] : [size, limit];
    return invalid(`${display} is ${shown}, over the host's limit of ${shownLimit}.`);
  }
  const ext = path.extname(real).slice(1).toLowerCase();
  if (limits.extensions && !limits.extensions.includes(ext)) {
    return invalid(`${display}: the host does not accept .${ext} files (it accepts ${limits.extensions.map((e) => `.${e}`).join(', ')}).`);
  }
  let sniffed;
  try {
    sniffed = sniffImageType(real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return invalid(`${display} cannot be read${code === 'EACCES' ? ' (permission denied)' : ''}.`, code);
  }
  if (!sniffed) return invalid(`${display} is not an image (its contents do not match any image format).`);
  const name = path.basename(filePath);
  return ok({ path: real, name, stem: name.slice(0, name.length - path.extname(name).length), ext, size: stat.size, mime: sniffed });
}
