import { strict as assert } from 'node:assert';
import { renameSync } from 'node:fs';
import * as path from 'node:path';
import { createViprFake, type ViprFake } from '../../fakes/hosts/viprFake';
import { bytesOf, createHostHarness, type HostHarness } from './hostHarness';

describe('vipr.im plugin against its fake', () => {
  const account = { config: { username: 'alice' }, secrets: { password: 's3cret' } };
  let fake: ViprFake;
  let h: HostHarness;

  beforeEach(async () => {
    fake = createViprFake({ users: { alice: { password: 's3cret', folders: { '104001': 'Holidays' } } } });
    h = await createHostHarness('vipr.im', [fake]);
  });
  afterEach(() => h.dispose());

  it('logs in, uploads three images through the XFS hand-off, and links image, thumbnail and viewer page', async () => {
    const files = h.images(3);
    const summary = await h.run(files, account);
    for (const [i, outcome] of summary.outcomes.entries()) {
      assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
      const code = fake.state.uploads[i].code;
      assert.match(outcome.links!.imageUrl, new RegExp(`^https://i5\\.vipr\\.im/i/\\d{5}/${code}\\.png$`));
      assert.match(outcome.links!.thumbnailUrl!, new RegExp(`^https://i5\\.vipr\\.im/th/\\d{5}/${code}\\.png$`));
      assert.equal(outcome.links!.viewerUrl, `https://vipr.im/${code}.html`);
    }
    // Each link belongs to its own file.
    for (const [i, file] of files.entries()) {
      const served = await h.fetch(summary.outcomes[i].links!.imageUrl);
      assert.equal(served.status, 200);
      assert.deepEqual(served.body, bytesOf(file));
    }
    assert.equal(fake.state.loginAttempts, 1);
    const first = fake.state.uploads[0];
    assert.equal(first.fields.sess_id.length > 0, true);
    assert.deepEqual([first.fields.upload_type, first.fields.tos, first.fields.submit_btn, first.fields.thumb_size, first.fields.fld_id], ['file', '1', 'Upload', '170x170', '0']);
    assert.match(first.query.upload_id, /^\d{12}$/);
    assert.deepEqual([first.query.js_on, first.query.utype, first.query.upload_type], ['1', 'reg', 'file']);
    // The session is made once (the login's redirect home, then the upload form); one upload.cgi post per file.
    assert.equal(h.server.log.filter((l) => l === 'GET vipr.im/').length, 2);
    assert.equal(h.server.log.filter((l) => l === 'POST s5.vipr.im/cgi-bin/upload.cgi').length, 3);
  });

  it('sends the chosen thumbnail size and an existing gallery', async () => {
    await h.run(h.images(1), { ...account, config: { ...account.config, thumbnailSize: '350x350', galleryId: '104001' } });
    assert.deepEqual([fake.state.uploads[0].fields.thumb_size, fake.state.uploads[0].folder], ['350x350', '104001']);
  });

  it('lists the account\'s galleries for the gallery setting', async () => {
    const options = await h.engine.fetchOptions('vipr.im', 'galleryId', account.config, account.secrets);
    assert.ok(options.ok, JSON.stringify(options));
    assert.deepEqual(options.value, [
      { value: '0', label: '-- none --' },
      { value: '104001', label: 'Holidays' },
    ]);
  });

  it('puts a whole batch in a new gallery named after the batch', async () => {
    const summary = await h.run(h.images(3), { ...account, config: { ...account.config, newGalleryPerBatch: true }, batchName: 'Beach 2026' });
    assert.ok(summary.outcomes.every((o) => o.links), JSON.stringify(summary));
    const folders = fake.state.users.get('alice')!.folders;
    const created = [...folders].find(([, name]) => name === 'Beach 2026');
    assert.ok(created, 'the gallery was created');
    assert.deepEqual(fake.state.uploads.map((u) => u.folder), Array(3).fill(created[0]));
    assert.equal(folders.size, 2);
  });

  it('sends file names with spaces as the site expects them, with underscores', async () => {
    const [file] = h.images(1);
    const spaced = path.join(path.dirname(file), 'my holiday photo.png');
    renameSync(file, spaced);
    const summary = await h.run([spaced], account);
    assert.ok(summary.outcomes[0].links, JSON.stringify(summary));
    assert.equal(fake.state.uploads[0].filename, 'my_holiday_photo.png');
  });

  it('reports a wrong password as a login failure, with the host\'s words, and sends no upload', async () => {
    const summary = await h.run(h.images(2), { ...account, secrets: { password: 'nope' } });
    assert.equal(summary.error?.kind, 'loginFailed');
    assert.match(summary.error!.message, /Incorrect Login or Password/);
    assert.ok(summary.outcomes.every((o) => o.error?.kind === 'loginFailed'));
    assert.equal(fake.state.loginAttempts, 1);
    assert.equal(fake.state.uploadRequests, 0);
  });

  it('asks for the password before sending anything when none is stored', async () => {
    const outcome = await h.engine.runBatch({ batchId: 'b', hostId: 'vipr.im', files: [{ id: '0', path: h.images(1)[0] }], config: account.config, secrets: {} });
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.error.kind, 'configInvalid');
    assert.match(!outcome.ok ? outcome.error.message : '', /Password/);
    assert.deepEqual(h.server.log, []);
  });

  it('logs in again once when the session has expired, and the upload then succeeds', async () => {
    await h.run(h.images(1), account);
    fake.state.expireSessions();
    const summary = await h.run(h.images(2), account);
    assert.ok(summary.outcomes.every((o) => o.links), JSON.stringify(summary));
    assert.equal(fake.state.loginAttempts, 2);
    assert.equal(fake.state.uploads.length, 3);
  });

  it('reports the host\'s reason when it refuses a file', async () => {
    const summary = await h.run(h.images(1), { ...account, config: { ...account.config, galleryId: '999' } });
    assert.equal(summary.outcomes[0].error?.kind, 'rejectedByHost');
    assert.match(summary.outcomes[0].error!.message, /Invalid folder/);
  });

  it('refuses a file over 50 MB before sending anything', async () => {
    const summary = await h.run(h.images(1, 50 * 1024 * 1024 + 1), account);
    assert.equal(summary.outcomes[0].error?.kind, 'fileInvalid');
    assert.deepEqual(h.server.log, []);
  });
});
