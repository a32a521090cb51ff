/**
 * When to try a request again: network errors, timeouts, 5xx, 408 and 429
 * (honouring Retry-After), with capped exponential backoff and full jitter.
 * Wrong credentials, rejected files and TLS failures are never retried.
 */
import { fail, toUploadError, uploadError, type Result, type UploadError } from './errors';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is capped (a host asking for an hour is not waited on). */
  maxRetryAfterMs: number;
  random?: () => number;
  /** Waits between attempts; must settle early when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  419: 'Page Expired',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const RETRYABLE_STATUS = new Set([408, 500, 502, 503, 504]);

function headerValue(headers: Record<string, string | string[]>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Seconds from a Retry-After header: a number of seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

export function classifyStatus(status: number, headers: Record<string, string | string[]>): UploadError | undefined {
  if (status < 400) return undefined;
  const text = STATUS_TEXT[status] ? ` (${STATUS_TEXT[status]})` : '';
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(headerValue(headers, 'retry-after'));
    return uploadError('rateLimited', `The host answered HTTP 429${text}: too many requests.`, {
      status,
      retryable: true,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });
  }
  // 503 may carry Retry-After too (RFC 9110): a host in maintenance says when to come back.
  const retryAfterSeconds = status === 503 ? parseRetryAfter(headerValue(headers, 'retry-after')) : undefined;
  return uploadError('httpStatus', `The host answered HTTP ${status}${text}.`, {
    status,
    retryable: RETRYABLE_STATUS.has(status),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function retryDelay(attempt: number, error: UploadError, policy: RetryPolicy): number {
  if (error.retryAfterSeconds !== undefined) return Math.min(error.retryAfterSeconds * 1000, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round((policy.random ?? Math.random)() * ceiling);
}

export async function withRetry<T>(
  attemptFn: (attempt: number) => Promise<Result<T>>,
  policy: RetryPolicy,
  options: { signal?: AbortSignal; onRetry?: (attempt: number, error: UploadError, delayMs: number) => void } = {},
): Promise<Result<T>> {
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    let result: Result<T>;
    try {
      result = await attemptFn(attempt);
    } catch (thrown) {
      result = fail(toUploadError(thrown));
    }
    if (result.ok) return result;
    const error = result.error;
    if (options.signal?.aborted && error.kind !== 'cancelled') return fail(uploadError('cancelled', 'Cancelled.'));
    if (!error.retryable || attempt >= policy.maxAttempts) return result;
    const delay = retryDelay(attempt, error, policy);
    options.onRetry?.(attempt, error, delay);
    await sleep(delay, options.signal);
    if (options.signal?.aborted) return fail(uploadError('cancelled', 'Cancelled while waiting to retry.'));
  }
}
