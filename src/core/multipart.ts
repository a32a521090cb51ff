/**
 * A multipart/form-data body streamed from disk with an exact length known
 * up front, so a 1 GB file is never held in memory and the host gets a
 * Content-Length (some reject chunked uploads). The file is checked again
 * while streaming: if it changed size since it was measured, the upload
 * fails naming the file instead of sending a body of the wrong length.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { fail, ok, uploadError, type Result } from './errors';

export type MultipartPart =
  | { name: string; value: string }
  | { name: string; file: { path: string; filename: string; contentType: string; size: number } };

export interface MultipartBody {
  readonly contentType: string;
  readonly length: number;
  readonly boundary: string;
  /** A fresh stream of the whole body; call again to resend (retries, 307). */
  open(): Readable;
}

const CHUNK = 256 * 1024;

/** Escapes a field or file name as browsers do (WHATWG multipart/form-data encoding). */
export function escapeName(name: string): string {
  return name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

function partHeader(boundary: string, part: MultipartPart): Buffer {
  const lines = [`--${boundary}`];
  if ('file' in part) {
    lines.push(`Content-Disposition: form-data; name="${escapeName(part.name)}"; filename="${escapeName(part.file.filename)}"`);
    lines.push(`Content-Type: ${part.file.contentType.replace(/[\r\n]/g, '') || 'application/octet-stream'}`);
  } else {
    lines.push(`Content-Disposition: form-data; name="${escapeName(part.name)}"`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
}

async function* streamFile(file: { path: string; size: number }): AsyncGenerator<Buffer> {
  const display = path.basename(file.path);
  let sent = 0;
  // Reading one byte past the expected end is how growth is noticed.
  const stream = createReadStream(file.path, { highWaterMark: CHUNK, end: file.size });
  const chunks = stream[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Buffer>;
    try {
      next = await chunks.next();
    } catch (error) {
      throw uploadError('fileInvalid', `${display} could not be read while it was being uploaded; upload it again.`, { cause: (error as NodeJS.ErrnoException).code });
    }
    if (next.done) break;
    const room = file.size - sent;
    if (next.value.length > room) {
      stream.destroy();
      throw uploadError('fileInvalid', `${display} grew while it was being uploaded; upload it again.`);
    }
    sent += next.value.length;
    yield next.value;
  }
  if (sent !== file.size) throw uploadError('fileInvalid', `${display} became shorter while it was being uploaded; upload it again.`);
}

export async function createMultipartBody(parts: readonly MultipartPart[]): Promise<Result<MultipartBody>> {
  const boundary = `----ImageHostUploader${randomBytes(12).toString('hex')}`;
  const heads = parts.map((p) => partHeader(boundary, p));
  const tail = Buffer.from(`--${boundary}--\r\n`, 'utf8');
  let length = tail.length;
  for (const [i, part] of parts.entries()) {
    length += heads[i].length + 2;
    if (!('file' in part)) {
      length += Buffer.byteLength(part.value, 'utf8');
      continue;
    }
    try {
      const stat = await fs.stat(part.file.path);
      if (stat.size !== part.file.size) {
        return fail(uploadError('fileInvalid', `${path.basename(part.file.path)} changed size since it was checked; upload it again.`));
      }
    } catch {
      return fail(uploadError('fileInvalid', `${path.basename(part.file.path)} no longer exists.`));
    }
    length += part.file.size;
  }
  async function* generate(): AsyncGenerator<Buffer> {
    for (const [i, part] of parts.entries()) {
      yield heads[i];
      if ('file' in part) yield* streamFile(part.file);
      else yield Buffer.from(part.value, 'utf8');
      yield Buffer.from('\r\n');
    }
    yield tail;
  }
  return ok({
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    boundary,
    open: () => Readable.from(generate(), { objectMode: false }),
  });
}
