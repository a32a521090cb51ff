import { strict as assert } from 'node:assert';
import { createImagebamFake, type ImagebamFake } from '../../fakes/hosts/imagebamFake';
import { bytesOf, createHostHarness, type HostHarness } from './hostHarness';

describe('imagebam.com plugin against its fake', () => {
  const account = { config: { email: 'alice@example.org' }, secrets: { password: 's3cret' } };
  let fake: ImagebamFake;
  let h: HostHarness;

  beforeEach(async () => {
    fake = createImagebamFake({ users: { 'alice@example.org': { password: 's3cret', galleries: { '7300042': 'Old trip' } } } });
    h = await createHostHarness('imagebam.com', [fake]);
  });
  afterEach(() => h.dispose());

  it('uploads three images anonymously in one upload session, each linked to its own image, thumbnail and viewer page', async () => {
    const files = h.images(3);
    const summary = await h.run(files);
    assert.equal(fake.state.uploadSessions.length, 1);
    for (const [i, outcome] of summary.outcomes.entries()) {
      assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
      const id = fake.state.uploads.find((u) => u.filename === `img${i + 1}.png`)!.id;
      assert.equal(outcome.links!.viewerUrl, `https://www.imagebam.com/view/${id}`);
      assert.match(outcome.links!.thumbnailUrl!, new RegExp(`^https://thumbs4\\.imagebam\\.com/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{2}/${id}_t\\.png$`));
      assert.match(outcome.links!.imageUrl, new RegExp(`^https://images4\\.imagebam\\.com/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{2}/${id}_o\\.png$`));
      const served = await h.fetch(outcome.links!.imageUrl);
      assert.deepEqual(served.body, bytesOf(files[i]));
    }
    // Every upload presented the CSRF token twice (header and field) and the session's data.
    for (const u of fake.state.uploads) assert.equal(u.fields.data, fake.state.uploadSessions[0].data);
    assert.ok(fake.state.uploads.every((u) => u.fields._token && u.fields._token.length === 40));
    assert.equal(fake.state.csrfRefusals, 0);
    assert.equal(fake.state.loginAttempts, 0);
    assert.deepEqual(fake.state.uploadSessions[0].fields, {
      thumbnail_size: '2',
      content_type: 'sfw',
      comments_enabled: 'false',
      gallery: 'false',
      gallery_token: '',
      gallery_title: '',
    });
  });

  it('sends the thumbnail size as the host\'s code and the content type', async () => {
    await h.run(h.images(1), { config: { thumbnailSize: '300', contentType: 'nsfw' } });
    const { thumbnail_size, content_type } = fake.state.uploadSessions[0].fields;
    assert.deepEqual([thumbnail_size, content_type], ['4', 'nsfw']);
  });

  it('puts a batch in a new gallery named after the batch', async () => {
    const summary = await h.run(h.images(3), { config: { newGalleryPerBatch: true }, batchName: 'Summer' });
    assert.ok(summary.outcomes.every((o) => o.links), JSON.stringify(summary));
    assert.equal(fake.state.uploadSessions.length, 1);
    const gallery = fake.state.uploadSessions[0].gallery!;
    assert.equal(fake.state.galleries.get(gallery)?.title, 'Summer');
    assert.ok(fake.state.uploads.every((u) => u.session.gallery === gallery));
    const page = await h.fetch(`https://www.imagebam.com/view/GA${gallery}`);
    assert.equal((page.body.toString().match(/<img /g) ?? []).length, 3);
  });

  it('logs in with the form token and adds a batch to an existing gallery of the account', async () => {
    const summary = await h.run(h.images(2), { ...account, config: { ...account.config, galleryToken: '7300042' } });
    assert.ok(summary.outcomes.every((o) => o.links), JSON.stringify(summary));
    assert.equal(fake.state.loginAttempts, 1);
    assert.equal(fake.state.uploadSessions[0].user, 'alice@example.org');
    assert.deepEqual(fake.state.uploads.map((u) => u.session.gallery), ['7300042', '7300042']);
  });

  it('lists the account\'s galleries for the gallery setting', async () => {
    const options = await h.engine.fetchOptions('imagebam.com', 'galleryToken', account.config, account.secrets);
    assert.ok(options.ok, JSON.stringify(options));
    assert.deepEqual(options.value, [{ value: '7300042', label: 'Old trip' }]);
  });

  it('reports a wrong password as a login failure, with the host\'s words, and sends no upload', async () => {
    const summary = await h.run(h.images(2), { ...account, secrets: { password: 'nope' } });
    assert.equal(summary.error?.kind, 'loginFailed');
    assert.match(summary.error!.message, /These credentials do not match our records/);
    assert.ok(summary.outcomes.every((o) => o.error?.kind === 'loginFailed'));
    assert.equal(fake.state.loginAttempts, 1);
    assert.equal(fake.state.uploadSessions.length, 0);
    assert.equal(fake.state.uploadRequests, 0);
  });

  it('logs in again once when the session has expired (the host answers 419), and the uploads then succeed', async () => {
    await h.run(h.images(1), account);
    fake.state.expireSessions();
    const summary = await h.run(h.images(2), account);
    assert.ok(summary.outcomes.every((o) => o.links), JSON.stringify(summary));
    assert.equal(fake.state.loginAttempts, 2);
    assert.equal(fake.state.csrfRefusals, 1);
    assert.ok(fake.state.uploads.every((u) => u.session.user === 'alice@example.org'));
  });

  it('renews an expired anonymous session the same way, by reading a fresh token', async () => {
    await h.run(h.images(1));
    fake.state.expireSessions();
    const summary = await h.run(h.images(1));
    assert.ok(summary.outcomes[0].links, JSON.stringify(summary));
    assert.equal(fake.state.csrfRefusals, 1);
  });

  it('reports the host\'s reason when it refuses a gallery that is not the user\'s', async () => {
    const summary = await h.run(h.images(1), { config: { galleryToken: '7300042' } });
    assert.equal(summary.outcomes[0].error?.kind, 'rejectedByHost');
    assert.match(summary.outcomes[0].error!.message, /The selected gallery is invalid/);
  });

  it('retries a flood answer and keeps every link with its own file', async () => {
    fake.state.floodNext = 1;
    const summary = await h.run(h.images(2));
    assert.ok(summary.outcomes.every((o) => o.links), JSON.stringify(summary));
    assert.notEqual(summary.outcomes[0].links!.viewerUrl, summary.outcomes[1].links!.viewerUrl);
    assert.equal(fake.state.uploadRequests, 3);
  });

  it('refuses a file over 16 MB before sending anything', async () => {
    const summary = await h.run(h.images(1, 16 * 1024 * 1024 + 1));
    assert.equal(summary.outcomes[0].error?.kind, 'fileInvalid');
    assert.deepEqual(h.server.log, []);
  });
});
