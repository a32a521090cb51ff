import { strict as assert } from 'node:assert';
import { documentText, expandFolder, openAtEnd, pickQuickPickRow, quickPickRows, uploadFromExplorer, waitForNotification, useWorkbench } from './workbench';

const HOST_PICK = 'Upload images to…';

describe('e2e: choosing the host when no default is set', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ files: { 'doc.md': '# Hosts\n\n' }, settings: { 'imageHost.defaultHost': '' } });
  before(async () => {
    await expandFolder(wb.page, 'images');
  });

  it('asks with a quick pick of hosts, uploads to the one chosen, and lists it first the next time', async () => {
    await openAtEnd(wb, 'doc.md');
    await uploadFromExplorer(wb.page, 'a.png');
    const first = await quickPickRows(wb.page, HOST_PICK);
    assert.ok(first.length > 1 && first.some((row) => row.startsWith('Sandbox (local)')), first.join('\n'));
    assert.ok(!first[0].startsWith('Sandbox (local)') && !first.some((row) => row.includes('recently used')), first.join('\n'));
    await wb.screenshot('host-pick-first');
    await pickQuickPickRow(wb.page, 'Sandbox (local)');
    await waitForNotification(wb.page, /Uploaded 1 image to Sandbox \(local\)/);
    assert.deepEqual(wb.sandbox.uploads.map((u) => u.filename), ['a.png']);

    await openAtEnd(wb, 'doc.md');
    await uploadFromExplorer(wb.page, 'b.png');
    const next = await quickPickRows(wb.page, HOST_PICK);
    assert.match(next[0], /^Sandbox \(local\).*recently used/, next.join('\n'));
    await wb.screenshot('host-pick-recent-first');
    await wb.page.keyboard.press('Enter');
    const text = await documentText(wb, 'doc.md', /!\[b\]/);
    assert.deepEqual([...text.matchAll(/!\[(\w)\]\(http:\/\/127\.0\.0\.1:\d+\/i\/\w+\.png\)/g)].map((m) => m[1]), ['a', 'b'], text);
    assert.deepEqual(wb.sandbox.uploads.map((u) => u.filename), ['a.png', 'b.png']);
  });
});
