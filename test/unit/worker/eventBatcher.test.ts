import { strict as assert } from 'node:assert';
import type { BatchEvent } from '../../../src/core/engine/types';
import { EventBatcher } from '../../../src/worker/eventBatcher';

const started = (fileId: string): BatchEvent => ({ type: 'fileStarted', batchId: 'b', fileId });

describe('EventBatcher', () => {
  it('sends the events of one turn of the event loop as one message, in order', async () => {
    const sent: BatchEvent[][] = [];
    const batcher = new EventBatcher((events) => sent.push(events));
    for (const id of ['a', 'b', 'c']) batcher.push(started(id));
    assert.deepEqual(sent, []);
    await new Promise((r) => setImmediate(r));
    batcher.push(started('d'));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(sent, [[started('a'), started('b'), started('c')], [started('d')]]);
  });

  it('sends what it gathered at once on flush, so an answer cannot overtake its events', async () => {
    const sent: BatchEvent[][] = [];
    const batcher = new EventBatcher((events) => sent.push(events));
    batcher.push(started('a'));
    batcher.flush();
    batcher.flush();
    assert.deepEqual(sent, [[started('a')]]);
    await new Promise((r) => setImmediate(r));
    assert.equal(sent.length, 1);
  });
});
