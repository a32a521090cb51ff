import { strict as assert } from 'node:assert';
import { createImxFake, type ImxFake } from '../../fakes/hosts/imxFake';
import { bytesOf, createHostHarness, type HostHarness } from './hostHarness';

/*
 * imx.to through its shipped plugin. Not tested here: recovering an expired
 * session — the imx API has no session, every request carries the API key.
 */
describe('imx.to plugin against its fake', () => {
  const key = 'k-123';
  let fake: ImxFake;
  let h: HostHarness;
  const secrets = { apiKey: key };

  beforeEach(async () => {
    fake = createImxFake({ apiKey: key });
    h = await createHostHarness('imx.to', [fake]);
  });
  afterEach(() => h.dispose());

  it('uploads three images and links the image, thumbnail and viewer page, which the host serves', async () => {
    const files = h.images(3);
    const summary = await h.run(files, { secrets });
    assert.equal(summary.error, undefined);
    for (const outcome of summary.outcomes) {
      assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
      assert.match(outcome.links!.imageUrl, /^https:\/\/image\.imx\.to\/u\/i\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9]+\.png$/);
      assert.match(outcome.links!.thumbnailUrl!, /^https:\/\/image\.imx\.to\/u\/t\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9]+\.png$/);
      assert.match(outcome.links!.viewerUrl!, /^https:\/\/imx\.to\/i\/[a-z0-9]+$/);
    }
    const served = await h.fetch(summary.outcomes[1].links!.imageUrl);
    assert.equal(served.status, 200);
    assert.deepEqual(served.body, bytesOf(files[1]));
    assert.equal(fake.state.uploads.length, 3);
  });

  it('sends the defaults and each chosen setting as the code imx expects', async () => {
    await h.run(h.images(1), { secrets });
    assert.deepEqual(pick(fake.state.uploads[0].fields), { format: 'json', thumbnail_size: '2', thumbnail_format: '2' });
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ thumbnailSize: '100', thumbnailFormat: 'fixedWidth' }, { thumbnail_size: '1', thumbnail_format: '1' }],
      [{ thumbnailSize: '150', thumbnailFormat: 'square' }, { thumbnail_size: '6', thumbnail_format: '3' }],
      [{ thumbnailSize: '250', thumbnailFormat: 'fixedHeight' }, { thumbnail_size: '3', thumbnail_format: '4' }],
      [{ thumbnailSize: '300', thumbnailFormat: 'proportional' }, { thumbnail_size: '4', thumbnail_format: '2' }],
      [{ thumbnailSize: '600', thumbnailFormat: 'square' }, { thumbnail_size: '5', thumbnail_format: '3' }],
    ];
    for (const [config, expected] of cases) {
      await h.run(h.images(1), { secrets, config });
      const { thumbnail_size, thumbnail_format } = fake.state.uploads.at(-1)!.fields;
      assert.deepEqual({ thumbnail_size, thumbnail_format }, expected, JSON.stringify(config));
    }
  });

  it('adds every file of a batch to the gallery given in the settings', async () => {
    fake.state.galleries.set('sz0s', []);
    const summary = await h.run(h.images(3), { secrets, config: { galleryId: 'sz0s' } });
    assert.ok(summary.outcomes.every((o) => o.links));
    assert.equal(fake.state.galleries.get('sz0s')!.length, 3);
    assert.deepEqual(fake.state.uploads.map((u) => u.fields.gallery_id), ['sz0s', 'sz0s', 'sz0s']);
  });

  it('creates one new gallery per batch with the first upload and adds the rest to it', async () => {
    const config = { newGalleryPerBatch: true };
    const first = await h.run(h.images(3), { secrets, config, concurrency: 3 });
    assert.ok(first.outcomes.every((o) => o.links), JSON.stringify(first.outcomes.map((o) => o.error)));
    assert.deepEqual(fake.state.uploads.map((u) => u.fields.create_gallery), ['true', undefined, undefined]);
    const [gallery] = [...fake.state.galleries.keys()];
    assert.deepEqual(fake.state.uploads.map((u) => u.fields.gallery_id), [undefined, gallery, gallery]);
    await h.run(h.images(2), { secrets, config });
    assert.equal(fake.state.galleries.size, 2, 'the next batch gets a gallery of its own');
    await h.run(h.images(1), { secrets });
    assert.equal(fake.state.uploads.at(-1)!.fields.create_gallery, undefined, 'no gallery unless asked');
  });

  it('reports a wrong API key as a login failure after one request, without retrying', async () => {
    const summary = await h.run(h.images(3), { secrets: { apiKey: 'wrong' }, concurrency: 1 });
    for (const outcome of summary.outcomes) assert.equal(outcome.error?.kind, 'loginFailed');
    assert.match(summary.outcomes[0].error!.message, /invalid or missing API key/);
    assert.equal(fake.state.uploadRequests, 1);
  });

  it('refuses a file over 50 MB before sending anything', async () => {
    const summary = await h.run(h.images(1, 50 * 1024 * 1024 + 1), { secrets });
    assert.equal(summary.outcomes[0].error?.kind, 'fileInvalid');
    assert.deepEqual(h.server.log, []);
  });

  it('waits and retries when the host says too many requests', async () => {
    fake.state.floodNext = 1;
    const summary = await h.run(h.images(1), { secrets });
    assert.ok(summary.outcomes[0].links);
    assert.equal(fake.state.uploadRequests, 2);
  });
});

const pick = ({ format, thumbnail_size, thumbnail_format, gallery_id }: Record<string, string>) =>
  JSON.parse(JSON.stringify({ format, thumbnail_size, thumbnail_format, gallery_id })) as Record<string, string>;
