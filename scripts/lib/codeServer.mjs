// Runs a real VS Code for the e2e and integration tiers and for `npm start`:
// code-server (the VS Code server and workbench) on loopback, with the built
// .vsix installed into a fresh extensions folder, and Debian's Chromium
// driven by playwright-core. See docs/testing.md.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs the provisioning script once per process and returns the paths it settled on. */
let provisioned;
export function provision() {
  if (!provisioned) {
    const out = execFileSync('bash', [path.join(root, 'scripts', 'provision-e2e.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    provisioned = Object.fromEntries(out.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));
  }
  return provisioned;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode} before it served ${url}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not serve ${url} within ${timeoutMs / 1000} s`);
}

/**
 * Starts code-server with the extension installed. Returns its URL and a
 * stop() that ends the whole process group (code-server forks the
 * extension host and helpers) and removes the temp folders it made.
 */
export async function startCodeServer({ vsixPath, workspaceDir, userSettings = {}, port, extraExtensions = [], env = {}, keepDirs = false, log = () => {} }) {
  const { NODE24, CODE_SERVER_ENTRY } = provision();
  const base = mkdtempSync(path.join(tmpdir(), 'ihu-code-server-'));
  const userDataDir = path.join(base, 'user-data');
  const extensionsDir = path.join(base, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false, 'workbench.enableExperiments': false, 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden', ...userSettings }, null, 2));
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const vsix of [vsixPath, ...extraExtensions].filter(Boolean)) {
    log(`installing ${path.basename(vsix)}`);
    execFileSync(NODE24, [CODE_SERVER_ENTRY, ...common, '--install-extension', vsix, '--force'], { stdio: 'pipe' });
  }
  const listenPort = port ?? (await freePort());
  const child = spawn(
    NODE24,
    [CODE_SERVER_ENTRY, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${listenPort}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspaceDir],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, PATH: `${path.dirname(NODE24)}:${process.env.PATH}` } },
  );
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${listenPort}`;
  const stop = async () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const exited = await Promise.race([new Promise((r) => child.once('exit', () => r(true))), new Promise((r) => setTimeout(() => r(false), 3000))]);
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    if (!keepDirs) rmSync(base, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${url}/healthz`, child, 60_000);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- code-server output ---\n${output}`);
  }
  return { url, port: listenPort, pid: child.pid, userDataDir, extensionsDir, base, stop, output: () => output };
}

/** Debian's Chromium through playwright-core (never a downloaded browser). */
export async function launchBrowser() {
  const { CHROMIUM } = provision();
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
}

/** Opens the workbench on a folder and waits until it is ready to click. */
export async function openWorkbench(browser, url, folder, { width = 1400, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  return page;
}
