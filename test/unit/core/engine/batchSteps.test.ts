import { strict as assert } from 'node:assert';
import type { PluginFile } from '../../../../src/core/plugin/types';
import { readForm } from '../../../fakes/readMultipart';
import { html, json, startRouteServer, type RouteServer } from '../../../support/routeServer';
import { createHarness, type Harness } from './engineHarness';

/** A pixhost-like gallery: create before the batch, upload into it, finalize after; plus a polled result page. */
function galleryPlugin(base: string): PluginFile {
  return {
    id: 'gallery-host',
    name: 'Gallery Host',
    kind: 'imageHost',
    formatVersion: 1,
    settings: [{ key: 'useGallery', type: 'checkbox', label: 'Gallery', default: true }],
    batch: {
      onlyWhen: '{config.useGallery}',
      values: { uploadId: '{random.alnum20}' },
      before: [
        {
          name: 'create gallery',
          request: { url: `${base}/galleries`, method: 'POST', body: { form: { gallery_name: '{batchName}' } } },
          extract: { galleryHash: 'json:gallery_hash', uploadHash: 'json:gallery_upload_hash' },
        },
      ],
      after: [
        {
          name: 'finalize gallery',
          request: { url: `${base}/galleries/{galleryHash}/finalize`, method: 'POST', body: { form: { gallery_upload_hash: '{uploadHash}' } } },
        },
      ],
    },
    upload: {
      request: {
        url: `${base}/images`,
        body: {
          multipart: [
            { name: 'img', kind: 'file' },
            { name: 'gallery_hash', kind: 'text', value: '{galleryHash?}', omitIfEmpty: true },
            { name: 'upload_id', kind: 'text', value: '{uploadId?}', omitIfEmpty: true },
          ],
        },
      },
      extract: { result: 'json:result' },
      followUps: [
        {
          name: 'result page',
          request: { url: '{result}' },
          poll: { attempts: 5, delayMs: 20 },
          success: [{ rule: 'css:#code', exists: true }],
          extract: { show: 'css:#code@value' },
        },
      ],
      result: { imageUrl: '{show}' },
    },
  };
}

describe('engine: batch steps, batch values and polling', () => {
  let server: RouteServer;
  let h: Harness;
  let uploads: Record<string, string>[];
  let finalized: string[];
  let polls: number;

  beforeEach(async () => {
    uploads = [];
    finalized = [];
    polls = 0;
    server = await startRouteServer();
    server.route('POST /galleries', async (req, res) => {
      const { fields } = await readForm(req);
      json(res, 200, { gallery_name: fields.gallery_name, gallery_hash: 'gh1', gallery_upload_hash: 'uh1' });
    });
    server.route('POST /galleries/gh1/finalize', async (req, res) => {
      finalized.push((await readForm(req)).fields.gallery_upload_hash);
      res.end();
    });
    server.route('POST /images', async (req, res) => {
      const { fields, files } = await readForm(req);
      uploads.push(fields);
      json(res, 200, { result: `${server.base}/result?f=${files.img.filename}` });
    });
    server.route('GET /result', (_req, res, url) => {
      // Not ready on the first poll of each file.
      if (++polls % 2 === 1) return html(res, 200, '<p>processing…</p>');
      html(res, 200, `<input id="code" value="https://show.example/${url.searchParams.get('f')}">`);
    });
    h = await createHarness(galleryPlugin(server.base));
  });
  afterEach(async () => {
    await h.dispose();
    await server.close();
  });

  it('puts the batch in one gallery, shares one upload id, and finalizes once', async () => {
    const summary = await h.run(h.images(3), { batchName: 'Holiday', concurrency: 1 });
    assert.deepEqual(summary.outcomes.map((o) => o.links?.imageUrl ?? o.error?.message), ['img1', 'img2', 'img3'].map((n) => `https://show.example/${n}.png`));
    assert.deepEqual(uploads.map((u) => u.gallery_hash), ['gh1', 'gh1', 'gh1']);
    assert.match(uploads[0].upload_id, /^[a-z0-9]{20}$/i);
    assert.equal(new Set(uploads.map((u) => u.upload_id)).size, 1);
    assert.deepEqual(finalized, ['uh1']);
    assert.equal(polls, 6);
  });

  it('skips the gallery steps when the setting turns them off', async () => {
    const summary = await h.run(h.images(1), { config: { useGallery: false } });
    assert.ok(summary.outcomes[0].links);
    assert.deepEqual(uploads, [{}]);
    assert.deepEqual(finalized, []);
  });
});
