import { strict as assert } from 'node:assert';
import { fail, ok, uploadError, type UploadError } from '../../../src/core/errors';
import { classifyStatus, parseRetryAfter, retryDelay, withRetry, type RetryPolicy } from '../../../src/core/retry';

const policy = (slept: number[]): RetryPolicy => ({
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  random: () => 1,
  sleep: async (ms) => {
    slept.push(ms);
    return true;
  },
});

describe('retry policy', () => {
  it('classifies statuses: 429 with Retry-After, retryable 5xx and 408, final 4xx', () => {
    assert.deepEqual(classifyStatus(429, { 'retry-after': '7' }), { kind: 'rateLimited', message: 'The host answered HTTP 429 (Too Many Requests): too many requests.', status: 429, retryable: true, retryAfterSeconds: 7 });
    for (const status of [408, 500, 502, 503, 504]) assert.equal(classifyStatus(status, {})?.retryable, true, String(status));
    for (const status of [400, 401, 403, 404, 413]) assert.equal(classifyStatus(status, {})?.retryable, false, String(status));
    assert.equal(classifyStatus(302, {}), undefined);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('120'), 120);
    assert.equal(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1)), 30);
    assert.equal(parseRetryAfter('soon'), undefined);
  });

  it('backs off exponentially up to the cap, and honours Retry-After up to its own cap', () => {
    const p = policy([]);
    const net = uploadError('network', 'x');
    assert.deepEqual([1, 2, 3, 10].map((a) => retryDelay(a, net, p)), [1000, 2000, 4000, 30_000]);
    assert.equal(retryDelay(1, { ...net, retryAfterSeconds: 5 }, p), 5000);
    assert.equal(retryDelay(1, { ...net, retryAfterSeconds: 3600 }, p), 120_000);
  });

  it('retries what may pass, reports each retry, and gives up after the last attempt', async () => {
    const slept: number[] = [];
    const reasons: string[] = [];
    let calls = 0;
    const result = await withRetry(async () => (++calls, fail(uploadError('timeout', `try ${calls}`))), policy(slept), { onRetry: (a, e) => reasons.push(`${a}:${e.message}`) });
    assert.ok(!result.ok && result.error.message === 'try 4');
    assert.equal(calls, 4);
    assert.deepEqual(reasons, ['1:try 1', '2:try 2', '3:try 3']);
    assert.deepEqual(slept, [1000, 2000, 4000]);
  });

  it('never retries wrong credentials, rejected files, TLS or invalid files', async () => {
    for (const kind of ['loginFailed', 'rejectedByHost', 'tls', 'fileInvalid', 'configInvalid'] as UploadError['kind'][]) {
      let calls = 0;
      await withRetry(async () => (++calls, fail(uploadError(kind, 'no'))), policy([]));
      assert.equal(calls, 1, kind);
    }
  });

  it('stops waiting when cancelled, and turns a thrown error into a result', async () => {
    const controller = new AbortController();
    controller.abort();
    const cancelled = await withRetry(async () => fail(uploadError('network', 'x')), { ...policy([]), sleep: undefined, baseDelayMs: 10_000 }, { signal: controller.signal });
    assert.ok(!cancelled.ok && cancelled.error.kind === 'cancelled');
    const thrown = await withRetry(async () => {
      throw new Error('boom');
    }, policy([]));
    assert.ok(!thrown.ok && thrown.error.kind === 'internal' && thrown.error.message === 'boom');
    assert.deepEqual(await withRetry(async () => ok(3), policy([])), { ok: true, value: 3 });
  });
});
