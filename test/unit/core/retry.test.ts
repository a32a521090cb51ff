import { strict as assert } from 'node:assert';
import { fail, ok, uploadError, type Result } from '../../../src/core/errors';
import { classifyStatus, DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from '../../../src/core/retry';

/** A policy whose sleeps are recorded, not waited, so backoff is checked without slowing the suite. */
function recordingPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { slept: number[] } {
  const slept: number[] = [];
  return { ...DEFAULT_RETRY_POLICY, random: () => 1, sleep: async (ms) => void slept.push(ms), slept, ...overrides };
}

describe('retry', () => {
  describe('classifyStatus', () => {
    it('leaves successes and redirects alone', () => {
      assert.equal(classifyStatus(200, {}), undefined);
      assert.equal(classifyStatus(302, {}), undefined);
    });

    it('makes 429 a retryable rateLimited error with Retry-After in seconds or as a date', () => {
      const seconds = classifyStatus(429, { 'retry-after': '7' });
      assert.equal(seconds?.kind, 'rateLimited');
      assert.equal(seconds?.retryable, true);
      assert.equal(seconds?.retryAfterSeconds, 7);
      const date = classifyStatus(429, { 'retry-after': new Date(Date.now() + 10_000).toUTCString() });
      assert.ok(date?.retryAfterSeconds !== undefined && date.retryAfterSeconds >= 8 && date.retryAfterSeconds <= 11);
    });

    it('retries 408 and 5xx gateway errors but not other client errors', () => {
      for (const status of [408, 500, 502, 503, 504]) assert.equal(classifyStatus(status, {})?.retryable, true, String(status));
      for (const status of [400, 403, 404, 413]) assert.equal(classifyStatus(status, {})?.retryable, false, String(status));
      const e = classifyStatus(503, {});
      assert.equal(e?.kind, 'httpStatus');
      assert.equal(e?.status, 503);
      assert.equal(e?.message, 'The host answered HTTP 503 (Service Unavailable).');
      assert.equal(classifyStatus(503, { 'retry-after': '30' })?.retryAfterSeconds, 30);
      assert.equal(classifyStatus(502, { 'retry-after': '30' })?.retryAfterSeconds, undefined);
    });
  });

  describe('withRetry', () => {
    it('backs off exponentially with full jitter, capped', async () => {
      const policy = recordingPolicy({ maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 500, random: () => 0.5 });
      const result = await withRetry(async () => fail(uploadError('network', 'reset')), policy);
      assert.ok(!result.ok && result.error.kind === 'network');
      assert.deepEqual(policy.slept, [50, 100, 200, 250, 250]);
    });

    it('waits what Retry-After asks, capped by maxRetryAfterMs', async () => {
      const policy = recordingPolicy({ maxRetryAfterMs: 5000 });
      let n = 0;
      const result = await withRetry(async () => (++n === 1 ? fail(uploadError('rateLimited', 'slow', { retryAfterSeconds: 3 })) : n === 2 ? fail(uploadError('rateLimited', 'slow', { retryAfterSeconds: 3600 })) : ok('done')), policy);
      assert.deepEqual(result, ok('done'));
      assert.deepEqual(policy.slept, [3000, 5000]);
    });

    it('does not retry an error that is not retryable', async () => {
      const policy = recordingPolicy();
      let calls = 0;
      const result = await withRetry(async () => (calls++, fail(uploadError('loginFailed', 'wrong password'))), policy);
      assert.equal(calls, 1);
      assert.ok(!result.ok && result.error.kind === 'loginFailed');
    });

    it('turns a thrown UploadError (a cancelled rate-limit wait) into a failed result', async () => {
      const result: Result<string> = await withRetry(async () => {
        throw uploadError('cancelled', 'Cancelled while waiting for its turn.');
      }, recordingPolicy());
      assert.ok(!result.ok && result.error.kind === 'cancelled');
      const crash = await withRetry(async () => {
        throw new TypeError('boom');
      }, recordingPolicy());
      assert.ok(!crash.ok && crash.error.kind === 'internal' && crash.error.message === 'boom');
    });

    it('stops waiting as soon as it is cancelled', async () => {
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 50);
      const result = await withRetry(async () => fail(uploadError('timeout', 'slow')), { ...DEFAULT_RETRY_POLICY, baseDelayMs: 60_000, random: () => 1 }, { signal: controller.signal });
      assert.ok(!result.ok && result.error.kind === 'cancelled');
      assert.ok(Date.now() - started < 1000);
    });
  });
});
