import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { hostnamesOf, startFakeHostsServer } from '../../fakes/fakeHostsServer';
import { createVbulletinFake } from '../../fakes/hosts/vbulletinFake';
import { sandboxPlugin, startSandboxHost, type SandboxHost } from '../../fakes/sandboxHost';
import { createTestCa } from '../../fakes/testCa';
import { writePng } from '../../support/images';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');

/** Runs the real CLI entry (through tsx, so no build is needed). */
async function imghost(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
      env: { ...process.env, IMGHOST_BUILTIN_PLUGINS: path.join(root, 'plugins'), ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('imghost (CLI)', function () {
  this.timeout(60_000);
  let dir: string;
  let sandbox: SandboxHost;
  let pluginDir: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ihu-cli-'));
    sandbox = await startSandboxHost({ apiKey: 'cli-key-123' });
    pluginDir = path.join(dir, 'plugins');
    mkdirSync(pluginDir);
    writeFileSync(path.join(pluginDir, 'sandbox.imagehost.json'), JSON.stringify(sandboxPlugin(sandbox.url, { withKey: true })));
    mkdirSync(path.join(dir, 'pics'));
    for (const name of ['b10.png', 'b2.png', 'a1.png']) writePng(path.join(dir, 'pics', name));
  });
  after(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a folder and prints links on stdout in natural order, key from the environment', async () => {
    const result = await imghost(['upload', '--host', 'sandbox', '--plugin-dir', pluginDir, '--format', 'markdown', path.join(dir, 'pics')], {
      IMGHOST_SECRET_API_KEY: 'cli-key-123',
    });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.deepEqual(lines.map((l) => /^!\[(\w+)\]\(http:\/\/127\.0\.0\.1:\d+\/i\/\w+\.png\)$/.exec(l)?.[1]), ['a1', 'b2', 'b10']);
    assert.match(result.stderr, /3 uploaded, 0 failed/);
    assert.ok(!result.stdout.includes('cli-key-123') && !result.stderr.includes('cli-key-123'));
  });

  it('exits non-zero with a summary when the host refuses the key', async () => {
    const result = await imghost(['upload', '--host', 'sandbox', '--plugin-dir', pluginDir, path.join(dir, 'pics', 'a1.png')], { IMGHOST_SECRET_API_KEY: 'wrong' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Invalid API key/);
    assert.match(result.stderr, /0 uploaded, 1 failed/);
  });

  it('lists the built-in hosts', async () => {
    const result = await imghost(['hosts']);
    assert.equal(result.code, 0);
    for (const id of ['imx.to', 'pixhost.to', 'turboimagehost.com']) assert.match(result.stdout, new RegExp(`^${id.replace('.', '\\.')}\\t`, 'm'));
  });

  it('validates a broken plugin with the pointer, line and hint', async () => {
    const broken = path.join(dir, 'broken.imagehost.json');
    writeFileSync(broken, JSON.stringify({ id: 'x', name: 'X', kind: 'imageHost', formatVersion: 1, upload: { request: { url: 'https://x', body: { multipart: [{ name: 'f', kind: 'blob' }] } }, result: { imageUrl: '{u}' } } }, null, 2));
    const result = await imghost(['validate', broken]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /broken\.imagehost\.json:\d+:\d+: \/upload\/request\/body\/multipart\/0\/kind: Expected one of "file", "text", "dynamic"/);
    assert.match(result.stdout, /hint: /);
  });

  it('explains a usage error and never accepts secrets as arguments', async () => {
    const result = await imghost(['upload', '--host', 'sandbox', '--api-key', 'k', 'a.png']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Usage:/);
  });

  it('posts a BBCode file to a forum thread and prints the post\'s address', async () => {
    const forum = createVbulletinFake({ users: { alice: 'pw-456' }, threads: { '12345': { title: 'Sets' } }, floodSeconds: 0 });
    const ca = await createTestCa();
    const server = await startFakeHostsServer([forum], await ca.issue(hostnamesOf([forum])));
    try {
      writeFileSync(path.join(dir, 'ca.pem'), ca.caPem);
      writeFileSync(path.join(dir, 'post.bbcode'), '[b]From the CLI[/b]\n');
      const connect = server.connectTo.flatMap((rule) => ['--connect-to', rule]);
      const args = ['post', '--forum', 'vipergirls.to', '--thread', 'https://vipergirls.to/threads/12345-sets', '--set', 'username=alice', ...connect, '--cacert', path.join(dir, 'ca.pem'), path.join(dir, 'post.bbcode')];
      const result = await imghost(args, { IMGHOST_SECRET_PASSWORD: 'pw-456' });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout.trim(), /^https:\/\/vipergirls\.to\/showthread\.php\?p=\d+#post\d+$/);
      assert.deepEqual(forum.state.posts.map((p) => p.message), ['[b]From the CLI[/b]\n']);
      const wrong = await imghost(args, { IMGHOST_SECRET_PASSWORD: 'nope' });
      assert.equal(wrong.code, 1);
      assert.match(wrong.stderr, /invalid username or password/);
      assert.equal(forum.state.posts.length, 1);
    } finally {
      await server.close();
    }
  });
});
