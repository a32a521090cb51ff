/**
 * pixhost.to as PROTOCOLS.md section 2 and its official API page describe
 * it: no login; POST /images (img, content_type 0/1, max_th_size 150-500);
 * galleries created, filled with both hashes, then finalized. Images in a
 * gallery stay hidden until it is finalized. The unreadable error section
 * is filled in as the plugin's comment says: JSON {error_msg} with
 * 400/403/404/413/415/429.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeHost, StoredUpload } from '../fakeHost';
import { readForm } from '../readMultipart';
import { answerFault, COMMON_IMAGE_TYPES, escapeHtml, randomId, sendHtml, sendImage, sendJson, type FaultFlags } from './fakeResponses';

export interface PixhostUpload extends StoredUpload {
  /** Folder number in the URLs (show/<dir>/<file>). */
  readonly dir: string;
  /** Stored file name, `<id>_<original name>`. */
  readonly stored: string;
  readonly galleryHash?: string;
}

export interface PixhostGallery {
  readonly name: string;
  readonly hash: string;
  readonly uploadHash: string;
  finalized: boolean;
}

export interface PixhostState extends FaultFlags {
  readonly uploads: PixhostUpload[];
  readonly galleries: Map<string, PixhostGallery>;
  uploadRequests: number;
  /** The next N uploads answer a "fake 200": URLs ending in "/" (image not processed). */
  fake200Next: number;
}

export interface PixhostFake extends FakeHost {
  readonly state: PixhostState;
}

const MAX_SIZE = 10 * 1024 * 1024;
const DIR = '7047';
const error = (message: string) => ({ error_msg: message });

