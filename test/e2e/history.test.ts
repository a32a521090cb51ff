import { strict as assert } from 'node:assert';
import type { Locator } from 'playwright-core';
import { activeDocumentText, chooseMenuEntry, closeAllEditors, documentText, expandFolder, historyView, openAtEnd, pasteIntoNewDocument, pickQuickPickRow, quickPickRows, uploadFromExplorer, type Workbench, useWorkbench } from './workbench';

const IMAGE_URL = /http:\/\/127\.0\.0\.1:\d+\/i\/(\w+)\.png/g;

/** Right-clicks a row of the History view and chooses an action, then a link format. */
async function historyAction(wb: Workbench, row: Locator, action: string, format: string): Promise<string[]> {
  await wb.page.keyboard.press('Escape');
  await row.click({ button: 'right' });
  await chooseMenuEntry(wb.page, action);
  const formats = await quickPickRows(wb.page, 'Link format');
  await pickQuickPickRow(wb.page, format);
  return formats;
}

describe('e2e: the Image Host History view', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ files: { 'doc.md': '# Batch\n\n', 'insert.md': '# Inserted from history\n\n' } });
  let view: Locator;
  /** The image ids of the first batch, in the order of its links in doc.md. */
  let batchIds: string[];
  const batchRow = () => view.locator('.monaco-list-row', { hasText: 'Sandbox (local) · 3 images' });
  before(async () => {
    await expandFolder(wb.page, 'images');
    await openAtEnd(wb, 'doc.md');
    await uploadFromExplorer(wb.page, 'images');
    const text = await documentText(wb, 'doc.md', /!\[c\]/);
    batchIds = [...text.matchAll(IMAGE_URL)].map((m) => m[1]);
    view = await historyView(wb.page);
    await batchRow().waitFor();
    if ((await batchRow().getAttribute('aria-expanded')) === 'false') await batchRow().click();
  });

  it('shows the batch with its host and each file with its viewer link', async () => {
    assert.equal(batchIds.length, 3);
    const files = await Promise.all(['a.png', 'b.png', 'c.png'].map((name) => view.locator('.monaco-list-row', { hasText: name }).first().innerText()));
    files.forEach((row, i) => assert.match(row, new RegExp(`http://127\\.0\\.0\\.1:\\d+/v/${batchIds[i]}`), row));
    await wb.screenshot('history-view');
  });

  it('Insert Links at Cursor puts the whole batch in the chosen format where the cursor is', async () => {
    await openAtEnd(wb, 'insert.md');
    const formats = await historyAction(wb, batchRow(), 'Insert Links at Cursor', 'BBCode full image');
    assert.deepEqual(formats, ['Markdown image', 'Markdown thumbnail linked to the viewer', 'BBCode thumbnail linked to the viewer', 'BBCode full image', 'HTML', 'Plain URLs']);
    const text = await documentText(wb, 'insert.md', /\[img\][^]*\[img\][^]*\[img\]/);
    assert.ok(text.startsWith('# Inserted from history\n\n[img]'), text);
    assert.deepEqual([...text.matchAll(/\[img\]http:\/\/127\.0\.0\.1:\d+\/i\/(\w+)\.png\[\/img\]/g)].map((m) => m[1]), batchIds, text);
  });

  it('with no editor open, Insert Links at Cursor opens the links in a new document of the format\'s language', async () => {
    await closeAllEditors(wb.page);
    await historyAction(wb, batchRow(), 'Insert Links at Cursor', 'HTML');
    const text = await activeDocumentText(wb.page, /(<a href[^]*){3}/);
    assert.deepEqual([...text.matchAll(/<img src="http:\/\/127\.0\.0\.1:\d+\/t\/(\w+)\.png"/g)].map((m) => m[1]), batchIds, text);
    assert.equal(await wb.page.locator('#status\\.editor\\.mode').innerText(), 'HTML');
  });

  it('Copy Links puts one file\'s links on the clipboard', async () => {
    await historyAction(wb, view.locator('.monaco-list-row', { hasText: 'b.png' }).first(), 'Copy Links', 'Plain URLs');
    const pasted = await pasteIntoNewDocument(wb.page);
    assert.match(pasted, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/i/${batchIds[1]}\\.png$`), pasted);
  });

  it('Remove from History drops that batch and keeps the others', async () => {
    await openAtEnd(wb, 'doc.md');
    await uploadFromExplorer(wb.page, 'a.png');
    const single = view.locator('.monaco-list-row', { hasText: 'Sandbox (local) · 1 image' });
    await single.waitFor();
    await wb.page.keyboard.press('Escape');
    await single.click({ button: 'right' });
    await chooseMenuEntry(wb.page, 'Remove from History');
    await single.waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await batchRow().count(), 1);
  });
});
