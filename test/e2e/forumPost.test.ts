import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { hostnamesOf, startFakeHostsServer, type FakeHostsServer } from '../fakes/fakeHostsServer';
import { createVbulletinFake } from '../fakes/hosts/vbulletinFake';
import { createTestCa } from '../fakes/testCa';
import { activeDocumentText, answerDialog, clickNotificationButton, openAtEnd, pickQuickPickRow, quickPickRows, runCommand, useWorkbench, waitForNotification } from './workbench';

const DOCUMENT = '[b]Summer set[/b]\n[url=https://vipr.im/abc.html][img]https://i5.vipr.im/th/1/abc.jpg[/img][/url]\nThanks – 写真!\n';

describe('e2e: posting a BBCode document to a forum thread', function () {
  this.timeout(240_000);
  // The shipped ViperGirls plugin runs unchanged: only its connection goes to the local fake.
  const forum = createVbulletinFake({ users: { alice: 'forum-pass-123' }, threads: { '12345': { title: 'Summer sets' } }, floodSeconds: 0 });
  const options = { files: { 'post.bbcode': DOCUMENT }, userSettings: {} as Record<string, unknown> };
  let server: FakeHostsServer;
  let caDir: string;
  before(async () => {
    const ca = await createTestCa();
    server = await startFakeHostsServer([forum], await ca.issue(hostnamesOf([forum])));
    caDir = mkdtempSync(path.join(tmpdir(), 'ihu-e2e-ca-'));
    writeFileSync(path.join(caDir, 'ca.pem'), ca.caPem);
    Object.assign(options.userSettings, {
      'imageHost.network.connectTo': server.connectTo,
      'imageHost.network.extraCaCertificates': [path.join(caDir, 'ca.pem')],
      'imageHost.hosts': { 'vipergirls.to': { username: 'alice' } },
    });
  });
  after(async () => {
    await server?.close();
    rmSync(caDir, { recursive: true, force: true });
  });
  const wb = useWorkbench(options);

  it('asks for the thread, previews exactly the text, posts it once, and remembers the thread', async () => {
    const quick = wb.page.locator('.quick-input-widget');
    await runCommand(wb.page, 'Image Host: Set Host Secret…');
    await quick.locator('.monaco-list-row', { hasText: 'vipergirls.to' }).first().waitFor();
    await wb.page.keyboard.type('ViperGirls');
    await wb.page.keyboard.press('Enter');
    await quick.locator('input[type="password"]').waitFor({ state: 'visible' });
    await wb.page.keyboard.type('forum-pass-123');
    await wb.page.keyboard.press('Enter');
    await waitForNotification(wb.page, /stored/i);

    await openAtEnd(wb, 'post.bbcode');
    await runCommand(wb.page, 'Image Host: Post Document to Forum Thread…');
    const input = quick.locator('.quick-input-box input').first();
    await quick.locator('.quick-input-title', { hasText: 'Post to ViperGirls' }).waitFor();
    await input.fill('https://vipergirls.to/threads/12345-summer-sets');
    await wb.page.keyboard.press('Enter');
    // The preview opens beside the document before the confirmation.
    await wb.page.locator('.tab', { hasText: 'Post to ViperGirls thread 12345' }).waitFor();
    const preview = await activeDocumentText(wb.page, /Thanks/).catch(() => '');
    await wb.screenshot('forum-preview');
    const question = await answerDialog(wb.page, 'Post');
    assert.match(question, /to thread 12345 on ViperGirls/);
    await waitForNotification(wb.page, /Posted to thread 12345 on ViperGirls/);
    await wb.screenshot('forum-posted');
    assert.equal(forum.state.posts.length, 1);
    assert.equal(forum.state.posts[0].message, DOCUMENT);
    assert.equal(forum.state.posts[0].user, 'alice');
    if (preview) assert.ok(DOCUMENT.includes(preview.split('\n')[0]), preview);

    // Asked again, the thread is already filled in for this document.
    await openAtEnd(wb, 'post.bbcode');
    await runCommand(wb.page, 'Image Host: Post Document to Forum Thread…');
    await quick.locator('.quick-input-title', { hasText: 'Post to ViperGirls' }).waitFor();
    assert.equal(await input.inputValue(), 'https://vipergirls.to/threads/12345-summer-sets');
    await wb.page.keyboard.press('Escape');
    assert.equal(forum.state.posts.length, 1, 'nothing more was posted');
  });

  it('keeps a post that flood control holds back across a reload, and posts it from the waiting list', async () => {
    const quick = wb.page.locator('.quick-input-widget');
    forum.state.floodSeconds = 900;
    await openAtEnd(wb, 'post.bbcode');
    await runCommand(wb.page, 'Image Host: Post Document to Forum Thread…');
    await quick.locator('.quick-input-title', { hasText: 'Post to ViperGirls' }).waitFor();
    await wb.page.keyboard.press('Enter');
    await answerDialog(wb.page, 'Post');
    await waitForNotification(wb.page, /asks to wait before posting again[^]*The post is kept/);
    assert.equal(forum.state.posts.length, 1, 'flood control let nothing through');

    await wb.page.reload();
    await wb.page.waitForSelector('.pane-header:has-text("Image Host History")', { timeout: 60_000 });
    await waitForNotification(wb.page, /1 forum post is not sent yet/);
    await clickNotificationButton(wb.page, 'Show Waiting Posts');
    const rows = await quickPickRows(wb.page, 'Waiting forum posts');
    assert.match(rows[0], /ViperGirls thread 12345/);
    forum.state.floodSeconds = 0;
    await pickQuickPickRow(wb.page, 'ViperGirls thread 12345');
    await answerDialog(wb.page, 'Post Now');
    await waitForNotification(wb.page, /Posted to thread 12345 on ViperGirls/);
    assert.deepEqual(forum.state.posts.map((p) => p.message), [DOCUMENT, DOCUMENT]);
    await runCommand(wb.page, 'Image Host: Show Waiting Forum Posts');
    await waitForNotification(wb.page, /No forum posts are waiting/);
  });
});
