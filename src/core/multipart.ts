/**
 * A multipart/form-data body with an exact length known up front, so the
 * host gets a Content-Length (some reject chunked uploads). A large body
 * streams from disk and a 1 GB file is never held in memory; a small one is
 * read whole when it is built and goes out in one write. The file is checked
 * again while it is read: if it changed size since it was measured, the
 * upload fails naming the file instead of sending a body of the wrong length.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, promises as fs, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { fail, ok, uploadError, type Result, type UploadError } from './errors';

export type MultipartPart =
  | { name: string; value: string }
  | { name: string; file: { path: string; filename: string; contentType: string; size: number } };

export interface MultipartBody {
  readonly contentType: string;
  readonly length: number;
  readonly boundary: string;
  /** A small body, whole, as read when it was built; sent as it is, also when resent. */
  readonly bytes?: Buffer;
  /**
   * The whole body as chunks read from disk; call again to resend (retries,
   * 307). A chunk stays valid until two more have been taken: write it out,
   * do not keep it.
   */
  open(): AsyncGenerator<Buffer>;
}

/** Bodies up to this size are read when built and kept in memory; larger ones stream. */
export const IN_MEMORY_MAX = 1024 * 1024;

/**
 * Read size of a streamed file: at 256 KB the cost per chunk (a read, a
 * write, the promises between) held a 1 GB upload to ~60% of curl's speed;
 * at 1 MB it keeps up.
 */
const CHUNK = 1024 * 1024;
/** Buffers a streamed file's reads take turns in (see streamFile). */
const RING = 3;
/** A chunk shorter than this may pass a socket's high-water mark unheld, so its buffer is not reused. */
const REUSABLE = 64 * 1024;
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

type FilePart = { readonly path: string; readonly size: number };
/** One read of a streamed file: `n` bytes of `buffer`, of `want` asked for. */
type Chunk = { readonly buffer: Buffer; readonly n: number; readonly want: number };

const grew = (file: FilePart) => uploadError('fileInvalid', `${path.basename(file.path)} grew while it was being uploaded; upload it again.`);
const shrank = (file: FilePart) => uploadError('fileInvalid', `${path.basename(file.path)} became shorter while it was being uploaded; upload it again.`);
function unreadable(file: FilePart, error: unknown): UploadError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return uploadError('fileInvalid', `${path.basename(file.path)} no longer exists.`);
  return uploadError('fileInvalid', `${path.basename(file.path)} could not be read while it was being uploaded; upload it again.`, { cause: code });
}

/**
 * Follows the reads of one file against the size it should have. Each read
 * asks for up to one byte more than should be left: getting it means the
 * file grew, and a regular file that returns less than asked has ended, so
 * a size change is seen without a further call.
 */
class SizeGuard {
  got = 0;
  constructor(private readonly file: FilePart) {}

  /** How much the next read should ask for, at most `chunk`. */
  want(chunk: number): number {
    return Math.min(chunk, this.file.size + 1 - this.got);
  }

  /** Counts a read of `n` bytes that asked for `want`; true once the file has ended. */
  took(n: number, want: number): boolean {
    this.got += n;
    if (this.got > this.file.size) throw grew(this.file);
    const ended = n === 0 || (n < want && this.got === this.file.size);
    if (ended && this.got !== this.file.size) throw shrank(this.file);
    return ended;
  }
}

async function openPart(file: FilePart): Promise<FileHandle> {
  try {
    return await fs.open(file.path, 'r');
  } catch (error) {
    throw unreadable(file, error);
  }
}

/**
 * The file in chunks, for the stream, each read while the one before goes
 * out. The chunks are read into three buffers in turn rather than fresh
 * ones: a 1 GB upload through fresh 1 MB buffers left up to ~40 MB of dead
 * ones for the collector and cost ~10% of the throughput. A buffer is read
 * into again when the chunk after the next has been asked for, and by then
 * the socket is done with it: a write larger than the socket's high-water
 * mark is always held back, and undici asks for a chunk only after the
 * socket drained the one before (test/unit/core/http/upload.test.ts checks
 * every byte through a host that reads slowly).
 */
