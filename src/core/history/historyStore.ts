import type { UploadLinks } from '../engine/types';
import { readJsonFile, writeJsonFile } from '../files/jsonFile';

export interface HistoryFile {
  readonly name: string;
  readonly path: string;
  readonly links: UploadLinks;
}

export interface HistoryBatch {
  readonly id: string;
  readonly hostId: string;
  readonly hostName: string;
  /** ISO time the batch finished. */
  readonly finishedAt: string;
  readonly files: HistoryFile[];
}

/**
 * Past batches and their links, newest first, in one JSON file in the
 * extension's global storage. Capped so it never grows without bound;
 * written atomically (temp file + rename) so a crash never leaves half a file.
 */
export class HistoryStore {
  private batches: HistoryBatch[] | undefined;

  constructor(
    private readonly file: string,
    private readonly maxBatches: () => number,
  ) {}

  async list(): Promise<readonly HistoryBatch[]> {
    if (!this.batches) this.batches = await this.read();
    return this.batches;
  }

  async add(batch: HistoryBatch): Promise<void> {
    if (batch.files.length === 0) return;
    const current = await this.list();
    this.batches = [batch, ...current.filter((b) => b.id !== batch.id)].slice(0, Math.max(1, this.maxBatches()));
    await this.write();
  }

  async removeBatch(id: string): Promise<void> {
    this.batches = (await this.list()).filter((b) => b.id !== id);
    await this.write();
  }

  async removeFile(batchId: string, filePath: string): Promise<void> {
    this.batches = (await this.list())
      .map((b) => (b.id === batchId ? { ...b, files: b.files.filter((f) => f.path !== filePath) } : b))
      .filter((b) => b.files.length > 0);
    await this.write();
  }

  async clear(): Promise<void> {
    this.batches = [];
    await this.write();
  }

  /** Finds the upload a link belongs to (for converting links between formats). */
  async findByUrl(url: string): Promise<HistoryFile | undefined> {
    for (const batch of await this.list()) {
      const hit = batch.files.find((f) => Object.values(f.links).includes(url));
      if (hit) return hit;
    }
    return undefined;
  }

  private async read(): Promise<HistoryBatch[]> {
    // A missing or unreadable history starts empty rather than breaking uploads.
    const parsed = (await readJsonFile(this.file)) as { batches?: unknown } | undefined;
    return Array.isArray(parsed?.batches) ? (parsed.batches as HistoryBatch[]).filter((b) => b && Array.isArray(b.files)) : [];
  }

  private async write(): Promise<void> {
    await writeJsonFile(this.file, { version: 1, batches: this.batches ?? [] });
  }
}
