import { createHash } from 'node:crypto';
import { strict as assert } from 'node:assert';
import { createRedactor } from '../../../src/core/redact';

describe('createRedactor', () => {
  it('hides secrets, raw and URL-encoded, longest first', () => {
    const redact = createRedactor(['p@ss word&1', 'key123']);
    assert.equal(redact('GET /x?k=key123&pw=p%40ss%20word%261 body=p%40ss+word%261 raw=p@ss word&1'), 'GET /x?k=***&pw=*** body=*** raw=***');
  });
  it('hides the md5, sha1 and base64 forms plugins derive from a secret', () => {
    const redact = createRedactor(['s3cret']);
    const md5 = createHash('md5').update('s3cret').digest('hex');
    const sha1 = createHash('sha1').update('s3cret').digest('hex');
    assert.equal(redact(`md5=${md5} SHA=${sha1.toUpperCase()} basic=${Buffer.from('s3cret').toString('base64')}`), 'md5=*** SHA=*** basic=***');
  });

  it('leaves text alone when there are no usable secrets', () => {
    assert.equal(createRedactor(['', 'a'])('a b c'), 'a b c');
  });
});
