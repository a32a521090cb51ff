import { strict as assert } from 'node:assert';
import { expandFolder, uploadFromExplorer, waitForNotification, useWorkbench } from './workbench';

describe('e2e: the status bar while a batch runs', function () {
  this.timeout(180_000);
  const wb = useWorkbench();
  before(async () => {
    await expandFolder(wb.page, 'images');
  });
  afterEach(() => {
    wb.sandbox.controls.delayMs = 0;
  });

  it('shows an item with the host and files done while uploading, and removes it when the batch ends', async () => {
    // The host answers every upload after 3 s, long enough to see the item.
    Object.assign(wb.sandbox.controls, { delayMs: 3_000, slowFrom: 0 });
    await uploadFromExplorer(wb.page, 'images');
    const item = wb.page.locator('.statusbar-item', { hasText: /Sandbox \(local\): \d\/3/ });
    await item.waitFor({ timeout: 30_000 });
    assert.equal(await item.locator('.codicon-cloud-upload').count(), 1);
    await wb.screenshot('status-bar-item');
    await waitForNotification(wb.page, /Uploaded 3 images to Sandbox \(local\)/);
    await item.waitFor({ state: 'detached', timeout: 10_000 });
  });
});
