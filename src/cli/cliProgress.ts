import * as path from 'node:path';
import { describeError } from '../core/errors';
import type { BatchEvent } from '../core/engine/types';

/**
 * Progress on stderr: one redrawn bar on a terminal, plain lines otherwise
 * (so logs of scripted runs stay readable).
 */
export class CliProgress {
  private done = 0;
  private failed = 0;
  private sent = new Map<string, number>();
  private lastDraw = 0;

  constructor(
    private readonly total: number,
    private readonly totalBytes: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  handle(event: BatchEvent): void {
    switch (event.type) {
      case 'fileProgress':
        this.sent.set(event.fileId, event.sentBytes);
        this.draw(false);
        return;
      case 'fileDone': {
        const { outcome } = event;
        const name = path.basename(outcome.path);
        if (outcome.links) this.done++;
        else this.failed++;
        this.clearLine();
        const status = outcome.links ? `ok      ${name}` : `FAILED  ${name}: ${describeError(outcome.error!)}`;
        this.out.write(`[${this.done + this.failed}/${this.total}] ${status}\n`);
        this.draw(true);
        return;
      }
      case 'log':
        if (event.level === 'warn' || event.level === 'error') {
          this.clearLine();
          this.out.write(`${event.level}: ${event.message}\n`);
          this.draw(true);
        }
        return;
      case 'fileStarted':
        return;
    }
  }

  finish(): void {
    this.clearLine();
  }

  private clearLine(): void {
    if (this.out.isTTY) this.out.write('\r\x1b[2K');
  }

  private draw(force: boolean): void {
    if (!this.out.isTTY) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const bytes = [...this.sent.values()].reduce((a, b) => a + b, 0);
    const ratio = this.totalBytes > 0 ? Math.min(1, bytes / this.totalBytes) : 0;
    const width = 30;
    const filled = Math.round(ratio * width);
    this.out.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(ratio * 100)}%  ${this.done + this.failed}/${this.total} files`);
  }
}
