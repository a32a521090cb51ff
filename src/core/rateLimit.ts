/**
 * Politeness per host: a token bucket for requests per second (with a
 * burst), and a gate for how many uploads run at once. Both are FIFO and
 * abortable, and hold no timer while nobody waits, so shutdown is clean.
 */
import { fail, ok, uploadError, type Result } from './errors';

export interface RateLimiter {
  /** Resolves when a request may go; throws a `cancelled` UploadError if the signal aborts first. */
  take(signal?: AbortSignal): Promise<void>;
}

export interface ConcurrencyLimiter {
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<Result<T>>;
}

const cancelled = () => uploadError('cancelled', 'Cancelled while waiting for its turn.');

interface Waiter {
  resolve(): void;
}

/**
 * Joins a FIFO queue; resolves when the owner calls resolve(), rejects with
 * `cancelled` (leaving the queue) if the signal aborts first.
 */
function enqueue(queue: Waiter[], signal: AbortSignal | undefined, onLeave: () => void = () => undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelled());
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      const i = queue.indexOf(waiter);
      if (i >= 0) queue.splice(i, 1);
      onLeave();
      reject(cancelled());
    };
    const waiter: Waiter = {
      resolve: () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    queue.push(waiter);
  });
}

export function createRateLimiter(options: { requestsPerSecond: number; burst: number }, now: () => number = Date.now): RateLimiter {
  const rate = Math.max(0.001, options.requestsPerSecond) / 1000;
  const capacity = Math.max(1, options.burst);
  let tokens = capacity;
  let updated = now();
  const queue: Waiter[] = [];
  let timer: NodeJS.Timeout | undefined;

  const refill = () => {
    const t = now();
    tokens = Math.min(capacity, tokens + (t - updated) * rate);
    updated = t;
  };
  const pump = () => {
    timer = undefined;
    refill();
    while (queue.length > 0 && tokens >= 1) {
      tokens -= 1;
      queue.shift()!.resolve();
    }
    if (queue.length > 0) timer = setTimeout(pump, Math.ceil((1 - tokens) / rate));
  };

  return {
    take(signal) {
      const turn = enqueue(queue, signal, () => {
        // Nobody left waiting: no timer may keep the process alive.
        if (queue.length === 0 && timer) {
          clearTimeout(timer);
          timer = undefined;
        }
      });
      if (!timer && queue.length > 0) pump();
      return turn;
    },
  };
}

export function createConcurrencyLimiter(max: number): ConcurrencyLimiter {
  let active = 0;
  const queue: Waiter[] = [];
  const release = () => {
    active--;
    const next = queue.shift();
    if (next) {
      active++;
      next.resolve();
    }
  };
  const acquire = (signal?: AbortSignal) => {
    if (!signal?.aborted && active < Math.max(1, max)) {
      active++;
      return Promise.resolve();
    }
    return enqueue(queue, signal);
  };
  return {
    async run(fn, signal) {
      try {
        await acquire(signal);
      } catch (error) {
        return fail(error as ReturnType<typeof cancelled>);
      }
      try {
        return ok(await fn());
      } finally {
        release();
      }
    },
  };
}
