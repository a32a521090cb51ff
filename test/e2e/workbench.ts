import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestWorkspace } from '../../scripts/lib/testWorkspace';
import { launchBrowser, openWorkbench, startCodeServer, type CodeServer } from '../../scripts/lib/codeServer.mjs';
import { startSandboxHost, type SandboxHost } from '../fakes/sandboxHost';

const root = path.resolve(__dirname, '../..');
export const SCREENSHOTS = path.join(root, 'test-output', 'e2e');

/** A real workbench (code-server + Chromium) with the built extension and a sandbox-backed workspace. */
export interface Workbench {
  readonly page: Page;
  readonly workspace: string;
  readonly sandbox: SandboxHost;
  readonly server: CodeServer;
  screenshot(name: string): Promise<string>;
  /** The extension's "Image Host" log, as written by VS Code (for failure reports). */
  extensionLog(): string;
  close(): Promise<void>;
}

function findLog(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findLog(full);
      if (found) return found;
    } else if (entry.name === 'Image Host.log') return full;
  }
  return undefined;
}

/** `files` (name → text) are written into the workspace before the workbench opens. */
export async function openTestWorkbench(files: Record<string, string> = {}, userSettings: Record<string, unknown> = {}): Promise<Workbench> {
  const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const work = mkdtempSync(path.join(tmpdir(), 'ihu-e2e-'));
  const workspace = path.join(work, 'workspace');
  const sandbox = await startSandboxHost();
  createTestWorkspace(workspace, sandbox.url);
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(workspace, file), text);
  // A single click only selects (no image preview racing the next click for focus).
  const server = await startCodeServer({ vsixPath: path.join(root, `${name}-${version}.vsix`), workspaceDir: workspace, userSettings: { 'workbench.list.openMode': 'doubleClick', ...userSettings } });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.url, workspace);
    // Our contributions are registered once the extension host has scanned the extension.
    await page.waitForSelector('.pane-header:has-text("Image Host History")', { timeout: 60_000 });
    mkdirSync(SCREENSHOTS, { recursive: true });
    const opened = browser;
    return {
      page,
      workspace,
      sandbox,
      server,
      screenshot: async (shot) => {
        const file = path.join(SCREENSHOTS, `${shot}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      extensionLog: () => {
        const file = findLog(path.join(server.userDataDir, 'logs'));
        return file ? readFileSync(file, 'utf8') : '(no log yet)';
      },
      close: async () => {
        await opened.close();
        await server.stop();
        await sandbox.close();
        rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    await sandbox.close();
    throw error;
  }
}

/** Right-clicks an Explorer row and returns the context menu's entries. */
export async function explorerMenu(page: Page, label: string): Promise<string[]> {
  await page.keyboard.press('Escape');
  await page.locator('.explorer-item', { hasText: label }).first().click({ button: 'right' });
  await page.waitForSelector('.context-view .action-label', { timeout: 10_000 });
  const entries = (await page.locator('.context-view .action-label').allTextContents()).map((t) => t.trim()).filter(Boolean);
  await page.keyboard.press('Escape');
  await page.locator('.context-view .action-label').first().waitFor({ state: 'detached', timeout: 5_000 });
  return entries;
}

/** Runs a command from the palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  // A quick input left from an earlier step, or a panel that grabbed focus, can swallow F1:
  // close what is open, then open the palette afresh until it shows.
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
    await page.locator('.monaco-workbench .part.editor').click({ position: { x: 20, y: 200 } });
    await page.keyboard.press('F1');
    if (await input.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) break;
  }
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Expands a folder row in the Explorer if it is collapsed. */
export async function expandFolder(page: Page, label: string): Promise<void> {
  const row = page.locator('.monaco-list-row', { has: page.locator('.explorer-item', { hasText: label }) }).first();
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
}

/** Chooses an entry of the open context menu (hover first: the menu ignores a click while it settles). */
export async function chooseMenuEntry(page: Page, label: string): Promise<void> {
  const entry = page.locator('.context-view .action-item', { has: page.locator('.action-label', { hasText: label }) }).first();
  await entry.hover();
  await entry.click();
  await page.locator('.context-view .action-label').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(async () => {
    await page.keyboard.press('Enter');
  });
}

/** Clicks a button of a notification toast, e.g. "Retry Failed" or the progress "Cancel". */
export async function clickNotificationButton(page: Page, label: string, timeout = 60_000): Promise<void> {
  const button = page.locator('.notification-toast .monaco-button', { hasText: label }).first();
  await button.waitFor({ state: 'visible', timeout });
  await button.click();
}

/** Waits for a notification whose message matches. */
export async function waitForNotification(page: Page, text: RegExp, timeout = 60_000): Promise<string> {
  const toast = page.locator('.notification-toast .notification-list-item-message', { hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout });
  return (await toast.textContent()) ?? '';
}

/** Opens a workspace file in the editor with the cursor at its end. */
export async function openAtEnd(wb: Workbench, name: string): Promise<void> {
  await wb.page.locator('.explorer-item', { hasText: name }).first().dblclick();
  await wb.page.waitForSelector(`.tab.active:has-text("${name}")`);
  await wb.page.locator('.editor-instance .view-lines').first().click();
  await wb.page.keyboard.press('Control+End');
}

/** Brings a tab forward and reads its text through the Monaco DOM (visible lines; the documents here are short). */
export async function documentText(wb: Workbench, name: string): Promise<string> {
  await wb.page.locator('.tab', { hasText: name }).click();
  const lines = await wb.page.locator('.editor-instance .view-lines .view-line').allTextContents();
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

/** For afterEach: a failing test leaves a screenshot, the extension's log and what the sandbox received. */
export async function reportFailure(wb: Workbench | undefined, test: Mocha.Test | undefined): Promise<void> {
  if (test?.state !== 'failed' || !wb) return;
  await wb.screenshot(`failed-${test.title.replace(/\W+/g, '-')}`);
  console.log(`--- Image Host log ---\n${wb.extensionLog()}\n--- sandbox uploads: ${wb.sandbox.uploads.map((u) => u.filename).join(', ')}`);
}
