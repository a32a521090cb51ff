import { strict as assert } from 'node:assert';
import { pngBytes } from '../support/images';
import { answerDialog, documentText, expandFolder, openAtEnd, uploadFromExplorer, waitForNotification, useWorkbench } from './workbench';

describe('e2e: the pre-flight check before anything is sent', function () {
  this.timeout(180_000);
  // The sandbox plugin declares a 4 KB limit; big.png is 8 KB and empty.png has no bytes.
  const wb = useWorkbench({
    files: {
      'doc.md': '# Pre-flight\n\n',
      'declined.md': '# Declined\n\n',
      'mixed/big.png': pngBytes(8, 8, [10, 10, 200], 8192),
      'mixed/empty.png': '',
      'mixed/good1.png': pngBytes(8, 8, [200, 10, 10]),
      'mixed/good2.png': pngBytes(8, 8, [10, 200, 10]),
    },
    plugin: { maxFileSize: 4096 },
  });

  it('lists what will be skipped and why; continuing uploads only the good files and inserts their links', async () => {
    await openAtEnd(wb, 'doc.md');
    await uploadFromExplorer(wb.page, 'mixed');
    const dialog = await answerDialog(wb.page, 'Upload the other 2');
    assert.match(dialog, /2 of 4 files cannot be uploaded to Sandbox \(local\) and will be skipped/);
    assert.match(dialog, /big\.png: big\.png is 8 KB, over the host's limit of 4 KB/);
    assert.match(dialog, /empty\.png: empty\.png is empty \(0 bytes\)/);
    assert.doesNotMatch(dialog, /good\d\.png/);
    await waitForNotification(wb.page, /Uploaded 2 images to Sandbox \(local\)/);
    const text = await documentText(wb, 'doc.md', /!\[good2\]/);
    assert.deepEqual([...text.matchAll(/!\[(\w+)\]\(http:\/\/127\.0\.0\.1:\d+\/i\/\w+\.png\)/g)].map((m) => m[1]), ['good1', 'good2'], text);
    assert.deepEqual(wb.sandbox.uploads.map((u) => u.filename).sort(), ['good1.png', 'good2.png']);
  });

  it('declining sends nothing and leaves the document as it was', async () => {
    await openAtEnd(wb, 'declined.md');
    const before = wb.sandbox.uploads.length;
    await uploadFromExplorer(wb.page, 'mixed');
    await answerDialog(wb.page, 'Cancel');
    // A later batch of one good file is the only one that reaches the host.
    await expandFolder(wb.page, 'mixed');
    await uploadFromExplorer(wb.page, 'good1.png');
    const text = await documentText(wb, 'declined.md', /!\[good1\]/);
    assert.equal([...text.matchAll(/!\[\w+\]/g)].length, 1, text);
    assert.deepEqual(wb.sandbox.uploads.slice(before).map((u) => u.filename), ['good1.png']);
  });
});