export function createPixhostFake(): PixhostFake {
  const state: PixhostState = { uploads: [], galleries: new Map(), uploadRequests: 0, failNext: 0, floodNext: 0, fake200Next: 0 };
  // A gallery's images are not available until it is finalized (NPM-PIX).
  const visible = (u: PixhostUpload | undefined) => (u && (!u.galleryHash || state.galleries.get(u.galleryHash)!.finalized) ? u : undefined);
  const byStored = (dir: string, stored: string) => visible(state.uploads.find((u) => u.dir === dir && u.stored === stored));

  async function upload(req: IncomingMessage, res: ServerResponse) {
    state.uploadRequests++;
    if (await answerFault(req, res, state, error)) return;
    const { fields, files } = await readForm(req);
    const file = files.img;
    if (!file) return sendJson(res, 400, error('The img field is required.'));
    if (!['0', '1'].includes(fields.content_type ?? '')) return sendJson(res, 400, error('content_type must be 0 or 1.'));
    const th = fields.max_th_size;
    if (th !== undefined && !(/^\d+$/.test(th) && Number(th) >= 150 && Number(th) <= 500)) {
      return sendJson(res, 400, error('max_th_size must be between 150 and 500.'));
    }
    if (file.data.length > MAX_SIZE) return sendJson(res, 413, error('The image is larger than 10 MB.'));
    if (!COMMON_IMAGE_TYPES.has(file.contentType)) return sendJson(res, 415, error('Only GIF, PNG and JPEG images are accepted.'));
    const galleryHash = fields.gallery_hash;
    if (galleryHash !== undefined) {
      const gallery = state.galleries.get(galleryHash);
      if (!gallery) return sendJson(res, 404, error('Gallery not found.'));
      if (gallery.uploadHash !== fields.gallery_upload_hash || gallery.finalized) return sendJson(res, 403, error('Wrong gallery_upload_hash.'));
    }
    const id = String(700_000_000 + state.uploads.length + 1);
    const stored = `${id}_${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}`;
    const upload: PixhostUpload = { id, filename: file.filename, contentType: file.contentType, data: file.data, fields, dir: DIR, stored, galleryHash };
    if (state.fake200Next > 0) {
      state.fake200Next--;
      return sendJson(res, 200, { name: file.filename, show_url: 'https://pixhost.to/show/', th_url: 'https://t2.pixhost.to/thumbs/' });
    }
    state.uploads.push(upload);
    sendJson(res, 200, {
      name: file.filename,
      show_url: `https://pixhost.to/show/${DIR}/${stored}`,
      th_url: `https://t2.pixhost.to/thumbs/${DIR}/${stored}`,
    });
  }

  // Clients send urlencoded (official) or multipart (one JS client); readForm takes both.
  async function createGallery(req: IncomingMessage, res: ServerResponse) {
    const { fields } = await readForm(req);
    const name = fields.gallery_name ?? '';
    if (!name || name.length > 100) return sendJson(res, 400, error('gallery_name is required (at most 100 characters).'));
    const gallery: PixhostGallery = { name, hash: randomId(6), uploadHash: randomId(16), finalized: false };
    state.galleries.set(gallery.hash, gallery);
    sendJson(res, 200, {
      gallery_name: name,
      gallery_hash: gallery.hash,
      gallery_url: `https://pixhost.to/gallery/${gallery.hash}`,
      gallery_upload_hash: gallery.uploadHash,
    });
  }

  async function finalize(req: IncomingMessage, res: ServerResponse, hash: string) {
    const { fields } = await readForm(req);
    const gallery = state.galleries.get(hash);
    if (!gallery) return sendJson(res, 404, error('Gallery not found.'));
    if (fields.gallery_upload_hash !== gallery.uploadHash) return sendJson(res, 403, error('Wrong gallery_upload_hash.'));
    gallery.finalized = true;
    sendJson(res, 200, {});
  }

  function showPage(res: ServerResponse, upload: PixhostUpload | undefined) {
    if (!upload) return sendHtml(res, 404, '<h1>Image not found</h1>');
    sendHtml(res, 200, `<img id="image" class="image-img" src="https://img2.pixhost.to/images/${upload.dir}/${upload.stored}" alt="${escapeHtml(upload.filename)}">`);
  }

  function galleryPage(res: ServerResponse, hash: string) {
    const gallery = state.galleries.get(hash);
    if (!gallery?.finalized) return sendHtml(res, 404, '<h1>Gallery not found</h1>');
    const items = state.uploads
      .filter((u) => u.galleryHash === hash)
      .map((u) => `<a href="https://pixhost.to/show/${u.dir}/${u.stored}"><img src="https://t2.pixhost.to/thumbs/${u.dir}/${u.stored}"></a>`);
    sendHtml(res, 200, `<h2>${escapeHtml(gallery.name)}</h2><div class="images">${items.join('')}</div>`);
  }

  return {
    name: 'pixhost.to',
    hostnames: ['api.pixhost.to', 'pixhost.to', 't2.pixhost.to', 'img2.pixhost.to'],
    state,
    handle(req, res, url) {
      const { hostname: host, pathname: path } = url;
      const post = req.method === 'POST';
      let m: RegExpMatchArray | null;
      if (host === 'api.pixhost.to' && post && path === '/images') return upload(req, res);
      if (host === 'api.pixhost.to' && post && path === '/galleries') return createGallery(req, res);
      if (host === 'api.pixhost.to' && post && (m = path.match(/^\/galleries\/([a-z0-9]+)\/finalize$/))) return finalize(req, res, m[1]);
      if (host === 'pixhost.to' && (m = path.match(/^\/show\/(\d+)\/([^/]+)$/))) return showPage(res, byStored(m[1], m[2]));
      if (host === 'pixhost.to' && (m = path.match(/^\/gallery\/([a-z0-9]+)$/))) return galleryPage(res, m[1]);
      // Thumbnails are served as the uploaded bytes: the fake does not resize.
      if (host === 't2.pixhost.to' && (m = path.match(/^\/thumbs\/(\d+)\/([^/]+)$/))) return sendImage(res, byStored(m[1], m[2]));
      if (host === 'img2.pixhost.to' && (m = path.match(/^\/images\/(\d+)\/([^/]+)$/))) return sendImage(res, byStored(m[1], m[2]));
      sendHtml(res, 404, '<h1>404 Not Found</h1>');
    },
  };
}
