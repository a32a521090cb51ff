import { strict as assert } from 'node:assert';
import { createRedactor } from '../../../src/core/redact';

describe('createRedactor', () => {
  it('hides secrets, raw and URL-encoded, longest first', () => {
    const redact = createRedactor(['p@ss word&1', 'key123']);
    assert.equal(redact('GET /x?k=key123&pw=p%40ss%20word%261 body=p%40ss+word%261 raw=p@ss word&1'), 'GET /x?k=***&pw=*** body=*** raw=***');
  });
  it('leaves text alone when there are no usable secrets', () => {
    assert.equal(createRedactor(['', 'a'])('a b c'), 'a b c');
  });
});
