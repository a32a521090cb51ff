import { strict as assert } from 'node:assert';
import { createConcurrencyLimiter, createRateLimiter } from '../../../src/core/rateLimit';

describe('rate and concurrency limits', () => {
  it('lets a burst through at once, then spaces requests by the rate', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 20, burst: 3 });
    const started = Date.now();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 5 }, () => limiter.take().then(() => times.push(Date.now() - started))));
    times.sort((a, b) => a - b);
    // Lower bounds only: a loaded machine can be slower, never faster.
    assert.ok(times[3] >= 40 && times[4] >= 90, `after a burst of 3, requests 4 and 5 wait ~50 ms each: ${times.join(', ')}`);
  });

  it('lets a waiter leave on cancel, and the next one still gets its turn', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 5, burst: 1 });
    await limiter.take();
    const controller = new AbortController();
    const cancelled = limiter.take(controller.signal);
    controller.abort();
    await assert.rejects(cancelled, (e: { kind?: string }) => e.kind === 'cancelled');
    await limiter.take();
  });

  it('leaves no timer behind once nobody waits, so shutdown is not held up', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const limiter = createRateLimiter({ requestsPerSecond: 0.1, burst: 1 });
    await limiter.take();
    const before = timers();
    const controller = new AbortController();
    const waiting = limiter.take(controller.signal);
    assert.equal(timers(), before + 1, 'a waiter holds one refill timer');
    controller.abort();
    await assert.rejects(waiting);
    assert.equal(timers(), before);
  });

  it('runs at most N at once, in order, and reports a cancelled wait as a result', async () => {
    const gate = createConcurrencyLimiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const job = (n: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      order.push(n);
      running--;
      return n;
    };
    const controller = new AbortController();
    const results = [gate.run(job(1)), gate.run(job(2)), gate.run(job(3), controller.signal), gate.run(job(4))];
    controller.abort();
    const settled = await Promise.all(results);
    assert.equal(peak, 2);
    assert.deepEqual(settled.map((r) => (r.ok ? r.value : r.error.kind)), [1, 2, 'cancelled', 4]);
    assert.deepEqual(order, [1, 2, 4]);
  });
});
