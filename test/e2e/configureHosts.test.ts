import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import type { FrameLocator } from 'playwright-core';
import { SANDBOX_ALBUMS } from '../fakes/sandboxHost';
import { expandFolder, runCommand, uploadFromExplorer, useWorkbench, waitForNotification, webviewFrame } from './workbench';

const KEY = 'sandbox-key-7f3a9c21e5';
const WRONG_KEY = 'not-the-key-0000';

/** Every file under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle);
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => readFileSync(file).includes(bytes));
}

describe('e2e: Configure Hosts', function () {
  this.timeout(180_000);
  // The sandbox plugin declares an API key and an album dropdown the host can fill.
  const wb = useWorkbench({ plugin: { withKey: true } });
  let panel: FrameLocator;
  const field = (key: string) => panel.locator(`vscode-form-group[data-key="${key}"]`);
  const status = () => panel.locator('#status');

  /** Opens the panel from the palette (or finds it restored) and shows the sandbox's form. */
  async function showSandbox(): Promise<void> {
    panel = webviewFrame(wb.page);
    if (!(await wb.page.locator('.tab', { hasText: 'Configure Hosts' }).isVisible())) await runCommand(wb.page, 'Image Host: Configure Hosts');
    await wb.page.locator('.tab.active', { hasText: 'Configure Hosts' }).waitFor();
    await panel.locator('vscode-tree-item', { hasText: 'Sandbox (local)' }).click();
    await panel.locator('h1', { hasText: 'Sandbox (local)' }).waitFor();
  }

  async function testConnection(): Promise<string> {
    await panel.locator('#test-connection').click();
    await status().and(panel.locator('.is-ok, .is-error')).waitFor({ timeout: 60_000 });
    return (await status().textContent()) ?? '';
  }

  /** What the browser reports blocking by a Content-Security-Policy while the panel is in use. */
  const violations: string[] = [];
  before(() => {
    wb.sandbox.controls.apiKey = KEY;
    wb.page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
  });

  it('lists built-in and user hosts, and builds the sandbox form from its plugin', async () => {
    await showSandbox();
    for (const host of ['imx.to', 'PiXhost', 'Vipr', 'Sandbox (local)']) await panel.locator('vscode-tree-item', { hasText: host }).waitFor();
    await field('apiKey').getByText('API key', { exact: true }).waitFor();
    await field('apiKey').getByText('Not set', { exact: true }).waitFor();
    await field('album').getByText('Where uploads go').waitFor();
    assert.equal(await field('album').locator('vscode-single-select').evaluate((s) => (s as HTMLSelectElement).value), '');
    await wb.screenshot('configure-hosts');
  });

  it('is driven by the keyboard: arrows move through the hosts, Enter shows one', async () => {
    await wb.page.keyboard.press('ArrowUp');
    await wb.page.keyboard.press('Enter');
    await panel.locator('h1', { hasText: 'Vipr' }).waitFor();
    await wb.page.keyboard.press('ArrowDown');
    await wb.page.keyboard.press('Enter');
    await panel.locator('h1', { hasText: 'Sandbox (local)' }).waitFor();
  });

  it('loads albums from the host with the typed key, saves the key to secret storage and the album to settings', async () => {
    await field('apiKey').locator('input').fill(KEY);
    await field('album').getByRole('button', { name: 'Load from host' }).click();
    await field('album').getByText(`${SANDBOX_ALBUMS.length} choices loaded from the host.`).waitFor({ timeout: 60_000 });
    await field('album').locator('vscode-single-select').click();
    await field('album').getByRole('option', { name: SANDBOX_ALBUMS[0].title }).click();
    await panel.locator('#save').click();
    await status().getByText('Saved to your user settings.').waitFor();
    await field('apiKey').getByText('Stored', { exact: true }).waitFor();
    assert.equal(await field('apiKey').locator('input').isVisible(), false, 'a stored key is not shown back');

    const settings = parse(readFileSync(path.join(wb.server.userDataDir, 'User', 'settings.json'), 'utf8'));
    assert.deepEqual(settings['imageHost.hosts'], { sandbox: { album: SANDBOX_ALBUMS[0].id } });
  });

  it('Test connection succeeds with the stored key', async () => {
    assert.equal(await testConnection(), 'Connected to Sandbox (local).');
  });

  it('Test connection with a typed wrong key shows the host\'s own error, and changes nothing', async () => {
    await field('apiKey').getByRole('button', { name: 'Replace' }).click();
    await field('apiKey').locator('input').fill(WRONG_KEY);
    assert.equal(await testConnection(), 'Login was refused: Invalid API key.');
    await field('apiKey').getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await testConnection(), 'Connected to Sandbox (local).');
  });

  it('uploads with the stored key and the chosen album', async () => {
    await expandFolder(wb.page, 'images');
    await uploadFromExplorer(wb.page, 'a.png');
    await waitForNotification(wb.page, /Uploaded 1 image to Sandbox \(local\)/);
    assert.deepEqual(wb.sandbox.uploads.map((u) => [u.filename, u.fields.album]), [['a.png', SANDBOX_ALBUMS[0].id]]);
  });

  it('keeps an unsaved choice while the panel is hidden behind another editor', async () => {
    // The upload's links opened in a new document in front of the panel.
    await wb.page.locator('.tab', { hasText: 'Configure Hosts' }).click();
    const album = field('album').locator('vscode-single-select');
    await album.click();
    await field('album').getByRole('option', { name: SANDBOX_ALBUMS[1].title }).click();
    await wb.page.locator('.explorer-item', { hasText: 'notes.txt' }).dblclick();
    await wb.page.locator('.tab.active', { hasText: 'notes.txt' }).waitFor();
    await wb.page.locator('.tab', { hasText: 'Configure Hosts' }).click();
    await panel.locator('h1', { hasText: 'Sandbox (local)' }).waitFor();
    assert.equal(await album.evaluate((s) => (s as HTMLSelectElement).value), SANDBOX_ALBUMS[1].id);
    const settings = parse(readFileSync(path.join(wb.server.userDataDir, 'User', 'settings.json'), 'utf8'));
    assert.deepEqual(settings['imageHost.hosts'], { sandbox: { album: SANDBOX_ALBUMS[0].id } }, 'nothing was saved');
  });

  it('keeps the key out of every file under the user data and the workspace folders', () => {
    for (const dir of [wb.server.userDataDir, wb.workspace]) assert.deepEqual(filesContaining(dir, KEY), [], dir);
    for (const dir of [wb.server.userDataDir, wb.workspace]) assert.deepEqual(filesContaining(dir, WRONG_KEY), [], dir);
  });

  it('comes back after a reload with the key still stored and working', async () => {
    await wb.page.reload();
    await wb.page.locator('.tab', { hasText: 'Configure Hosts' }).click();
    await showSandbox();
    await field('apiKey').getByText('Stored', { exact: true }).waitFor();
    assert.equal(await testConnection(), 'Connected to Sandbox (local).');
  });

  it('ran under its strict Content-Security-Policy without anything blocked', () => {
    assert.deepEqual(violations, []);
  });
});
