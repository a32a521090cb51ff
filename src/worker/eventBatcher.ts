import type { BatchEvent } from '../core/engine/types';

/**
 * Gathers the worker's events for a few milliseconds into one message. A
 * batch of small files emits a few events per file, thousands a second;
 * posted one by one, each would cost the worker a structured clone and wake
 * the extension host's event loop on its own. Order is kept, and `flush`
 * sends what is gathered at once (a request's answer must not overtake the
 * events before it).
 */
export class EventBatcher {
  private gathered: BatchEvent[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (events: BatchEvent[]) => void,
    private readonly windowMs = 10,
  ) {}

  push(event: BatchEvent): void {
    this.gathered.push(event);
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.gathered.length === 0) return;
    const events = this.gathered;
    this.gathered = [];
    this.send(events);
  }
}
