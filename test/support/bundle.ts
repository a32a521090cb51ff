import * as esbuild from 'esbuild';

/**
 * Bundles entry points the way the shipped build does (Node, CommonJS,
 * jsonc-parser's ESM build), for tests that run the real worker or CLI: tsx
 * cannot load TypeScript inside a worker thread.
 */
export async function bundleForNode(entryPoints: Record<string, string>, outdir: string): Promise<void> {
  await esbuild.build({ entryPoints, outdir, bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'silent' });
}
