import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import type { ForumPostRequest } from '../../../src/core/engine/types';
import { createVbulletinFake, type VbulletinFake } from '../../fakes/hosts/vbulletinFake';
import { createHostHarness, type HostHarness } from './hostHarness';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('vipergirls.to forum plugin against a vBulletin fake', () => {
  const account = { config: { username: 'alice' }, secrets: { password: 'pässword' } };
  let fake: VbulletinFake;
  let h: HostHarness;
  let n = 0;

  const post = (extra: Partial<ForumPostRequest> = {}) =>
    h.engine.postToForum({ postId: `post-${++n}`, forumId: 'vipergirls.to', thread: '12345', message: '[b]Hello[/b]', ...account, ...extra });

  beforeEach(async () => {
    fake = createVbulletinFake({
      users: { alice: 'pässword' },
      threads: { '12345': { title: 'Summer sets' }, '777': { title: 'Archive', closed: true }, '888': { title: 'Staff only', readOnlyFor: ['alice'] } },
      floodSeconds: 0,
    });
    h = await createHostHarness('vipergirls.to', [fake]);
  });
  afterEach(() => h.dispose());

  it('logs in with the md5 of the password, copies the reply form\'s token and posts the BBCode exactly', async () => {
    const message = '[url=https://vipr.im/abc.html][img]https://i5.vipr.im/th/1/abc.jpg[/img][/url]\nÜmlauts & "quotes" – 写真 #1 100%';
    const result = await post({ message, title: 'Set 1' });
    assert.ok(result.ok, JSON.stringify(result));
    const [stored] = fake.state.posts;
    assert.equal(result.value.postUrl, `https://vipergirls.to/showthread.php?p=${stored.id}#post${stored.id}`);
    assert.equal(result.value.threadUrl, 'https://vipergirls.to/showthread.php?t=12345');
    assert.deepEqual([stored.threadId, stored.user, stored.title, stored.message], ['12345', 'alice', 'Set 1', message]);
    assert.deepEqual([stored.fields.wysiwyg, stored.fields.parseurl, stored.fields.sbutton, stored.fields.loggedinuser], ['0', '1', 'Submit Reply', '1000']);
    const thread = await h.fetch('https://vipergirls.to/showthread.php?t=12345');
    assert.match(thread.body.toString(), /Set 1/);
    assert.equal(fake.state.loginAttempts, 1);
    assert.ok(!JSON.stringify(h.server.log).includes(md5('pässword')));
  });

  it('understands the thread as a number, a showthread link or a friendly link, and refuses anything else before sending', async () => {
    for (const thread of ['12345', ' 12345 ', 'https://vipergirls.to/showthread.php?t=12345&page=2', 'https://vipergirls.to/threads/12345-summer-sets?p=1#post1']) {
      const result = await post({ thread });
      assert.ok(result.ok, `${thread}: ${JSON.stringify(result)}`);
      assert.equal(result.value.threadId, '12345');
    }
    const before = h.server.log.length;
    const bad = await post({ thread: 'my thread' });
    assert.equal(!bad.ok && bad.error.kind, 'configInvalid');
    assert.equal(h.server.log.length, before);
  });

  it('reports a wrong password with the forum\'s words, posts nothing, and does not try the same password again at once', async () => {
    const first = await post({ secrets: { password: 'wrong' } });
    assert.equal(!first.ok && first.error.kind, 'loginFailed');
    assert.match(!first.ok ? first.error.message : '', /invalid username or password/);
    const second = await post({ secrets: { password: 'wrong' } });
    assert.equal(!second.ok && second.error.kind, 'loginFailed');
    assert.equal(fake.state.loginAttempts, 1);
    assert.equal(fake.state.postRequests, 0);
  });

  it('waits out flood control and posts once more, once', async () => {
    fake.state.floodSeconds = 5;
    const first = await post({ message: 'first' });
    assert.ok(first.ok, JSON.stringify(first));
    const second = await post({ message: 'second' });
    assert.ok(second.ok, JSON.stringify(second));
    assert.ok(second.value.floodWaitSeconds! >= 1);
    assert.deepEqual(fake.state.posts.map((p) => p.message), ['first', 'second']);
  });

  it('reports a flood wait too long to wait out, keeping the seconds, and posts nothing', async () => {
    fake.state.floodSeconds = 900;
    assert.ok((await post({ message: 'first' })).ok);
    const second = await post({ message: 'second' });
    assert.equal(!second.ok && second.error.kind, 'rateLimited');
    assert.ok(!second.ok && second.error.retryAfterSeconds! > 800);
    assert.match(!second.ok ? second.error.message : '', /wait 900 seconds between posts/);
    assert.equal(fake.state.posts.length, 1);
  });

  it('shows a closed thread, a missing permission and a too long message as the forum words them', async () => {
    const closed = await post({ thread: '777' });
    assert.match(!closed.ok ? closed.error.message : '', /This thread is closed/);
    const denied = await post({ thread: '888' });
    assert.match(!denied.ok ? denied.error.message : '', /do not have permission/);
    const long = await post({ message: 'x'.repeat(20_001) });
    assert.equal(!long.ok && long.error.kind, 'rejectedByHost');
    assert.match(!long.ok ? long.error.message : '', /too long \(20001 characters\)/);
    assert.equal(fake.state.posts.length, 0);
  });

  it('logs in again once when the session has expired, and posts once', async () => {
    assert.ok((await post({ message: 'one' })).ok);
    fake.state.expireSessions();
    const again = await post({ message: 'two' });
    assert.ok(again.ok, JSON.stringify(again));
    assert.equal(fake.state.loginAttempts, 2);
    assert.deepEqual(fake.state.posts.map((p) => p.message), ['one', 'two']);
  });

  it('never resends a post whose answer was lost: the error says so and the forum has it once', async () => {
    fake.state.dropNextAnswer = true;
    const result = await post({ message: 'maybe posted' });
    assert.equal(!result.ok && result.error.kind, 'network');
    assert.equal(fake.state.postRequests, 1);
    assert.equal(fake.state.posts.length, 1);
  });
});
