import { strict as assert } from 'node:assert';
import type { BatchEvent } from '../../../src/core/engine/types';
import { ProgressThrottle } from '../../../src/worker/progressThrottle';

const progress = (fileId: string, sentBytes: number): BatchEvent => ({ type: 'fileProgress', batchId: 'b', fileId, sentBytes, totalBytes: 100 });

describe('ProgressThrottle', () => {
  it('coalesces a burst of progress into the latest value per file', async () => {
    const seen: BatchEvent[] = [];
    const throttle = new ProgressThrottle((e) => seen.push(e), 20);
    for (let i = 1; i <= 1000; i++) throttle.push(progress('a', i));
    throttle.push(progress('b', 5));
    assert.equal(seen.length, 0);
    await new Promise((r) => setTimeout(r, 40));
    assert.deepEqual(seen, [progress('a', 1000), progress('b', 5)]);
  });

  it('delivers a file\'s last progress before its result, and other events at once', () => {
    const seen: BatchEvent[] = [];
    const throttle = new ProgressThrottle((e) => seen.push(e), 10_000);
    throttle.push(progress('a', 50));
    throttle.push({ type: 'fileStarted', batchId: 'b', fileId: 'c' });
    const done: BatchEvent = { type: 'fileDone', batchId: 'b', outcome: { fileId: 'a', path: '/a.png', durationMs: 1, links: { imageUrl: 'https://x' } } };
    throttle.push(done);
    assert.deepEqual(seen, [{ type: 'fileStarted', batchId: 'b', fileId: 'c' }, progress('a', 50), done]);
    throttle.flush();
  });

  it('sends no progress for a file that finishes within the interval: its result says it all', () => {
    const seen: BatchEvent[] = [];
    const throttle = new ProgressThrottle((e) => seen.push(e), 100);
    throttle.push(progress('a', 60));
    throttle.push(progress('a', 100));
    const done: BatchEvent = { type: 'fileDone', batchId: 'b', outcome: { fileId: 'a', path: '/a.png', durationMs: 1, links: { imageUrl: 'https://x' } } };
    throttle.push(done);
    assert.deepEqual(seen, [done]);
    throttle.flush();
    assert.deepEqual(seen, [done]);
  });

  it('holds a new file\'s progress until it has been uploading for an interval, then sends it each interval', async () => {
    let now = 0;
    const seen: BatchEvent[] = [];
    const throttle = new ProgressThrottle((e) => seen.push(e), 20, () => now);
    const tick = () => new Promise((r) => setTimeout(r, 30));
    throttle.push(progress('old', 10));
    now = 20;
    throttle.push(progress('new', 5));
    throttle.push(progress('old', 20));
    await tick();
    assert.deepEqual(seen, [progress('old', 20)]);
    now = 40;
    await tick();
    assert.deepEqual(seen, [progress('old', 20), progress('new', 5)]);
    throttle.flush();
  });
});
