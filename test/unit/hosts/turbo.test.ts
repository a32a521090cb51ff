import { strict as assert } from 'node:assert';
import { createTurboFake, type TurboFake } from '../../fakes/hosts/turboFake';
import { bytesOf, createHostHarness, type HostHarness } from './hostHarness';

describe('turboimagehost.com plugin against its fake', () => {
  const user = { username: 'alice' };
  const password = { password: 's3cret' };
  let fake: TurboFake;
  let h: HostHarness;

  beforeEach(async () => {
    fake = createTurboFake({ users: { alice: { password: 's3cret', albums: { '384037': 'My_Gallery' } } } });
    h = await createHostHarness('turboimagehost.com', [fake]);
  });
  afterEach(() => h.dispose());

  it('uploads three images anonymously, waiting for the result page, and links image, thumbnail and viewer page', async () => {
    fake.state.notReadyPolls = 1;
    const files = h.images(3);
    const summary = await h.run(files);
    for (const [i, outcome] of summary.outcomes.entries()) {
      assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
      const name = `img${i + 1}\\.png`;
      assert.match(outcome.links!.imageUrl, new RegExp(`^https://s8d1\\.turboimg\\.net/sp/[a-z0-9]+/${name}$`));
      assert.match(outcome.links!.thumbnailUrl!, new RegExp(`^https://s8d1\\.turboimg\\.net/t1/\\d+_${name}$`));
      assert.match(outcome.links!.viewerUrl!, new RegExp(`^https://www\\.turboimagehost\\.com/p/\\d+/${name}\\.html$`));
    }
    const served = await h.fetch(summary.outcomes[0].links!.imageUrl);
    assert.equal(served.status, 200);
    assert.deepEqual(served.body, bytesOf(files[0]));
    // The upload server is read from the home page once per batch; every file shares the batch's upload id.
    assert.equal(h.server.log.filter((l) => l === 'GET www.turboimagehost.com/').length, 1);
    const ids = new Set(fake.state.uploads.map((u) => u.fields.upload_id));
    assert.equal(ids.size, 1);
    assert.match([...ids][0], /^[a-z0-9]{20}$/);
    assert.equal(new Set(fake.state.uploads.map((u) => u.fields.qquuid)).size, 3);
    assert.ok(fake.state.uploads.every((u) => u.user === undefined));
    // The first look at the result page found it not ready, and the plugin asked again.
    assert.ok(h.server.log.filter((l) => l.endsWith('/html5_upload_result.tu')).length > 3);
  });

  it('sends the thumbnail size and content type as chosen', async () => {
    await h.run(h.images(1));
    assert.deepEqual([fake.state.uploads[0].fields.thumb_size, fake.state.uploads[0].fields.imcontent], ['180', 'all']);
    await h.run(h.images(1), { config: { thumbnailSize: 350, contentType: 'adult' } });
    assert.deepEqual([fake.state.uploads[1].fields.thumb_size, fake.state.uploads[1].fields.imcontent], ['350', 'adult']);
  });

  it('logs in once and puts a batch into the chosen gallery of the account', async () => {
    const summary = await h.run(h.images(3), { config: { ...user, galleryId: '384037' }, secrets: password });
    assert.ok(summary.outcomes.every((o) => o.links), JSON.stringify(summary));
    assert.equal(fake.state.loginAttempts, 1);
    assert.deepEqual(fake.state.uploads.map((u) => [u.user, u.album]), Array(3).fill(['alice', '384037']));
  });

  it('reports a wrong password as a login failure, with the host\'s words, and sends no upload', async () => {
    const summary = await h.run(h.images(2), { config: user, secrets: { password: 'nope' } });
    assert.equal(summary.error?.kind, 'loginFailed');
    assert.match(summary.error!.message, /You have some errors/);
    assert.ok(summary.outcomes.every((o) => o.error?.kind === 'loginFailed'));
    assert.equal(fake.state.loginAttempts, 1);
    assert.equal(fake.state.uploadRequests, 0);
  });

  it('logs in again once when the session has expired, and the upload then succeeds', async () => {
    await h.run(h.images(1), { config: user, secrets: password });
    fake.state.expireSessions();
    const summary = await h.run(h.images(2), { config: user, secrets: password, concurrency: 1 });
    assert.ok(summary.outcomes.every((o) => o.links), JSON.stringify(summary));
    assert.equal(fake.state.loginAttempts, 2);
    assert.ok(fake.state.uploads.every((u) => u.user === 'alice'));
  });

  it('refuses a file over 20 MB before sending anything', async () => {
    const summary = await h.run(h.images(1, 20 * 1024 * 1024 + 1));
    assert.equal(summary.outcomes[0].error?.kind, 'fileInvalid');
    assert.deepEqual(h.server.log, []);
  });
});
