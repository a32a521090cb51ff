import { strict as assert } from 'node:assert';
import type { BatchEvent } from '../../../src/core/engine/types';
import { EventBatcher } from '../../../src/worker/eventBatcher';

const started = (fileId: string): BatchEvent => ({ type: 'fileStarted', batchId: 'b', fileId });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('EventBatcher', () => {
  it('sends the events of its window as one message, in order', async () => {
    const sent: BatchEvent[][] = [];
    const batcher = new EventBatcher((events) => sent.push(events), 20);
    batcher.push(started('a'));
    await new Promise((r) => setImmediate(r));
    batcher.push(started('b'));
    batcher.push(started('c'));
    assert.deepEqual(sent, []);
    await wait(30);
    batcher.push(started('d'));
    await wait(30);
    assert.deepEqual(sent, [[started('a'), started('b'), started('c')], [started('d')]]);
  });

  it('sends what it gathered at once on flush, so an answer cannot overtake its events', async () => {
    const sent: BatchEvent[][] = [];
    const batcher = new EventBatcher((events) => sent.push(events), 20);
    batcher.push(started('a'));
    batcher.flush();
    batcher.flush();
    assert.deepEqual(sent, [[started('a')]]);
    await wait(30);
    assert.equal(sent.length, 1);
  });
});
