import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { chooseInFileDialog, chooseMenuEntry, documentText, openAtEnd, runCommand, type Workbench, useWorkbench } from './workbench';

const COMMAND = 'Upload Images and Insert Links';
const DIALOG = 'Upload images';

/** The links of a document, by image name, once `name`'s link has landed. */
async function linksIn(wb: Workbench, doc: string, name: string): Promise<string[]> {
  const text = await documentText(wb, doc, new RegExp(`!\\[${name}\\]`));
  return [...text.matchAll(/!\[(\w)\]\(http:\/\/127\.0\.0\.1:\d+\/i\/\w+\.png\)$/gm)].map((m) => m[1]);
}

describe('e2e: Upload Images and Insert Links from the editor', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ files: { 'palette.md': '# Palette\n\n', 'menu.md': '# Menu\n\n', 'keys.md': '# Keys\n\n' } });
  const image = (name: string) => path.join(wb.workspace, 'images', name);

  it('from the palette: asks for files and inserts their links at the cursor', async () => {
    await openAtEnd(wb, 'palette.md');
    await runCommand(wb.page, `Image Host: ${COMMAND}`);
    await chooseInFileDialog(wb.page, DIALOG, image('a.png'));
    assert.deepEqual(await linksIn(wb, 'palette.md', 'a'), ['a']);
  });

  it('from the editor context menu', async () => {
    await openAtEnd(wb, 'menu.md');
    // The context-menu key opens the menu at the cursor without a click that would move it.
    await wb.page.keyboard.press('Shift+F10');
    await wb.page.waitForSelector('.context-view .action-label', { timeout: 10_000 });
    await wb.screenshot('editor-context-menu');
    await chooseMenuEntry(wb.page, COMMAND);
    await chooseInFileDialog(wb.page, DIALOG, image('b.png'));
    assert.deepEqual(await linksIn(wb, 'menu.md', 'b'), ['b']);
  });

  it('with its keybinding, Ctrl+Alt+U, in the editor', async () => {
    await openAtEnd(wb, 'keys.md');
    await wb.page.keyboard.press('Control+Alt+U');
    await chooseInFileDialog(wb.page, DIALOG, image('c.png'));
    assert.deepEqual(await linksIn(wb, 'keys.md', 'c'), ['c']);
  });
});
