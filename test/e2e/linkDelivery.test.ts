import { strict as assert } from 'node:assert';
import { closeAllEditors, documentText, expandFolder, openAtEnd, pasteIntoNewDocument, uploadFromExplorer, useWorkbench } from './workbench';

const BBCODE_LINK = /\[url=http:\/\/127\.0\.0\.1:\d+\/v\/\w+\]\[img\]http:\/\/127\.0\.0\.1:\d+\/t\/\w+\.png\[\/img\]\[\/url\]/g;

describe('e2e: where the links go (no editor, clipboard)', function () {
  this.timeout(180_000);
  // The workspace chooses BBCode for every document and also copies each inserted block.
  const wb = useWorkbench({ files: { 'doc.md': '# Clipboard\n\n' }, settings: { 'imageHost.linkFormat': 'bbcode', 'imageHost.copyToClipboard': true } });
  before(async () => {
    await expandFolder(wb.page, 'images');
  });

  it('with no editor open, the links open in a new untitled document in the chosen format', async () => {
    await openAtEnd(wb, 'doc.md');
    await closeAllEditors(wb.page);
    await uploadFromExplorer(wb.page, 'images');
    await wb.page.locator('.tab.active', { hasText: /Untitled-\d+/ }).waitFor({ timeout: 60_000 });
    const text = await documentText(wb, 'Untitled-', /\[\/url\][^]*\[\/url\][^]*\[\/url\]/);
    assert.equal([...text.matchAll(BBCODE_LINK)].length, 3, text);
    assert.equal(await wb.page.locator('#status\\.editor\\.mode').innerText(), 'BBCode');
    await wb.screenshot('links-in-untitled');
  });

  it('imageHost.copyToClipboard puts the inserted block on the clipboard too', async () => {
    await openAtEnd(wb, 'doc.md');
    await uploadFromExplorer(wb.page, 'b.png');
    const text = await documentText(wb, 'doc.md', /\[\/url\]/);
    const inserted = text.slice('# Clipboard\n\n'.length);
    assert.equal([...inserted.matchAll(BBCODE_LINK)].length, 1, text);
    assert.equal(await pasteIntoNewDocument(wb.page), inserted);
  });
});
