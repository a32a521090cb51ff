/**
 * `npm start`: builds and packs the extension, starts the sandbox image host,
 * lays out a demo workspace that uses it, and runs a real VS Code
 * (code-server) on loopback with the extension installed. Ctrl+C stops
 * everything it started.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startSandboxHost } from '../test/fakes/sandboxHost';
import { createDemoWorkspace } from './demoWorkspace';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  console.log('[start] building and packing the extension…');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'package.mjs')], { cwd: root, stdio: 'inherit' });
  const vsixPath = path.join(root, `${name}-${version}.vsix`);

  const sandbox = await startSandboxHost({ port: Number(process.env.SANDBOX_PORT ?? 0) });
  console.log(`[start] sandbox image host on ${sandbox.url}`);
  const work = mkdtempSync(path.join(tmpdir(), 'image-host-demo-'));
  const workspaceDir = path.join(work, 'demo');
  createDemoWorkspace(workspaceDir, sandbox.url);

  const { startCodeServer } = await import(path.join(root, 'scripts', 'lib', 'codeServer.mjs'));
  const server = await startCodeServer({
    vsixPath,
    workspaceDir,
    port: process.env.PORT ? Number(process.env.PORT) : undefined,
    userSettings: { 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false },
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[start] stopping…');
    await server.stop();
    await sandbox.close();
    rmSync(work, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  console.log(`\n  Open ${server.url}/?folder=${encodeURIComponent(workspaceDir)}\n`);
  console.log('  Right-click an image in the Explorer → Upload Images. Press Ctrl+C to stop.\n');
}

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
