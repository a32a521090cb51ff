import { strict as assert } from 'node:assert';
import type { Page } from 'playwright-core';
import { pngBytes } from '../support/images';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { activeDocumentText, closeAllEditors, openAtEnd, runCommand, useWorkbench } from './workbench';

const LINK = /!\[pasted-[\w-]+\]\(http:\/\/127\.0\.0\.1:\d+\/i\/\w+\.png\)/;

/** Pastes an image as the OS clipboard would hand it to the page: a paste event carrying a PNG file. */
async function pasteImage(page: Page, bytes: Buffer): Promise<void> {
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], 'image.png', { type: 'image/png' }));
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, [...bytes]);
}

describe('e2e: pasting an image uploads it', function () {
  this.timeout(180_000);
  // Uploading is a paste option next to VS Code's own; this preference makes it the default.
  const wb = useWorkbench({ files: { 'paste.md': '# Pasted\n\n' }, userSettings: { 'editor.pasteAs.preferences': ['imageHost.upload'] } });
  before(async () => {
    // Opening a Markdown file activates the extension, but a paste right after can beat its
    // providers; showing its log waits for the activation.
    await runCommand(wb.page, 'Image Host: Show Log');
    await wb.page.locator('.part.panel', { hasText: 'activated' }).first().waitFor({ timeout: 60_000 });
  });

  it('inserts a placeholder at once that becomes the link, even after typing above it meanwhile', async () => {
    await openAtEnd(wb, 'paste.md');
    wb.sandbox.controls.delayMs = 2500;
    await pasteImage(wb.page, pngBytes(8, 8, [10, 120, 200]));
    await activeDocumentText(wb.page, /\{\{uploading pasted-[\w-]+\.png… imagehost:[a-z0-9]{10}\}\}/);
    await wb.screenshot('paste-placeholder');
    await wb.page.keyboard.press('Control+Home');
    await wb.page.keyboard.type('Typed while uploading\n');
    const text = await activeDocumentText(wb.page, LINK);
    wb.sandbox.controls.delayMs = 0;
    assert.ok(text.startsWith('Typed while uploading\n# Pasted'), text);
    assert.ok(!text.includes('{{uploading'), text);
    assert.equal(wb.sandbox.uploads.length, 1);
    await wb.screenshot('paste-linked');
  });

  it('marks a failed upload in the text, and its light bulb retries it', async () => {
    await openAtEnd(wb, 'paste.md');
    wb.sandbox.controls.failNext = 10;
    await pasteImage(wb.page, pngBytes(8, 8, [200, 40, 40]));
    await activeDocumentText(wb.page, /\{\{upload failed: pasted-[\w-]+\.png \(.*\) imagehost:[a-z0-9]{10}\}\}/);
    wb.sandbox.controls.failNext = 0;
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.press('Control+.');
    const retry = wb.page.locator('.action-widget .monaco-list-row', { hasText: 'Retry uploading' }).first();
    await retry.waitFor();
    await wb.screenshot('paste-retry-action');
    await retry.click();
    const text = await activeDocumentText(wb.page, new RegExp(`${LINK.source}[^]*${LINK.source}`));
    assert.ok(!text.includes('{{upload failed'), text);
  });

  it('replaces the placeholder in a document that was saved and closed meanwhile, and saves it', async () => {
    await openAtEnd(wb, 'paste.md');
    wb.sandbox.controls.delayMs = 3000;
    const before = wb.sandbox.uploads.length;
    await pasteImage(wb.page, pngBytes(8, 8, [40, 200, 40]));
    await activeDocumentText(wb.page, /\{\{uploading pasted-/);
    await wb.page.keyboard.press('Control+S');
    await wb.page.locator('.tab.active:not(.dirty)', { hasText: 'paste.md' }).waitFor();
    await closeAllEditors(wb.page);
    const file = path.join(wb.workspace, 'paste.md');
    assert.match(readFileSync(file, 'utf8'), /\{\{uploading pasted-/, 'closed with the placeholder saved in it');
    const deadline = Date.now() + 60_000;
    while (wb.sandbox.uploads.length === before || /\{\{uploading/.test(readFileSync(file, 'utf8'))) {
      assert.ok(Date.now() < deadline, `still ${readFileSync(file, 'utf8')}`);
      await wb.page.waitForTimeout(200);
    }
    wb.sandbox.controls.delayMs = 0;
    await openAtEnd(wb, 'paste.md');
    const text = await activeDocumentText(wb.page, new RegExp(`(${LINK.source}[^]*){3}`));
    assert.ok(!text.includes('{{'), text);
  });

  it('undoing the paste removes the placeholder, and the finished upload then leaves the text alone', async () => {
    await openAtEnd(wb, 'paste.md');
    const before = await activeDocumentText(wb.page);
    const uploads = wb.sandbox.uploads.length;
    wb.sandbox.controls.delayMs = 2000;
    await pasteImage(wb.page, pngBytes(8, 8, [90, 90, 90]));
    await activeDocumentText(wb.page, /\{\{uploading pasted-/);
    await wb.page.keyboard.press('Control+Z');
    await activeDocumentText(wb.page, new RegExp(`^${before.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    const deadline = Date.now() + 30_000;
    while (wb.sandbox.uploads.length === uploads) {
      assert.ok(Date.now() < deadline, 'the upload finished');
      await wb.page.waitForTimeout(200);
    }
    wb.sandbox.controls.delayMs = 0;
    // The link is not put back into text the user took out (it is in the History view).
    await wb.page.locator('.part.panel', { hasText: 'its placeholder is gone' }).first().waitFor({ timeout: 30_000 });
    assert.equal(await activeDocumentText(wb.page), before);
  });
});
