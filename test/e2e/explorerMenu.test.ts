import { strict as assert } from 'node:assert';
import { explorerMenu, expandFolder, runCommand, waitForNotification, useWorkbench } from './workbench';

describe('e2e: the extension in the real workbench', function () {
  this.timeout(180_000);
  const wb = useWorkbench();

  it('activates: its log channel opens from the command palette', async () => {
    await runCommand(wb.page, 'Image Host: Show Log');
    // The channel opens at once; its first line arrives when the extension has activated.
    await wb.page.waitForFunction(() => /Image Host Uploader [\d.]+ activated/.test((document.querySelector('.panel .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ')), undefined, { timeout: 30_000 });
    const log = (await wb.page.locator('.panel .view-lines').first().textContent()) ?? '';
    assert.match(log.replace(/\u00a0/g, ' '), /\[info\] Image Host Uploader [\d.]+ activated/);
    await wb.screenshot('log-channel');
  });

  it('offers Upload Images on a .png in the Explorer', async () => {
    await expandFolder(wb.page, 'images');
    const entries = await explorerMenu(wb.page, 'a.png');
    assert.ok(entries.includes('Upload Images'), entries.join(', '));
    await wb.screenshot('explorer-menu-png');
  });

  it('offers Upload Images on a folder', async () => {
    const entries = await explorerMenu(wb.page, 'images');
    assert.ok(entries.includes('Upload Images'), entries.join(', '));
  });

  it('stores a host secret from the palette without showing it back', async () => {
    await runCommand(wb.page, 'Image Host: Set Host Secret…');
    const quick = wb.page.locator('.quick-input-widget');
    await quick.locator('.monaco-list-row', { hasText: 'imx.to' }).first().waitFor();
    await wb.page.keyboard.type('imx');
    await wb.page.keyboard.press('Enter');
    await quick.locator('input[type="password"]').waitFor({ state: 'visible' });
    await wb.page.keyboard.type('e2e-secret-123');
    await wb.page.keyboard.press('Enter');
    await waitForNotification(wb.page, /API key stored/);
    await runCommand(wb.page, 'Image Host: Set Host Secret…');
    await quick.locator('.monaco-list-row', { hasText: 'imx.to' }).first().waitFor();
    await wb.page.keyboard.type('imx');
    await wb.page.keyboard.press('Enter');
    await quick.locator('.monaco-list-row', { hasText: 'Replace' }).first().waitFor();
    assert.ok(!(await wb.page.content()).includes('e2e-secret-123'), 'the secret is never shown back');
    await wb.page.keyboard.press('Escape');
  });

  it('does not offer it on a .txt file', async () => {
    const entries = await explorerMenu(wb.page, 'notes.txt');
    assert.ok(entries.length > 0 && !entries.includes('Upload Images'), entries.join(', '));
    await wb.page.keyboard.press('Escape');
  });
});
