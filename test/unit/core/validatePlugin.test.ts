import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadPlugins } from '../../../src/core/plugin/loadPlugins';
import { parsePluginText } from '../../../src/core/plugin/validatePlugin';

const base = {
  id: 'x',
  name: 'X',
  kind: 'imageHost',
  formatVersion: 1,
  settings: [{ key: 'size', type: 'dropdown', label: 'Size', default: '1', options: [{ value: '1' }] }],
  upload: { request: { url: 'https://x.example/up', body: { multipart: [{ name: 'f', kind: 'file' }] } }, result: { imageUrl: '{u}' } },
};
const problemsOf = (plugin: unknown) => parsePluginText(JSON.stringify(plugin, null, 2), 'x.imagehost.json').problems;

describe('plugin validation', () => {
  it('accepts a minimal valid plugin', () => {
    assert.deepEqual(problemsOf(base), []);
  });

  it('reports JSON syntax errors with line and column', () => {
    const [problem] = parsePluginText('{\n  "id": "x",\n  "name" "X"\n}', 'f.json').problems;
    assert.equal(problem.line, 3);
    assert.match(problem.message, /Invalid JSON/);
  });

  it('points at a wrong value with what was expected and a hint, at its line', () => {
    const broken = structuredClone(base);
    (broken.upload.request.body.multipart[0] as { kind: string }).kind = 'blob';
    const [problem] = problemsOf(broken);
    assert.equal(problem.pointer, '/upload/request/body/multipart/0/kind');
    assert.match(problem.message, /Expected one of "file", "text", "dynamic"/);
    assert.ok(problem.hint);
    const text = JSON.stringify(broken, null, 2);
    assert.equal(problem.line, text.slice(0, text.indexOf('"kind": "blob"')).split('\n').length, 'the line of the failing property');
  });

  it('points at an unknown property and a missing one', () => {
    const problems = problemsOf({ ...base, colour: 'red', name: undefined });
    assert.deepEqual(problems.map((p) => p.pointer).sort(), ['', '/colour']);
    assert.match(problems.find((p) => p.pointer === '')!.message, /"name" is required/);
  });

  it('rejects an extraction rule of no known kind', () => {
    const problems = problemsOf({ ...base, upload: { ...base.upload, extract: { u: 'xpath://a' } } });
    assert.equal(problems[0].pointer, '/upload/extract/u');
    assert.match(problems[0].hint!, /json:, css:, regex:/);
  });

  it('catches what the schema cannot: unknown settings, secrets, maps, defaults, stray file fields', () => {
    const plugin = structuredClone(base) as typeof base & Record<string, unknown>;
    plugin.settings.push({ key: 'size', type: 'text', label: 'Again' } as never);
    plugin.settings[0].default = '9';
    (plugin.upload.request as Record<string, unknown>).headers = { A: '{config.nope}', B: '{secret.size}', C: '{config.size|map:none}' };
    plugin.session = { steps: [{ name: 's', request: { url: 'https://x.example', body: { multipart: [{ name: 'f', kind: 'file' }] } } }] };
    const messages = problemsOf(plugin).map((p) => `${p.pointer} ${p.message}`);
    for (const expected of [/declared twice/, /default "9" is not one of the options/, /config.nope\}" names no setting/, /secret.size\}" names no secret/, /map "none" is not defined/, /file" field appears outside the upload/]) {
      assert.ok(messages.some((m) => expected.test(m)), `${expected} in\n${messages.join('\n')}`);
    }
  });

  it('loads every good file, reports broken ones, and lets a user plugin replace a built-in', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ihu-plugins-'));
    try {
      for (const d of ['builtin', 'user']) mkdirSync(path.join(dir, d));
      writeFileSync(path.join(dir, 'builtin', 'x.imagehost.json'), JSON.stringify(base));
      writeFileSync(path.join(dir, 'builtin', 'y.imagehost.json'), JSON.stringify({ ...base, id: 'y' }));
      writeFileSync(path.join(dir, 'user', 'x.imagehost.json'), JSON.stringify({ ...base, name: 'My X' }));
      writeFileSync(path.join(dir, 'user', 'broken.imagehost.json'), '{');
      writeFileSync(path.join(dir, 'user', 'notes.json'), '{');
      const { plugins, problems } = await loadPlugins({ builtinDir: path.join(dir, 'builtin'), userDirs: [path.join(dir, 'user'), path.join(dir, 'missing')] });
      assert.deepEqual(plugins.map((p) => [p.definition.id, p.definition.name, p.builtin]).sort(), [['x', 'My X', false], ['y', 'X', true]]);
      assert.deepEqual(problems.map((p) => [path.basename(p.file), p.severity]).sort(), [['broken.imagehost.json', 'error'], ['missing', 'warning'], ['x.imagehost.json', 'warning']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
