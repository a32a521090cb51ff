/**
 * imx.to as PROTOCOLS.md section 1 describes it: the JSON upload API on
 * api.imx.to (X-API-KEY, multipart `image`), viewer pages on imx.to with
 * their "continue" form, and images on image.imx.to.
 * Choices where the protocol is unsure ([?]) match the plugin's comment:
 * `thumbnail_url` key, 50 MB and jpeg/png/gif, 401 for a bad key, 413/415
 * for a refused file, 429 when flooded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeHost, StoredUpload } from '../fakeHost';
import { readForm } from '../readMultipart';
import { answerFault, COMMON_IMAGE_TYPES, drain, escapeHtml, randomId, sendHtml, sendImage, sendJson, type FaultFlags } from './fakeResponses';

export interface ImxUpload extends StoredUpload {
  /** Date folder in the image URLs, e.g. 2025/08/12. */
  readonly day: string;
  readonly ext: string;
  readonly galleryId?: string;
}

export interface ImxState extends FaultFlags {
  apiKey: string;
  readonly uploads: ImxUpload[];
  /** Gallery id → image ids, in upload order. */
  readonly galleries: Map<string, string[]>;
  /** Upload requests that reached the API, accepted or not. */
  uploadRequests: number;
}

export interface ImxFake extends FakeHost {
  readonly state: ImxState;
}

const MAX_SIZE = 50 * 1024 * 1024;
const error = (message: string) => ({ status: 'error', message });
const imageUrl = (u: ImxUpload, kind: 'i' | 't') => `https://image.imx.to/u/${kind}/${u.day}/${u.id}.${u.ext}`;

export function createImxFake(options: { apiKey?: string } = {}): ImxFake {
  const state: ImxState = { apiKey: options.apiKey ?? 'imx-test-key', uploads: [], galleries: new Map(), uploadRequests: 0, failNext: 0, floodNext: 0 };
  const byId = (id: string) => state.uploads.find((u) => u.id === id);

  async function upload(req: IncomingMessage, res: ServerResponse) {
    state.uploadRequests++;
    // Node lower-cases header names, so X-API-KEY and X-API-Key both arrive here.
    if (req.headers['x-api-key'] !== state.apiKey) {
      await drain(req);
      return sendJson(res, 401, error('Unauthorized: invalid or missing API key.'));
    }
    if (await answerFault(req, res, state, error)) return;
    const { fields, files } = await readForm(req);
    const file = files.image;
    if (!file) return sendJson(res, 400, error('No image was uploaded.'));
    if (file.data.length > MAX_SIZE) return sendJson(res, 413, error('The file is too large.'));
    if (!COMMON_IMAGE_TYPES.has(file.contentType)) return sendJson(res, 415, error('Unsupported file type.'));
    if (!/^[1-6]$/.test(fields.thumbnail_size ?? '')) return sendJson(res, 400, error('Invalid thumbnail_size.'));
    if (!/^[1-4]$/.test(fields.thumbnail_format ?? '')) return sendJson(res, 400, error('Invalid thumbnail_format.'));
    let galleryId = fields.gallery_id;
    if (galleryId && !state.galleries.has(galleryId)) return sendJson(res, 404, error('Gallery not found.'));
    if (!galleryId && fields.create_gallery === 'true') {
      galleryId = randomId(4);
      state.galleries.set(galleryId, []);
    }
    const id = randomId(6);
    const ext = file.contentType === 'image/jpeg' ? 'jpg' : file.contentType.slice('image/'.length);
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    const stored: ImxUpload = { id, filename: file.filename, contentType: file.contentType, data: file.data, fields, day, ext, galleryId };
    state.uploads.push(stored);
    if (galleryId) state.galleries.get(galleryId)!.push(id);
    const viewer = `https://imx.to/i/${id}`;
    const data: Record<string, string> = { image_url: viewer, thumbnail_url: imageUrl(stored, 't') };
    if (galleryId) data.gallery_id = galleryId;
    if (fields.format === 'all') data.bbcode = `[url=${viewer}][img]${data.thumbnail_url}[/img][/url]`;
    sendJson(res, 200, { status: 'success', data });
  }

  /** The viewer page first asks to "continue"; posting that back shows the full image. */
  async function viewer(req: IncomingMessage, res: ServerResponse, id: string) {
    const found = byId(id);
    if (!found) return sendHtml(res, 404, '<h1>Image not found</h1>');
    const form = req.method === 'POST' ? await readForm(req) : undefined;
    if (!form?.fields.imgContinue) {
      return sendHtml(res, 200, `<form method="post" action=""><input type="submit" name="imgContinue" value="Continue to your image..."></form>`);
    }
    sendHtml(res, 200, `<img id="iimg" class="centred" src="${imageUrl(found, 'i')}" alt="${escapeHtml(found.filename)}">`);
  }

  function gallery(res: ServerResponse, galleryId: string) {
    const ids = state.galleries.get(galleryId);
    if (!ids) return sendHtml(res, 404, '<h1>Gallery not found</h1>');
    const items = ids.map((id) => `<a href="https://imx.to/i/${id}"><img src="${imageUrl(byId(id)!, 't')}"></a>`).join('');
    sendHtml(res, 200, `<h1>untitled gallery</h1><div class="gallery">${items}</div>`);
  }

  return {
    name: 'imx.to',
    hostnames: ['api.imx.to', 'imx.to', 'image.imx.to'],
    state,
    handle(req, res, url) {
      const host = url.hostname;
      if (host === 'api.imx.to' && req.method === 'POST' && url.pathname === '/v1/upload.php') return upload(req, res);
      let m: RegExpMatchArray | null;
      if (host === 'imx.to' && (m = url.pathname.match(/^\/i\/([a-z0-9]+)$/))) return viewer(req, res, m[1]);
      if (host === 'imx.to' && (m = url.pathname.match(/^\/g\/([a-z0-9]+)$/))) return gallery(res, m[1]);
      if (host === 'image.imx.to' && (m = url.pathname.match(/^\/u\/[it]\/\d{4}\/\d{2}\/\d{2}\/([a-z0-9]+)\.\w+$/))) return sendImage(res, byId(m[1]));
      sendHtml(res, 404, '<h1>404 Not Found</h1>');
    },
  };
}
