import { strict as assert } from 'node:assert';
import { chooseMenuEntry, documentText, expandFolder, openAtEnd, type Workbench, useWorkbench } from './workbench';

/** The Explorer list row holding an item, whose aria-selected tells if it is in the selection. */
const row = (wb: Workbench, name: string) => wb.page.locator('.monaco-list-row', { has: wb.page.locator('.explorer-item', { hasText: name }) }).first();

async function uploadTwoImages(wb: Workbench): Promise<void> {
  await expandFolder(wb.page, 'images');
  await wb.page.locator('.explorer-item', { hasText: 'a.png' }).first().click();
  await wb.page.locator('.explorer-item', { hasText: 'b.png' }).first().click({ modifiers: ['Shift'] });
  for (const name of ['a.png', 'b.png']) await row(wb, name).and(wb.page.locator('[aria-selected="true"]')).waitFor({ timeout: 5_000 });
  // The context-menu key opens the menu on the selection without a click that could change it.
  await wb.page.keyboard.press('Shift+F10');
  await wb.page.waitForSelector('.context-view .action-label', { timeout: 10_000 });
  await chooseMenuEntry(wb.page, 'Upload Images');
}

describe('e2e: uploading from the Explorer', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ files: { 'doc.md': '# Trip\n\n', 'post.bbcode': '[b]Trip[/b]\n\n' } });

  it('puts two Markdown links that resolve on the host into the open Markdown document', async () => {
    await openAtEnd(wb, 'doc.md');
    await uploadTwoImages(wb);
    await wb.page.locator('.tab', { hasText: 'doc.md' }).click();
    await wb.page.waitForFunction(() => [...document.querySelectorAll('.editor-instance .view-line')].some((l) => l.textContent?.includes('![b]')) && [...document.querySelectorAll('.editor-instance .view-line')].some((l) => l.textContent?.includes('![a]')), undefined, { timeout: 60_000 });
    const text = await documentText(wb, 'doc.md');
    const links = [...text.matchAll(/!\[(\w)\]\((http:\/\/127\.0\.0\.1:\d+\/i\/\w+\.png)\)/g)];
    assert.deepEqual(links.map((m) => m[1]), ['a', 'b'], text);
    for (const [, , url] of links) assert.equal((await fetch(url)).status, 200);
    await wb.screenshot('markdown-links');
  });

  it('puts BBCode thumbnails linked to the viewer into a .bbcode document', async () => {
    await openAtEnd(wb, 'post.bbcode');
    await uploadTwoImages(wb);
    await wb.page.locator('.tab', { hasText: 'post.bbcode' }).click();
    await wb.page.waitForFunction(() => [...document.querySelectorAll('.editor-instance .view-line')].some((l) => l.textContent?.includes('[url=')), undefined, { timeout: 60_000 });
    const text = await documentText(wb, 'post.bbcode');
    assert.equal([...text.matchAll(/\[url=http:\/\/127\.0\.0\.1:\d+\/v\/\w+\]\[img\]http:\/\/127\.0\.0\.1:\d+\/t\/\w+\.png\[\/img\]\[\/url\]/g)].length, 2, text);
    await wb.screenshot('bbcode-links');
  });
});
