import { strict as assert } from 'node:assert';
import { newPluginTemplate, pluginIdFrom } from '../../../src/core/plugin/pluginTemplate';
import { parsePluginText } from '../../../src/core/plugin/validatePlugin';

describe('the New Host Plugin template', () => {
  it('makes plugin ids from host names and free text', () => {
    assert.equal(pluginIdFrom('pics.example.org'), 'pics.example.org');
    assert.equal(pluginIdFrom('https://Pics.Example.org/upload'), 'pics.example.org');
    assert.equal(pluginIdFrom('  My Own Host! '), 'my-own-host');
    assert.equal(pluginIdFrom('!!!'), '');
  });

  it('is a valid plugin as written, for a domain and for a plain name', () => {
    for (const [id, name] of [['pics.example.org', 'pics.example.org'], ['my-own-host', 'My Own Host']]) {
      const text = JSON.stringify(newPluginTemplate(id, name), null, 2);
      const { plugin, problems } = parsePluginText(text, `${id}.imagehost.json`);
      assert.deepEqual(problems, []);
      assert.equal(plugin?.id, id);
      assert.match(plugin!.upload!.request.url, /^https:\/\//);
    }
  });
});
