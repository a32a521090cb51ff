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
  reject(error: unknown): void;
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
      if (signal?.aborted) return Promise.reject(cancelled());
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          reject,
        };
        const onAbort = () => {
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          if (queue.length === 0 && timer) {
            clearTimeout(timer);
            timer = undefined;
          }
          reject(cancelled());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        if (!timer) pump();
      });
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
  const acquire = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(cancelled());
      if (active < Math.max(1, max)) {
        active++;
        return resolve();
      }
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
    });
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
