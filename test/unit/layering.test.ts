import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const src = path.resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);

describe('layering', () => {
  for (const layer of ['core', 'worker', 'cli', 'webview']) {
    it(`src/${layer} never imports vscode`, () => {
      for (const file of sourceFiles(path.join(src, layer))) {
        assert.ok(!importsOf(file).includes('vscode'), `${path.relative(src, file)} imports vscode`);
      }
    });
  }

  it('src/core imports nothing from the worker, extension, cli or webview layers', () => {
    for (const file of sourceFiles(path.join(src, 'core'))) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = path.relative(src, path.resolve(path.dirname(file), spec));
        // The plugin schema is data shipped in plugins/, bundled into the engine.
        const isSchema = target === path.join('..', 'plugins', 'plugin.schema.json');
        assert.ok(target.startsWith('core') || isSchema, `${path.relative(src, file)} imports ${spec}`);
      }
    }
  });
});
