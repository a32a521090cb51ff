import type { BatchEvent } from '../core/engine/types';

type ProgressEvent = Extract<BatchEvent, { type: 'fileProgress' }>;

/**
 * Coalesces byte-level progress so at most one message per file per
 * interval crosses to the extension host; every other event passes at once,
 * after the pending progress of its file, so order stays meaningful.
 */
export class ProgressThrottle {
  private readonly pending = new Map<string, ProgressEvent>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly forward: (event: BatchEvent) => void,
    private readonly intervalMs = 100,
  ) {}

  push(event: BatchEvent): void {
    if (event.type !== 'fileProgress') {
      if (event.type === 'fileDone') this.flushFile(event.batchId, event.outcome.fileId);
      this.forward(event);
      return;
    }
    this.pending.set(`${event.batchId}\0${event.fileId}`, event);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const events = [...this.pending.values()];
    this.pending.clear();
    for (const event of events) this.forward(event);
  }

  private flushFile(batchId: string, fileId: string): void {
    const key = `${batchId}\0${fileId}`;
    const event = this.pending.get(key);
    if (!event) return;
    this.pending.delete(key);
    this.forward(event);
  }
}
