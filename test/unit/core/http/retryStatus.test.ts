import { strict as assert } from 'node:assert';
import { fail } from '../../../../src/core/errors';
import { createHttpClient, type HttpClient, type HttpResponse } from '../../../../src/core/http';
import { classifyStatus, DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from '../../../../src/core/retry';
import { startRouteServer, type RouteServer } from '../../../support/routeServer';

describe('http client with retries against a flaky host', () => {
  let server: RouteServer;
  let http: HttpClient;
  beforeEach(async () => {
    server = await startRouteServer();
    http = createHttpClient({ useEnvProxy: false });
  });
  afterEach(async () => {
    await http.close();
    await server.close();
  });

  /** Sends like the step executor: a retryable status becomes a failed attempt. */
  const upload = (policy: RetryPolicy) =>
    withRetry<HttpResponse>(async () => {
      const response = await http.request({ url: `${server.base}/upload`, method: 'POST', headers: {}, body: 'x' });
      if (!response.ok) return response;
      const error = classifyStatus(response.value.status, response.value.headers);
      return error?.retryable ? fail(error) : response;
    }, policy);

  /** Answers with the given statuses in turn, then 200. */
  function answers(...statuses: [number, Record<string, string>?][]) {
    let n = 0;
    server.route('POST /upload', (_req, res) => {
      const [status, headers] = statuses[n++] ?? [200];
      res.writeHead(status, headers).end(status === 200 ? 'stored' : 'busy');
    });
  }

  it('waits as long as a 429 Retry-After asks, then succeeds', async () => {
    answers([429, { 'Retry-After': '2' }]);
    const slept: number[] = [];
    const result = await upload({ ...DEFAULT_RETRY_POLICY, sleep: async (ms) => void slept.push(ms) });
    assert.ok(result.ok);
    assert.equal(result.value.body, 'stored');
    assert.deepEqual(slept, [2000]);
    assert.equal(server.log.length, 2);
  });

  it('gets through two 503s', async () => {
    answers([503], [503]);
    const result = await upload({ ...DEFAULT_RETRY_POLICY, baseDelayMs: 5 });
    assert.ok(result.ok && result.value.status === 200);
    assert.equal(server.log.length, 3);
  });

  it('gives up after maxAttempts with the last status as the error', async () => {
    answers([502], [502], [502]);
    const result = await upload({ ...DEFAULT_RETRY_POLICY, maxAttempts: 3, baseDelayMs: 5 });
    assert.ok(!result.ok && result.error.kind === 'httpStatus' && result.error.status === 502);
    assert.equal(server.log.length, 3);
  });

  it('does not retry a request the host refused for good', async () => {
    answers([403]);
    const result = await upload({ ...DEFAULT_RETRY_POLICY, baseDelayMs: 5 });
    assert.ok(result.ok && result.value.status === 403, 'the response is returned for the step to judge');
    assert.equal(server.log.length, 1);
  });
});
