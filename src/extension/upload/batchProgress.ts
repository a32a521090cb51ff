
const MB = 1024 * 1024;
const formatBytes = (bytes: number) => (bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${Math.round(bytes)} B`);

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '…';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
}

/**
 * Tracks a batch's bytes and files and renders them for the progress
 * notification and the status bar: files done/total, bytes, speed, ETA.
 */
export class BatchProgress {
  private readonly sentByFile = new Map<string, number>();
  private finished = 0;
  private failed = 0;
  private readonly startedAt = Date.now();

  constructor(
    readonly totalFiles: number,
    readonly totalBytes: number,
  ) {}

  fileProgress(fileId: string, sent: number): void {
    this.sentByFile.set(fileId, sent);
  }

  fileDone(fileId: string, size: number, ok: boolean): void {
    this.sentByFile.set(fileId, size);
    if (ok) this.finished++;
    else this.failed++;
  }

  get doneFiles(): number {
    return this.finished + this.failed;
  }

  get sentBytes(): number {
    let sum = 0;
    for (const v of this.sentByFile.values()) sum += v;
    return Math.min(sum, this.totalBytes);
  }

  /** Fraction 0..1 of the batch, by bytes (files of very different sizes). */
  get fraction(): number {
    return this.totalBytes > 0 ? this.sentBytes / this.totalBytes : this.doneFiles / Math.max(1, this.totalFiles);
  }

  describe(): string {
    const elapsed = (Date.now() - this.startedAt) / 1000;
    const speed = elapsed > 0.5 ? this.sentBytes / elapsed : 0;
    const eta = speed > 0 ? (this.totalBytes - this.sentBytes) / speed : Number.NaN;
    const parts = [`${this.doneFiles}/${this.totalFiles} files`, `${formatBytes(this.sentBytes)} of ${formatBytes(this.totalBytes)}`];
    if (speed > 0) parts.push(`${formatBytes(speed)}/s`, `ETA ${formatDuration(eta)}`);
    if (this.failed > 0) parts.push(`${this.failed} failed`);
    return parts.join(' · ');
  }
}
