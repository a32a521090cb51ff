/**
 * The integration suite in VS Code for desktop, through @vscode/test-electron
 * (which downloads VS Code, so it needs a network; not part of npm test on
 * offline machines, where scripts/testIntegration.ts runs the same suite in
 * code-server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startSandboxHost } from '../test/fakes/sandboxHost';
import { bundleSuite } from './lib/bundleIntegration';
import { createTestWorkspace } from './lib/testWorkspace';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const suite = await bundleSuite();
  const sandbox = await startSandboxHost();
  const work = mkdtempSync(path.join(tmpdir(), 'ihu-electron-'));
  const workspace = path.join(work, 'workspace');
  createTestWorkspace(workspace, sandbox.url);
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', path.join(work, 'user-data')],
    });
  } finally {
    await sandbox.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
