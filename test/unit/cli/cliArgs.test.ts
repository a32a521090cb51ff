import { strict as assert } from 'node:assert';
import { parseCli, UsageError } from '../../../src/cli/cliArgs';
import { envKeyFor, parseSecretsText, secretsFromEnv } from '../../../src/cli/cliSecrets';

describe('imghost arguments', () => {
  it('parses an upload with repeatable options', () => {
    const cmd = parseCli(['upload', '--host', 'imx.to', '--format', 'bbcode', '--set', 'thumbnailSize=180', '--set', 'title=a=b',
      '--resolve', 'api.imx.to:443:127.0.0.1', '--concurrency', '3', '--rate', '0.5', '--max-concurrent', '1', 'a.png', 'dir']);
    assert.equal(cmd.name, 'upload');
    assert.deepEqual(cmd.name === 'upload' && cmd.options, {
      host: 'imx.to', format: 'bbcode', set: { thumbnailSize: '180', title: 'a=b' }, pluginDirs: [], concurrency: 3,
      politeness: { requestsPerSecond: 0.5, maxConcurrent: 1 },
      resolve: ['api.imx.to:443:127.0.0.1'], connectTo: [], cacert: [], secretsFromStdin: false, inputs: ['a.png', 'dir'],
    });
  });

  it('rejects what it cannot do with a usage error', () => {
    assert.throws(() => parseCli(['upload', 'a.png']), UsageError);
    assert.throws(() => parseCli(['upload', '--host', 'x']), UsageError);
    assert.throws(() => parseCli(['upload', '--host', 'x', '--format', 'pdf', 'a.png']), /--format must be one of/);
    assert.throws(() => parseCli(['upload', '--host', 'x', '--concurrency', '0', 'a.png']), /--concurrency/);
    assert.throws(() => parseCli(['upload', '--host', 'x', '--set', 'novalue', 'a.png']), /key=value/);
    assert.throws(() => parseCli(['upload', '--host', 'x', '--burst', 'lots', 'a.png']), /--burst must be a number/);
    assert.throws(() => parseCli(['frobnicate']), /unknown command/);
  });

  it('has no way to pass a secret on the command line', () => {
    assert.throws(() => parseCli(['upload', '--host', 'x', '--api-key', 'k', 'a.png']));
  });

  it('reads secrets from the environment and from stdin text', () => {
    assert.equal(envKeyFor('apiKey'), 'IMGHOST_SECRET_API_KEY');
    assert.deepEqual(secretsFromEnv(['apiKey', 'password'], { IMGHOST_SECRET_API_KEY: 'k1' }), { apiKey: 'k1' });
    assert.deepEqual(parseSecretsText('password=a=b\nuser = me\n'), { password: 'a=b', user: ' me' });
    assert.deepEqual(parseSecretsText('{"apiKey": "z"}'), { apiKey: 'z' });
  });
});
