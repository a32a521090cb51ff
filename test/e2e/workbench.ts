import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { createTestWorkspace, type TestWorkspaceOptions } from '../../scripts/lib/testWorkspace';
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

export interface WorkbenchOptions extends TestWorkspaceOptions {
  /** Written into the workspace (name → text or bytes; folders are made) before the workbench opens. */
  readonly files?: Record<string, string | Uint8Array>;
  readonly userSettings?: Record<string, unknown>;
}

export async function openTestWorkbench({ files = {}, userSettings = {}, ...workspaceOptions }: WorkbenchOptions = {}): Promise<Workbench> {
  const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const work = mkdtempSync(path.join(tmpdir(), 'ihu-e2e-'));
  const workspace = path.join(work, 'workspace');
  const sandbox = await startSandboxHost();
  createTestWorkspace(workspace, sandbox.url, workspaceOptions);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    writeFileSync(path.join(workspace, file), content);
  }
  // A single click only selects (no image preview racing the next click for focus); lines stay
  // unwrapped so a document's text reads back line by line.
  const server = await startCodeServer({ vsixPath: path.join(root, `${name}-${version}.vsix`), workspaceDir: workspace, userSettings: { 'workbench.list.openMode': 'doubleClick', '[markdown]': { 'editor.wordWrap': 'off' }, ...userSettings } });
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

/**
 * One workbench for a describe block: opened before its tests, a failure report after each test,
 * closed after them all. The returned object reads through to the open workbench.
 */
