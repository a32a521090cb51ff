import { appendFileSync, mkdirSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ConfigValues, UploadLinks } from '../engine/types';

/**
 * An append-only record of batches, so no finished link is lost when VS Code
 * or the worker dies mid-batch. Each record is one JSON line, appended
 * synchronously the moment it is known: a killed process loses nothing the
 * OS already has. Secrets are never written: the batch record holds the
 * non-secret settings only, and a resumed batch reads secrets afresh.
 */
export type JournalRecord =
  | { t: 'batch'; batchId: string; hostId: string; config: ConfigValues; files: { id: string; path: string }[]; at: string; pid?: number }
  /** A resumed batch changes hands: this process uploads the rest. */
  | { t: 'owner'; batchId: string; pid: number }
  | { t: 'done'; batchId: string; fileId: string; links: UploadLinks }
  | { t: 'end'; batchId: string };

export interface InterruptedBatch {
  readonly batchId: string;
  readonly hostId: string;
  readonly config: ConfigValues;
  readonly startedAt: string;
  readonly files: { id: string; path: string }[];
  /** Links that had landed, by file id. */
  readonly finished: Map<string, UploadLinks>;
  /** Files still to upload, in their original order. */
  readonly remaining: { id: string; path: string }[];
  /** The process (extension host) that last ran it, when known. */
  readonly ownerPid?: number;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a batch is still running in another window's extension host (they
 * share the journal): such a batch is not interrupted, and must be neither
 * offered for Resume nor compacted away under the other window's feet.
 */
export function runningElsewhere(batch: InterruptedBatch, selfPid = process.pid, alive: (pid: number) => boolean = processAlive): boolean {
  return batch.ownerPid !== undefined && batch.ownerPid !== selfPid && alive(batch.ownerPid);
}

/** The finished files of an interrupted batch, in the batch's order, with their links. */
export function finishedFiles(batch: InterruptedBatch): { path: string; links: UploadLinks }[] {
  return batch.files.flatMap((f) => {
    const links = batch.finished.get(f.id);
    return links ? [{ path: f.path, links }] : [];
  });
}

export interface JournalReadResult {
  readonly interrupted: InterruptedBatch[];
  /** Lines that could not be read (corrupt or cut off); skipped, never fatal. */
  readonly skippedLines: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFileList = (v: unknown) => Array.isArray(v) && v.every((f) => isObject(f) && typeof f.id === 'string' && typeof f.path === 'string');

/**
 * One line back into a record, or undefined when it is not one: cut off by a
 * crash, corrupted, or of a shape this version does not know. Every field a
 * reader dereferences is checked, so a bad line can only be skipped.
 */
function parseLine(line: string): JournalRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(value) || typeof value.batchId !== 'string') return undefined;
  switch (value.t) {
    case 'batch':
      return typeof value.hostId === 'string' && isObject(value.config) && isFileList(value.files) ? (value as JournalRecord) : undefined;
    case 'done':
      return typeof value.fileId === 'string' && isObject(value.links) && typeof value.links.imageUrl === 'string' ? (value as JournalRecord) : undefined;
    case 'owner':
      return typeof value.pid === 'number' ? (value as JournalRecord) : undefined;
    case 'end':
      return value as JournalRecord;
    default:
      return undefined;
  }
}

export class Journal {
  private dirReady = false;

  constructor(private readonly file: string) {}

  append(record: JournalRecord): void {
    if (!this.dirReady) {
      mkdirSync(path.dirname(this.file), { recursive: true });
      this.dirReady = true;
    }
    appendFileSync(this.file, `${JSON.stringify(record)}\n`, { encoding: 'utf8', mode: 0o600 });
  }

  async ensureDir(): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
  }

  async read(): Promise<JournalReadResult> {
    let text = '';
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return { interrupted: [], skippedLines: 0 };
    }
    const batches = new Map<string, { record: Extract<JournalRecord, { t: 'batch' }>; finished: Map<string, UploadLinks>; ownerPid?: number }>();
    let skippedLines = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const record = parseLine(line);
      if (!record) {
        skippedLines++;
        continue;
      }
      if (record.t === 'batch') batches.set(record.batchId, { record, finished: new Map(), ownerPid: record.pid });
      else if (record.t === 'owner') {
        const batch = batches.get(record.batchId);
        if (batch) batch.ownerPid = record.pid;
      } else if (record.t === 'done') batches.get(record.batchId)?.finished.set(record.fileId, record.links);
      else batches.delete(record.batchId);
    }
    const interrupted = [...batches.values()].map(({ record, finished, ownerPid }) => ({
      batchId: record.batchId,
      hostId: record.hostId,
      config: record.config,
      startedAt: record.at,
      files: record.files,
      finished,
      remaining: record.files.filter((f) => !finished.has(f.id)),
      ...(ownerPid !== undefined ? { ownerPid } : {}),
    }));
    return { interrupted, skippedLines };
  }

  /** Rewrites the journal keeping only unfinished batches, so it does not grow forever. */
  async compact(): Promise<void> {
    const { interrupted } = await this.read();
    const lines = interrupted.flatMap((b) => [
      JSON.stringify({ t: 'batch', batchId: b.batchId, hostId: b.hostId, config: b.config, files: b.files, at: b.startedAt, ...(b.ownerPid !== undefined ? { pid: b.ownerPid } : {}) }),
      ...[...b.finished].map(([fileId, links]) => JSON.stringify({ t: 'done', batchId: b.batchId, fileId, links })),
    ]);
    const temp = `${this.file}.tmp`;
    await fs.writeFile(temp, lines.length ? `${lines.join('\n')}\n` : '', { mode: 0o600 });
    await fs.rename(temp, this.file);
  }
}
