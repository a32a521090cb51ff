import { strict as assert } from 'node:assert';
import { renderTemplate, templateReferences, type TemplateContext } from '../../../src/core/template';

const ctx: TemplateContext = {
  config: { size: '180', adult: false, count: 3 },
  secret: { password: 'p@ss w0rd' },
  file: { name: 'My Shot.png', stem: 'My Shot', ext: 'png', size: 1234, mime: 'image/png' },
  vars: { sessId: 'abc', empty: '' },
  maps: { sizes: { '180': '2' } },
};
const render = (t: string) => {
  const r = renderTemplate(t, ctx);
  return r.ok ? r.value : `ERR ${r.error.kind}: ${r.error.message}`;
};

describe('templates', () => {
  it('renders every source', () => {
    assert.equal(render('{config.size}/{config.adult}/{config.count}'), '180/false/3');
    assert.equal(render('{file.name}|{file.stem}|{file.ext}|{file.size}|{file.mime}'), 'My Shot.png|My Shot|png|1234|image/png');
    assert.equal(render('s={sessId}'), 's=abc');
    assert.equal(render('{{literal}} {sessId}'), '{literal} abc');
    assert.match(render('{random.uuid}'), /^[0-9a-f-]{36}$/);
    assert.match(render('{random.alnum20}'), /^[a-z0-9]{20}$/);
    assert.match(render('{random.digits12}'), /^\d{12}$/);
    assert.match(render('{now.unix}'), /^\d{10}$/);
  });

  it('applies filters in order', () => {
    assert.equal(render('{config.size|map:sizes}'), '2');
    assert.match(render('{secret.password|md5}'), /^[0-9a-f]{32}$/);
    assert.equal(render('{file.name|urlencode}'), 'My%20Shot.png');
    assert.equal(render('{file.stem|lower|replace: :_}'), 'my_shot');
    assert.equal(render('{empty|default:none}|{sessId|default:none}'), 'none|abc');
    assert.equal(render('{empty|ifEmpty:yes}|{sessId|ifEmpty:yes}|{sessId|ifSet:set}'), 'yes||set');
    assert.equal(render('{missing?}|{missing?|default:d}'), '|d');
    assert.equal(render('{empty|not}|{sessId|not}|{config.adult|not}'), 'true||true');
  });

  it('names what is missing, and never a secret value', () => {
    assert.match(render('{gone}'), /^ERR extractFailed: .*"gone"/);
    assert.match(render('{config.nope}'), /^ERR configInvalid: .*"nope"/);
    assert.match(render('{secret.password|map:sizes}'), /^ERR configInvalid: The map "sizes" has no entry for its value/);
    assert.ok(!render('{secret.password|map:sizes}').includes('p@ss'));
    assert.match(render('{config.size|frob}'), /^ERR pluginInvalid: .*unknown filter "frob"/);
    assert.match(render('{open'), /^ERR pluginInvalid/);
  });

  it('lists references for the validator', () => {
    const refs = templateReferences('{config.a|map:m} {secret.b} {x?}');
    assert.ok(refs.ok);
    assert.deepEqual(refs.value.map((r) => [r.source, r.name, r.optional, r.filters.map((f) => f.name)]), [
      ['config', 'a', false, ['map']],
      ['secret', 'b', false, []],
      ['var', 'x', true, []],
    ]);
  });
});
