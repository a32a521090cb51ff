import { strict as assert } from 'node:assert';
import { shiftOffset } from '../../../src/core/text/shiftOffset';

describe('shiftOffset', () => {
  it('moves with text typed before the cursor', () => {
    assert.equal(shiftOffset(10, { rangeOffset: 2, rangeLength: 0, text: 'abc' }), 13);
    assert.equal(shiftOffset(10, { rangeOffset: 2, rangeLength: 5, text: '' }), 5);
  });
  it('stays put for edits after it or typed at it', () => {
    assert.equal(shiftOffset(10, { rangeOffset: 12, rangeLength: 3, text: 'x' }), 10);
    assert.equal(shiftOffset(10, { rangeOffset: 10, rangeLength: 0, text: 'x' }), 10);
  });
  it('lands after a replacement that swallowed it', () => {
    assert.equal(shiftOffset(10, { rangeOffset: 8, rangeLength: 5, text: 'yz' }), 10);
  });
});
