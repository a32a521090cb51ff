import type { BatchEvent } from '../core/engine/types';

type ProgressEvent = Extract<BatchEvent, { type: 'fileProgress' }>;

/**
 * Coalesces byte-level progress so at most one message per file per
 * interval crosses to the extension host; every other event passes at once,
 * after the pending progress of its file, so order stays meaningful.
 *
 * A file's progress is first forwarded once it has been uploading for an
 * interval: a file that finishes sooner is told by its result alone (which
 * counts all its bytes), so a batch of thousands of small files sends its
 * results, not a progress message for each. For the same reason a pending
 * "all bytes sent" is dropped when the result arrives.
 */
export class ProgressThrottle {
  private readonly pending = new Map<string, ProgressEvent>();
  /** When each file in flight first reported progress. */
  private readonly since = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly forward: (event: BatchEvent) => void,
    private readonly intervalMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(event: BatchEvent): void {
    if (event.type !== 'fileProgress') {
      if (event.type === 'fileDone') this.settleFile(`${event.batchId}\0${event.outcome.fileId}`);
      this.forward(event);
      return;
    }
    const key = `${event.batchId}\0${event.fileId}`;
    if (!this.since.has(key)) this.since.set(key, this.now());
    this.pending.set(key, event);
    this.timer ??= setTimeout(() => this.flushDue(), this.intervalMs);
  }

  /** Forwards everything pending now, however young. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const events = [...this.pending.values()];
    this.pending.clear();
    for (const event of events) this.forward(event);
  }

  private flushDue(): void {
    this.timer = undefined;
    // Timers may fire a fraction of a millisecond early by this clock.
    const due = this.now() - this.intervalMs + 1;
    for (const [key, event] of this.pending) {
      if (this.since.get(key)! > due) continue;
      this.pending.delete(key);
      this.forward(event);
    }
    if (this.pending.size > 0) this.timer = setTimeout(() => this.flushDue(), this.intervalMs);
  }

  private settleFile(key: string): void {
    this.since.delete(key);
    const event = this.pending.get(key);
    if (!event) return;
    this.pending.delete(key);
    if (event.sentBytes < event.totalBytes) this.forward(event);
  }
}
