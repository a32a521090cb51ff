/**
 * A multipart/form-data body streamed from disk with an exact length known
 * up front, so a 1 GB file is never held in memory and the host gets a
 * Content-Length (some reject chunked uploads). A small body can instead be
 * read whole into one buffer: one write to the socket and three file calls
 * instead of a stream's machinery per file. The file is checked again while
 * it is read: if it changed size since it was measured, the upload fails
 * naming the file instead of sending a body of the wrong length.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { fail, ok, uploadError, type Result } from './errors';

export type MultipartPart =
  | { name: string; value: string }
  | { name: string; file: { path: string; filename: string; contentType: string; size: number } };

export interface MultipartBody {
  readonly contentType: string;
  readonly length: number;
  readonly boundary: string;
  /** The whole body as fresh chunks read from disk; call again to resend (retries, 307). */
  open(): AsyncGenerator<Buffer>;
  /** The whole body in one buffer, for small bodies; rejects with `fileInvalid` like the stream. */
  read(): Promise<Buffer>;
}

/**
 * Read size of a streamed file. Each chunk is a fresh buffer the socket
 * owns until written; at 256 KB their cost (allocation, collection, one
 * write each) held a 1 GB upload to ~60% of curl's speed, at 1 MB it keeps up.
 */
const CHUNK = 1024 * 1024;
const CRLF = Buffer.from('\r\n');

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

const grew = (file: string) => uploadError('fileInvalid', `${path.basename(file)} grew while it was being uploaded; upload it again.`);
const shrank = (file: string) => uploadError('fileInvalid', `${path.basename(file)} became shorter while it was being uploaded; upload it again.`);
const unreadable = (file: string, error: unknown) =>
  uploadError('fileInvalid', `${path.basename(file)} could not be read while it was being uploaded; upload it again.`, { cause: (error as NodeJS.ErrnoException).code });

type FilePart = { readonly path: string; readonly size: number };

async function openPart(file: FilePart): Promise<FileHandle> {
  try {
    return await fs.open(file.path, 'r');
  } catch (error) {
    throw unreadable(file.path, error);
  }
}

async function readPart(handle: FileHandle, file: FilePart, target: Buffer, offset: number, length: number, position: number): Promise<number> {
  try {
    return (await handle.read(target, offset, length, position)).bytesRead;
  } catch (error) {
    throw unreadable(file.path, error);
  }
}

/**
 * Reads the file in chunks of `chunk` bytes (all at once when 0), each where
 * `place` says, and yields what each read filled. Every read asks for up to
 * one byte more than the file should still hold: getting it means the file
 * grew, and a regular file that returns less than asked has ended, so a size
 * change is seen without a further call.
 */
async function* readWhole(file: FilePart, place: (length: number, got: number) => { buffer: Buffer; offset: number }, chunk: number): AsyncGenerator<Buffer> {
  const handle = await openPart(file);
  try {
    let got = 0;
    for (;;) {
      const want = Math.min(chunk || Infinity, file.size + 1 - got);
      const { buffer, offset } = place(want, got);
      const n = await readPart(handle, file, buffer, offset, want, got);
      got += n;
      if (got > file.size) throw grew(file.path);
      if (n > 0) yield buffer.subarray(offset, offset + n);
      if (n === 0 || (n < want && got === file.size)) break;
    }
    if (got !== file.size) throw shrank(file.path);
  } finally {
    // Also when the request ends early (cancel, a host that hung up): the file is closed at once.
    await handle.close();
  }
}

/** The file in fresh chunks, for the stream: each one is the socket's until it is written. */
const streamFile = (file: FilePart) => readWhole(file, (length) => ({ buffer: Buffer.allocUnsafe(length), offset: 0 }), CHUNK);

/** The file straight into the body's buffer at `offset` (which has a spare byte at its end). */
async function readFileInto(file: FilePart, target: Buffer, offset: number): Promise<void> {
  const reads = readWhole(file, (_, got) => ({ buffer: target, offset: offset + got }), 0);
  while (!(await reads.next()).done);
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
      yield CRLF;
    }
    yield tail;
  }
  async function read(): Promise<Buffer> {
    // One spare byte at the end: readFileInto may read one past a file's expected size.
    const body = Buffer.allocUnsafe(length + 1);
    let at = 0;
    for (const [i, part] of parts.entries()) {
      at += heads[i].copy(body, at);
      if ('file' in part) {
        await readFileInto(part.file, body, at);
        at += part.file.size;
      } else {
        at += body.write(part.value, at, 'utf8');
      }
      at += CRLF.copy(body, at);
    }
    tail.copy(body, at);
    return body.subarray(0, length);
  }
  return ok({
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    boundary,
    open: generate,
    read,
  });
}