async function* streamFile(file: FilePart): AsyncGenerator<Buffer> {
  const handle = await openPart(file);
  const guard = new SizeGuard(file);
  const ring: (Buffer | undefined)[] = [];
  /** Starts reading the next chunk into its turn's buffer. */
  const read = (turn: number): Promise<Chunk> => {
    const want = guard.want(CHUNK);
    const kept = ring[turn % RING];
    // The last reads ask for less (down to the one byte that proves the end): no need for a whole chunk.
    const buffer = kept && kept.length >= want ? kept : Buffer.allocUnsafe(want);
    const reading = handle.read(buffer, 0, want, guard.got).then(
      ({ bytesRead: n }) => {
        ring[turn % RING] = n >= REUSABLE ? buffer : undefined;
        return { buffer, n, want };
      },
      (error: unknown) => {
        throw unreadable(file, error);
      },
    );
    // Handled when awaited; until then a failed read must not count as an unhandled rejection.
    reading.catch(() => undefined);
    return reading;
  };
  let reading: Promise<Chunk> | undefined = read(0);
  try {
    for (let turn = 1; reading; turn++) {
      const { buffer, n, want }: Chunk = await reading;
      // Read the next chunk while this one goes out: its buffer was drained two chunks ago.
      reading = guard.took(n, want) ? undefined : read(turn);
      if (n > 0) yield buffer.subarray(0, n);
    }
  } finally {
    // Also when the request ends early (cancel, a host that hung up): the file is closed at once,
    // once a read still under way has settled.
    await reading?.catch(() => undefined);
    await handle.close();
  }
}

/**
 * Reads a small file into `target` at `offset` (which has a spare byte after
 * the file, for the guard's extra byte). Blocking calls, on purpose: this
 * runs in the upload worker, where open, read and close of a file up to
 * 1 MB take microseconds from the page cache, while three trips through
 * libuv's thread pool cost 60–250 µs each on a busy machine, which made a
 * small upload twice as slow as a bare request.
 */
function readSmallFile(file: FilePart, target: Buffer, offset: number): void {
  let fd: number;
  try {
    fd = openSync(file.path, 'r');
  } catch (error) {
    throw unreadable(file, error);
  }
  try {
    const guard = new SizeGuard(file);
    for (;;) {
      const want = guard.want(Infinity);
      let n: number;
      try {
        n = readSync(fd, target, offset + guard.got, want, guard.got);
      } catch (error) {
        throw unreadable(file, error);
      }
      if (guard.took(n, want)) break;
    }
  } finally {
    closeSync(fd);
  }
}

async function checkSize(file: FilePart): Promise<void> {
  let size: number;
  try {
    size = (await fs.stat(file.path)).size;
  } catch {
    throw uploadError('fileInvalid', `${path.basename(file.path)} no longer exists.`);
  }
  if (size !== file.size) throw uploadError('fileInvalid', `${path.basename(file.path)} changed size since it was checked; upload it again.`);
}

export async function createMultipartBody(parts: readonly MultipartPart[]): Promise<Result<MultipartBody>> {
  const boundary = `----ImageHostUploader${randomBytes(12).toString('hex')}`;
  const heads = parts.map((p) => partHeader(boundary, p));
  const tail = Buffer.from(`--${boundary}--\r\n`, 'utf8');
  const length = parts.reduce((sum, part, i) => sum + heads[i].length + ('file' in part ? part.file.size : Buffer.byteLength(part.value, 'utf8')) + CRLF.length, tail.length);
  async function* generate(): AsyncGenerator<Buffer> {
    for (const [i, part] of parts.entries()) {
      yield heads[i];
      if ('file' in part) yield* streamFile(part.file);
      else yield Buffer.from(part.value, 'utf8');
      yield CRLF;
    }
    yield tail;
  }
  function readWhole(): Buffer {
    // One spare byte at the end, for the size guard's extra byte of the last file.
    const bytes = Buffer.allocUnsafe(length + 1);
    let at = 0;
    for (const [i, part] of parts.entries()) {
      at += heads[i].copy(bytes, at);
      if ('file' in part) {
        readSmallFile(part.file, bytes, at);
        at += part.file.size;
      } else {
        at += bytes.write(part.value, at, 'utf8');
      }
      at += CRLF.copy(bytes, at);
    }
    tail.copy(bytes, at);
    return bytes.subarray(0, length);
  }
  const body: MultipartBody = { contentType: `multipart/form-data; boundary=${boundary}`, length, boundary, open: generate };
  try {
    // Reading a small body is its size check; a large one is measured now and checked again as it streams.
    if (length <= IN_MEMORY_MAX) return ok({ ...body, bytes: readWhole() });
    for (const part of parts) if ('file' in part) await checkSize(part.file);
    return ok(body);
  } catch (error) {
    return fail(error as UploadError);
  }
}
