import type { BatchEvent } from '../core/engine/types';

/**
 * Gathers the events of one turn of the worker's event loop into one
 * message. A batch of small files emits a few events per file, hundreds a
 * second; posted one by one, each would wake the extension host's event loop
 * on its own. Order is kept, and `flush` sends what is gathered at once (a
 * request's answer must not overtake the events before it).
 */
export class EventBatcher {
  private gathered: BatchEvent[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly send: (events: BatchEvent[]) => void) {}

  push(event: BatchEvent): void {
    this.gathered.push(event);
    this.scheduled ??= setImmediate(() => this.flush());
  }

  flush(): void {
    clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.gathered.length === 0) return;
    const events = this.gathered;
    this.gathered = [];
    this.send(events);
  }
}
