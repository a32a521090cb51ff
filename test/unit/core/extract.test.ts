import { strict as assert } from 'node:assert';
import { extractAll, extractValue, matchAll, runExtractions, type ResponseView } from '../../../src/core/extract';

const view = (body: string, extra: Partial<ResponseView> = {}): ResponseView => ({ status: 200, headers: { location: '/next', 'set-cookie': ['a=1', 'b=2'] }, url: 'https://h.example/done?id=42', body, ...extra });
const value = (rule: string, v: ResponseView) => {
  const r = extractValue(rule, v);
  assert.ok(r.ok, rule);
  return r.value;
};

describe('extraction', () => {
  const json = view(JSON.stringify({ status: 'success', data: { items: [{ url: 'u0' }, { url: 'u1' }], n: 5 } }));
  const html = view('<form name="file" action="https://s1.h/cgi-bin/upload.cgi?x=1"><input name="sess_id" value="S1"><select name="fld"><option value="1">One</option><option value="2">Two</option></select><p class="e"> Wrong password. </p></form>');

  it('reads JSON paths with indexes', () => {
    assert.equal(value('json:status', json), 'success');
    assert.equal(value('json:data.items[1].url', json), 'u1');
    assert.equal(value('json:data.n', json), '5');
    assert.equal(value('json:data.none', json), undefined);
    assert.equal(value('json:status', html), undefined);
  });

  it('reads CSS attributes and text', () => {
    assert.equal(value('css:input[name=sess_id]@value', html), 'S1');
    assert.equal(value('css:form[name=file]@action', html), 'https://s1.h/cgi-bin/upload.cgi?x=1');
    assert.equal(value('css:p.e', html), 'Wrong password.');
    assert.equal(value('css:.missing', html), undefined);
  });

  it('reads regex groups, headers, the final URL and its query', () => {
    assert.equal(value('regex:action="(https://[^/]+/cgi-bin/upload\\.cgi)', html), 'https://s1.h/cgi-bin/upload.cgi');
    assert.equal(value('regex:sess_id', html), 'sess_id');
    assert.equal(value('header:Location', html), '/next');
    assert.equal(value('header:set-cookie', html), 'a=1');
    assert.equal(value('url', html), 'https://h.example/done?id=42');
    assert.equal(value('query:id', html), '42');
    assert.equal(value('status', html), '200');
  });

  it('lists every match for dropdown options', () => {
    const items = extractAll('css:select[name=fld] option', html);
    assert.ok(items.ok);
    assert.equal(items.value.length, 2);
    assert.equal(value('css:option@value', view(items.value[1])), '2');
    assert.deepEqual(extractAll('json:data.items', json), { ok: true, value: ['{"url":"u0"}', '{"url":"u1"}'] });
  });

  it('fails a required value with its name, the rule and an excerpt', () => {
    const r = runExtractions({ token: 'css:input[name=_token]@value' }, html);
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'extractFailed');
    assert.match(r.error.message, /"token" \(css:input\[name=_token\]@value\)/);
    assert.ok(r.error.cause!.length <= 200);
    const notJson = runExtractions({ url: 'json:url' }, view('<html>Error 502</html>', { status: 502 }));
    assert.ok(!notJson.ok && /something other than JSON/.test(notJson.error.message));
    assert.deepEqual(runExtractions({ opt: { rule: 'css:nope', required: false } }, html), { ok: true, value: { opt: '' } });
  });

  it('matches presence, equality, patterns and negation', () => {
    assert.ok(matchAll([{ rule: 'json:status', equals: 'success' }, { rule: 'json:data.items', exists: true }], json));
    assert.ok(matchAll([{ rule: 'css:input[name=sess_id]', exists: true }], html), 'an <input> counts although it has no text');
    assert.ok(matchAll([{ rule: 'css:.logout', exists: false }], html));
    assert.ok(matchAll([{ rule: 'url', matches: '/done\\?' }], html));
    assert.ok(!matchAll([{ rule: 'json:status', equals: 'success', not: true }], json));
  });

  it('rejects a malformed rule as a plugin error', () => {
    const r = extractValue('xpath://a', html);
    assert.ok(!r.ok && r.error.kind === 'pluginInvalid');
  });
});
