import { strict as assert } from 'node:assert';
import { clickNotificationButton, documentText, expandFolder, openAtEnd, uploadFromExplorer, waitForNotification, useWorkbench } from './workbench';

describe('e2e: cancelling and retrying', function () {
  this.timeout(180_000);
  // One file at a time, so "the first finished, the second is in flight" is certain.
  const wb = useWorkbench({ files: { 'cancel.md': '# Cancel\n\n', 'retry.md': '# Retry\n\n' }, userSettings: { 'imageHost.concurrency': 1 } });
  before(async () => {
    await expandFolder(wb.page, 'images');
  });
  afterEach(() => {
    wb.sandbox.controls.failNext = 0;
    wb.sandbox.controls.delayMs = 0;
  });

  it('cancel during a slow upload keeps the finished link and inserts nothing half-done', async () => {
    await openAtEnd(wb, 'cancel.md');
    Object.assign(wb.sandbox.controls, { delayMs: 120_000, slowFrom: wb.sandbox.uploads.length + 1 });
    await uploadFromExplorer(wb.page, 'images');
    await wb.page.waitForFunction(() => document.querySelector('.notification-toast')?.textContent?.includes('1/3 files'), undefined, { timeout: 60_000 });
    await clickNotificationButton(wb.page, 'Cancel');
    const summary = await waitForNotification(wb.page, /Uploaded 1 image .*Cancelled: 2 not uploaded/);
    assert.match(summary, /Sandbox/);
    const text = await documentText(wb, 'cancel.md');
    assert.equal([...text.matchAll(/!\[(\w)\]\(http:\/\/127\.0\.0\.1:\d+\/i\/\w+\.png\)/g)].map((m) => m[1]).join(), 'a', text);
    await wb.screenshot('cancelled');
  });

  it('a failing host shows the summary with Retry Failed, and the retry succeeds', async () => {
    await openAtEnd(wb, 'retry.md');
    wb.sandbox.controls.failNext = 1000;
    await uploadFromExplorer(wb.page, 'images');
    const summary = await waitForNotification(wb.page, /0 uploaded, 3 failed/, 120_000);
    assert.match(summary, /HTTP 503/);
    await wb.screenshot('retry-failed-summary');
    wb.sandbox.controls.failNext = 0;
    await clickNotificationButton(wb.page, 'Retry Failed');
    await waitForNotification(wb.page, /Uploaded 3 images to Sandbox/);
    const text = await documentText(wb, 'retry.md');
    assert.deepEqual([...text.matchAll(/!\[(\w)\]\(http/g)].map((m) => m[1]), ['a', 'b', 'c'], text);
  });
});
