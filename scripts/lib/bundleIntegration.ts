import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '..', '..');

/**
 * Bundles test/integration into out/integration (vscode and mocha stay
 * external: the extension host provides one, node_modules the other) and
 * returns the path of the entry that exports run().
 */
export async function bundleSuite(): Promise<string> {
  const dir = path.join(root, 'test', 'integration');
  const outDir = path.join(root, 'out', 'integration');
  rmSync(outDir, { recursive: true, force: true });
  const entries = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
  await esbuild.build({ entryPoints: entries, outdir: outDir, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'], sourcemap: 'inline', logLevel: 'warning' });
  return path.join(outDir, 'index.js');
}
