/**
 * The integration tier: runs test/integration inside a real VS Code
 * extension host (code-server), through a small harness extension that
 * calls the suite's run() once VS Code has started and writes a report.
 * A browser must connect for code-server to start an extension host, so
 * headless Chromium opens the workbench. See docs/testing.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startSandboxHost } from '../test/fakes/sandboxHost';
import { bundleSuite } from './lib/bundleIntegration';
import { createTestWorkspace } from './lib/testWorkspace';

const root = path.resolve(__dirname, '..');
const TIMEOUT_MS = 240_000;

/** The harness: activates after VS Code started, runs the suite, records the outcome. */
function buildHarness(dir: string, suite: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'integration-harness',
      displayName: 'Image Host Uploader integration harness',
      description: 'Runs the integration suite inside the extension host.',
      publisher: 'ihu-test',
      version: '0.0.1',
      license: 'MIT',
      engines: { vscode: '^1.97.0' },
      main: './extension.js',
      activationEvents: ['onStartupFinished'],
      extensionDependencies: ['image-host-uploader.image-host-uploader'],
    }),
  );
  writeFileSync(
    path.join(dir, 'extension.js'),
    `const fs = require('node:fs');
exports.activate = function () {
  const done = process.env.IHU_INTEGRATION_DONE;
  require(${JSON.stringify(suite)}).run().then(
    () => fs.writeFileSync(done, 'ok'),
    (error) => fs.writeFileSync(done, 'failed: ' + (error && error.stack || error)),
  );
};
exports.deactivate = function () {};
`,
  );
  writeFileSync(path.join(dir, 'README.md'), '# Integration harness\n');
  writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  const vsix = path.join(dir, 'harness.vsix');
  execFileSync(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--allow-missing-repository', '--no-dependencies', '--out', vsix], { cwd: dir, stdio: 'pipe' });
  return vsix;
}

async function main(): Promise<number> {
  const { version, name } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsixPath = path.join(root, `${name}-${version}.vsix`);
  if (!existsSync(vsixPath)) throw new Error(`${vsixPath} is missing; run "npm run package" first`);
  const work = mkdtempSync(path.join(tmpdir(), 'ihu-integration-'));
  const suite = await bundleSuite();
  const harness = buildHarness(path.join(work, 'harness'), suite);
  const sandbox = await startSandboxHost();
  const workspace = path.join(work, 'workspace');
  createTestWorkspace(workspace, sandbox.url);
  const reportFile = path.join(work, 'report.json');
  const doneFile = path.join(work, 'done');
  const { startCodeServer, launchBrowser, openWorkbench } = await import(path.join(root, 'scripts/lib/codeServer.mjs'));
  const server = await startCodeServer({ vsixPath, extraExtensions: [harness], workspaceDir: workspace, env: { IHU_INTEGRATION_REPORT: reportFile, IHU_INTEGRATION_DONE: doneFile } });
  const browser = await launchBrowser();
  try {
    await openWorkbench(browser, server.url, workspace);
    const deadline = Date.now() + TIMEOUT_MS;
    while (!existsSync(doneFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    if (!existsSync(doneFile)) {
      console.error(`integration: the suite did not finish within ${TIMEOUT_MS / 1000} s`);
      console.log('integration: 0 passed, 1 failed');
      return 1;
    }
    const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : { passed: 0, failed: 1, lines: [readFileSync(doneFile, 'utf8')] };
    console.log(report.lines.join('\n'));
    console.log(`\n  ${report.passed} passing\n  ${report.failed} failing`);
    console.log(`integration: ${report.passed} passed, ${report.failed} failed`);
    return report.failed === 0 && report.passed > 0 ? 0 : 1;
  } finally {
    await browser.close();
    await server.stop();
    await sandbox.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`integration: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
