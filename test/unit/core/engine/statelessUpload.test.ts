import { strict as assert } from 'node:assert';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import type { PluginFile } from '../../../../src/core/plugin/types';
import { readForm } from '../../../fakes/readMultipart';
import { json, startRouteServer, type RouteServer } from '../../../support/routeServer';
import { createHarness, type Harness } from './engineHarness';

function apiPlugin(base: string): PluginFile {
  return {
    id: 'api-host',
    name: 'API Host',
    kind: 'imageHost',
    formatVersion: 1,
    settings: [
      { key: 'apiKey', type: 'secret', label: 'API key', required: true },
      { key: 'thumbSize', type: 'dropdown', label: 'Thumbnail', default: '180', options: [{ value: '100' }, { value: '180' }] },
      { key: 'galleryId', type: 'text', label: 'Gallery' },
    ],
    maps: { thumbCodes: { '100': '1', '180': '2' } },
    limits: { maxFileSize: 4096, extensions: ['png'] },
    upload: {
      request: {
        url: `${base}/upload`,
        headers: { 'X-API-KEY': '{secret.apiKey}' },
        body: {
          multipart: [
            { name: 'image', kind: 'file' },
            { name: 'thumbnail_size', kind: 'text', value: '{config.thumbSize|map:thumbCodes}' },
            { name: 'gallery_id', kind: 'text', value: '{config.galleryId}', omitIfEmpty: true },
            { name: 'name', kind: 'text', value: '{file.stem}' },
          ],
        },
      },
      success: [{ rule: 'json:status', equals: 'success' }],
      errorMessage: 'json:message',
      extract: { image: 'json:data.image_url', thumb: 'json:data.thumbnail_url' },
      result: { imageUrl: '{image}', thumbnailUrl: '{thumb}', viewerUrl: 'https://viewer.example/{file.stem}.html' },
    },
  };
}

describe('engine: a stateless API host', () => {
  let server: RouteServer;
  let h: Harness;
  const received: { fields: Record<string, string>; filename: string; key?: string }[] = [];

  beforeEach(async () => {
    received.length = 0;
    server = await startRouteServer();
    server.route('POST /upload', async (req, res) => {
      const form = await readForm(req);
      received.push({ fields: form.fields, filename: form.files.image?.filename ?? '', key: req.headers['x-api-key'] as string });
      if (req.headers['x-api-key'] !== 'k-123') return json(res, 401, { status: 'error', message: 'Invalid API key' });
      const stem = path.parse(form.files.image.filename).name;
      json(res, 200, { status: 'success', data: { image_url: `https://img.example/${stem}.png`, thumbnail_url: `https://img.example/t/${stem}.png` } });
    });
    h = await createHarness(apiPlugin(server.base));
  });
  afterEach(async () => {
    await h.dispose();
    await server.close();
  });

  it('uploads three images with the mapped settings and returns their links in order', async () => {
    const files = h.images(3);
    const summary = await h.run(files, { secrets: { apiKey: 'k-123' }, config: { thumbSize: '100' } });
    assert.deepEqual(
      summary.outcomes.map((o) => o.links),
      ['img1', 'img2', 'img3'].map((s) => ({ imageUrl: `https://img.example/${s}.png`, thumbnailUrl: `https://img.example/t/${s}.png`, viewerUrl: `https://viewer.example/${s}.html` })),
    );
    assert.deepEqual(
      received.map((r) => r.fields).sort((a, b) => a.name.localeCompare(b.name)),
      ['img1', 'img2', 'img3'].map((name) => ({ thumbnail_size: '1', name })),
    );
  });

  it('reports byte progress that only grows and reaches each file size', async () => {
    const [file] = h.images(1, 3000);
    await h.run([file], { secrets: { apiKey: 'k-123' } });
    const sent = h.events.filter((e) => e.type === 'fileProgress').map((e) => (e.type === 'fileProgress' ? e.sentBytes : 0));
    assert.ok(sent.length > 0);
    for (let i = 1; i < sent.length; i++) assert.ok(sent[i] >= sent[i - 1], 'progress went backwards');
    const last = h.events.filter((e) => e.type === 'fileProgress').at(-1);
    assert.ok(last?.type === 'fileProgress' && last.sentBytes === last.totalBytes && last.totalBytes > statSync(file).size);
  });

  it('refuses a batch without the required API key before sending anything', async () => {
    const result = await h.engine.runBatch({ batchId: 'x', hostId: 'api-host', files: [{ id: '0', path: h.images(1)[0] }], config: {}, secrets: {} });
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'configInvalid');
    assert.match(result.error.message, /needs "API key"/);
    assert.deepEqual(server.log, []);
  });

  it('reports a wrong key as an authentication error in the host\'s words and stops the batch', async () => {
    const summary = await h.run(h.images(3), { secrets: { apiKey: 'wrong-key' }, concurrency: 1 });
    for (const o of summary.outcomes) {
      assert.equal(o.error?.kind, 'loginFailed');
      assert.match(o.error!.message, /Invalid API key/);
      assert.ok(!JSON.stringify(o.error).includes('wrong-key'));
    }
    assert.equal(server.log.length, 1, 'no retry and no further files after the host refused the key');
  });

  it('skips an oversized or wrong-type file before any request is sent', async () => {
    const [big] = h.images(1, 5000);
    const summary = await h.run([big], { secrets: { apiKey: 'k-123' } });
    assert.equal(summary.outcomes[0].error?.kind, 'fileInvalid');
    assert.match(summary.outcomes[0].error!.message, /over the host's limit/);
    assert.deepEqual(server.log, []);
  });
});
