import { strict as assert } from 'node:assert';
import { createPixhostFake, type PixhostFake } from '../../fakes/hosts/pixhostFake';
import { bytesOf, createHostHarness, type HostHarness } from './hostHarness';

/*
 * pixhost.to through its shipped plugin. Not tested here, because pixhost
 * has no accounts: a wrong key or password, and recovering an expired
 * session. Its API needs no credentials at all.
 */
describe('pixhost.to plugin against its fake', () => {
  let fake: PixhostFake;
  let h: HostHarness;

  beforeEach(async () => {
    fake = createPixhostFake();
    h = await createHostHarness('pixhost.to', [fake]);
  });
  afterEach(() => h.dispose());

  it('uploads three images and links the image, thumbnail and viewer page, which the host serves', async () => {
    const files = h.images(3);
    const summary = await h.run(files);
    for (const outcome of summary.outcomes) {
      assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
      const links = outcome.links!;
      assert.match(links.imageUrl, /^https:\/\/img2\.pixhost\.to\/images\/7047\/\d+_img\d\.png$/);
      assert.equal(links.thumbnailUrl, links.imageUrl.replace('https://img2.pixhost.to/images/', 'https://t2.pixhost.to/thumbs/'));
      assert.equal(links.viewerUrl, links.imageUrl.replace('https://img2.pixhost.to/images/', 'https://pixhost.to/show/'));
    }
    const served = await h.fetch(summary.outcomes[2].links!.imageUrl);
    assert.equal(served.status, 200);
    assert.deepEqual(served.body, bytesOf(files[2]));
  });

  it('sends the content type and thumbnail size as chosen, and no gallery fields by default', async () => {
    await h.run(h.images(1));
    assert.deepEqual(fake.state.uploads[0].fields, { content_type: '0', max_th_size: '200' });
    await h.run(h.images(1), { config: { contentType: '1', thumbnailSize: 420 } });
    assert.deepEqual(fake.state.uploads[1].fields, { content_type: '1', max_th_size: '420' });
  });

  it('refuses a thumbnail size outside 150-500 before sending anything', async () => {
    const result = await h.engine.runBatch({ batchId: 'x', hostId: 'pixhost.to', files: [{ id: '0', path: h.images(1)[0] }], config: { thumbnailSize: 600 }, secrets: {} });
    assert.equal(result.ok ? 'ran' : result.error.kind, 'configInvalid');
    assert.deepEqual(h.server.log, []);
  });

  it('puts a batch in one gallery named after it, and finalizes the gallery once', async () => {
    const summary = await h.run(h.images(3), { config: { useGallery: true }, batchName: 'Holiday 2024' });
    assert.ok(summary.outcomes.every((o) => o.links), JSON.stringify(summary));
    const [gallery, ...others] = fake.state.galleries.values();
    assert.equal(others.length, 0);
    assert.equal(gallery.name, 'Holiday 2024');
    assert.ok(gallery.finalized);
    assert.deepEqual(fake.state.uploads.map((u) => [u.fields.gallery_hash, u.fields.gallery_upload_hash]), Array(3).fill([gallery.hash, gallery.uploadHash]));
    assert.equal(h.server.log.filter((l) => l.endsWith('/finalize')).length, 1);
    // Finalized, the gallery's images are public.
    assert.equal((await h.fetch(summary.outcomes[0].links!.imageUrl)).status, 200);
  });

  it('treats a "fake 200" (links ending in a slash) as a rejected upload', async () => {
    fake.state.fake200Next = 1;
    const summary = await h.run(h.images(1));
    assert.equal(summary.outcomes[0].error?.kind, 'rejectedByHost');
  });

  it('refuses a file over 10 MB before sending anything', async () => {
    const summary = await h.run(h.images(1, 10 * 1024 * 1024 + 1));
    assert.equal(summary.outcomes[0].error?.kind, 'fileInvalid');
    assert.deepEqual(h.server.log, []);
  });
});
