// Bundles every entry point. The extension keeps `vscode` external (the host
// provides it); the worker, the CLI and the webview must never see `vscode`,
// so for them it stays unresolvable and a stray import fails the build.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: true,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

// jsonc-parser's "main" is a UMD build whose dynamic requires esbuild cannot
// follow; its ESM build ("module") bundles cleanly.
const node = { ...common, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'] };

/** @type {esbuild.BuildOptions[]} */
const entries = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { runnerWorker: 'src/worker/runnerWorker.ts' }, outdir: 'dist' },
  {
    ...node,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
  // The Configure Hosts page, loaded by a nonce'd <script> from dist/webview/ (a localResourceRoot).
  {
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: { settings: 'src/webview/settingsWebview.ts' },
    outdir: 'dist/webview',
  },
];

if (watch) {
  const contexts = await Promise.all(entries.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((ctx) => ctx.watch()));
  console.log('[esbuild] watching for changes');
} else {
  await Promise.all(entries.map((options) => esbuild.build(options)));
}