export function useWorkbench(options: WorkbenchOptions = {}): Workbench {
  let open: Workbench | undefined;
  const current = () => {
    if (!open) throw new Error('the workbench is not open (its before hook failed or has not run)');
    return open;
  };
  before(async () => {
    open = await openTestWorkbench(options);
  });
  afterEach(async function () {
    await reportFailure(open, this.currentTest);
  });
  after(async () => {
    await open?.close();
  });
  return {
    get page() {
      return current().page;
    },
    get workspace() {
      return current().workspace;
    },
    get sandbox() {
      return current().sandbox;
    },
    get server() {
      return current().server;
    },
    screenshot: (name) => current().screenshot(name),
    extensionLog: () => current().extensionLog(),
    close: () => current().close(),
  };
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

/**
 * Gives the active text editor the keyboard focus without a click, which would move its cursor
 * (and a click in the gutter selects a line); with no text editor, clicks the empty editor area.
 */
async function focusEditorArea(page: Page): Promise<void> {
  const editor = page.locator('.part.editor .editor-group-container.active .editor-instance .monaco-editor').locator('.native-edit-context, textarea.inputarea').first();
  if (await editor.isVisible()) await editor.focus();
  else await page.locator('.monaco-workbench .part.editor').click({ position: { x: 20, y: 200 } });
}

/** Runs a command from the palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  // A quick input left from an earlier step, or a panel that grabbed focus, can swallow F1:
  // close what is open, then open the palette afresh until it shows.
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
    await focusEditorArea(page);
    await page.keyboard.press('F1');
    if (await input.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) break;
  }
  await input.fill(`>${title}`);
  // The row labelled exactly so (its aria-label adds the keybinding after a comma): the top row
  // can be another command whose title merely contains these words.
  const label = title.replace(/["\\]/g, '\\$&');
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label="${label}"], .quick-input-list .monaco-list-row[aria-label^="${label},"]`).first();
  await row.click();
}

/** Expands a folder row in the Explorer if it is collapsed. */
export async function expandFolder(page: Page, label: string): Promise<void> {
  const row = page.locator('.monaco-list-row', { has: page.locator('.explorer-item', { hasText: label }) }).first();
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
}

/** Right-clicks an Explorer row (file or folder) and chooses Upload Images. */
export async function uploadFromExplorer(page: Page, label: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('.explorer-item', { hasText: label }).first().click({ button: 'right' });
  await chooseMenuEntry(page, 'Upload Images');
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

/**
 * Brings a tab forward and reads its text through the Monaco DOM (visible lines; the documents here
 * are short), waiting until it matches `pattern` when one is given.
 */
export async function documentText(wb: Workbench, name: string, pattern?: RegExp): Promise<string> {
  await wb.page.locator('.tab', { hasText: name }).click();
  await wb.page.locator('.tab.active', { hasText: name }).waitFor();
  return activeDocumentText(wb.page, pattern);
}

/** The active editor's text once it matches `pattern` (any text by default). */
export async function activeDocumentText(page: Page, pattern = /[^]*/, timeout = 60_000): Promise<string> {
  const matched = await page.waitForFunction(
    ({ source, flags }) => {
      const view = document.querySelector('.editor-group-container.active .editor-instance .view-lines');
      if (!view) return undefined;
      // Monaco places its line elements by `top`, not in DOM order.
      const lines = [...view.querySelectorAll<HTMLElement>('.view-line')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      const text = lines.map((line) => line.textContent ?? '').join('\n').replace(/\u00a0/g, ' ');
      return new RegExp(source, flags).test(text) ? { text } : undefined;
    },
    { source: pattern.source, flags: pattern.flags },
    { timeout },
  );
  return ((await matched.jsonValue()) as { text: string }).text;
}

/** Waits for the quick pick with this title and returns its rows (label, description and detail). */
export async function quickPickRows(page: Page, title: string | RegExp): Promise<string[]> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor();
  await widget.locator('.monaco-list-row').first().waitFor();
  return (await widget.locator('.monaco-list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''))).filter(Boolean);
}

/** Picks the quick pick row whose text matches by clicking it. */
export async function pickQuickPickRow(page: Page, label: string | RegExp): Promise<void> {
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Answers the simple file dialog (the one a remote workbench shows) with one file. The dialog fills
 * in its starting folder and lists it after it shows: typing before that is overwritten. Typing the
 * path then lists the file's folder, and the file's row means the dialog has caught up with it.
 */
export async function chooseInFileDialog(page: Page, title: string, file: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input').first();
  await widget.locator('.quick-input-title', { hasText: title }).waitFor();
  await widget.locator('.monaco-list-row', { hasText: '..' }).first().waitFor();
  await input.fill(file);
  await widget.locator('.monaco-list-row', { hasText: path.basename(file) }).first().waitFor();
  assert.equal(await input.inputValue(), file, 'the file dialog kept the typed path');
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Waits for a modal dialog, returns its message and detail, and presses one of its buttons. */
export async function answerDialog(page: Page, button: string): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 60_000 });
  const text = await dialog.locator('.dialog-message-container').innerText();
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: button }).first().click();
  await dialog.waitFor({ state: 'detached', timeout: 10_000 });
  return text;
}

/** Closes every editor, answering "Don't Save" for the ones with changes. */
export async function closeAllEditors(page: Page): Promise<void> {
  const dirty = await page.locator('.tab.dirty').count();
  await runCommand(page, 'View: Close All Editors');
  if (dirty > 0) await answerDialog(page, "Don't Save");
  await page.locator('.tab').first().waitFor({ state: 'detached', timeout: 10_000 });
}

/** Pastes the clipboard into a new untitled document and returns that document's text. */
export async function pasteIntoNewDocument(page: Page): Promise<string> {
  await runCommand(page, 'File: New Untitled Text File');
  await page.locator('.tab.active:not(.dirty)', { hasText: /Untitled-\d+/ }).waitFor();
  await page.keyboard.press('Control+V');
  await page.locator('.tab.active.dirty', { hasText: /Untitled-\d+/ }).waitFor({ timeout: 10_000 });
  // The tab turns dirty before the pasted lines are rendered: wait for text.
  return activeDocumentText(page, /\S/);
}

/** The "Image Host History" view, expanded. */
export async function historyView(page: Page): Promise<Locator> {
  const header = page.locator('.pane-header', { hasText: 'Image Host History' });
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return page.locator('.pane', { has: header }).locator('.pane-body');
}

/** For afterEach: a failing test leaves a screenshot, the extension's log and what the sandbox received. */
async function reportFailure(wb: Workbench | undefined, test: Mocha.Test | undefined): Promise<void> {
  if (test?.state !== 'failed' || !wb) return;
  await wb.screenshot(`failed-${test.title.replace(/\W+/g, '-')}`);
  console.log(`--- Image Host log ---\n${wb.extensionLog()}\n--- sandbox uploads: ${wb.sandbox.uploads.map((u) => u.filename).join(', ')}`);
}

/** The page inside the visible webview panel (code-server nests it in two iframes). */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');
}
