/**
 * The sandbox image host: a small local server that accepts uploads and
 * serves the images back, so links inserted during a demo or a test resolve
 * and the Markdown preview shows them. Not a host in the shipped extension.
 *
 * Protocol (see sandbox.imagehost.json): POST /api/upload, multipart field
 * `image` (and `album`), header `X-Sandbox-Key` when a key is set; JSON answer
 * `{ status: "success", data: { id, image_url, thumb_url, viewer_url, delete_url } }`
 * or `{ status: "error", message }`. GET /api/albums lists the key holder's
 * albums (for "Test connection" and "Load from host").
 * Test controls: POST /__control with JSON { failNext?, delayMs?, slowFrom?, apiKey? }.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { readForm } from './readMultipart';

interface StoredImage {
  readonly id: string;
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
  readonly deleteToken: string;
}

export interface SandboxOptions {
  readonly port?: number;
  /** When set, uploads must carry it in X-Sandbox-Key. */
  readonly apiKey?: string;
  readonly maxFileSize?: number;
}

export interface SandboxControls {
  /** The next N uploads answer 503. */
  failNext: number;
  /** Delay before answering an upload. */
  delayMs: number;
  /** Only uploads from this one on (0-based, counting every upload request) are delayed. */
  slowFrom: number;
  /** When set, uploads and album lists need it in X-Sandbox-Key (starts as the `apiKey` option). */
  apiKey?: string;
}

/** The albums every key holder has; what "Load from host" offers. */
export const SANDBOX_ALBUMS = [
  { id: 'holidays', title: 'Holidays 2026' },
  { id: 'work', title: 'Work' },
];

export interface SandboxHost {
  readonly url: string;
  readonly port: number;
  readonly images: Map<string, StoredImage>;
  readonly controls: SandboxControls;
  /** Every upload request's fields, for assertions. */
  readonly uploads: { fields: Record<string, string>; filename: string }[];
  close(): Promise<void>;
}

const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(payload);
};

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startSandboxHost(options: SandboxOptions = {}): Promise<SandboxHost> {
  const images = new Map<string, StoredImage>();
  const uploads: SandboxHost['uploads'] = [];
  const controls: SandboxControls = { failNext: 0, delayMs: 0, slowFrom: 0, apiKey: options.apiKey };
  let requests = 0;
  const maxFileSize = options.maxFileSize ?? 32 * 1024 * 1024;
  // Pending slow answers; closing the sandbox ends them so no timer outlives it.
  const delays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const entry = { timer: setTimeout(() => (delays.delete(entry), resolve()), ms), resolve };
      delays.add(entry);
    });
  let base = '';

  /** Answers 401 with the host's own words when a key is required and this one is wrong. */
  function refusedKey(req: IncomingMessage, res: ServerResponse): boolean {
    if (!controls.apiKey || req.headers['x-sandbox-key'] === controls.apiKey) return false;
    req.resume();
    send(res, 401, { status: 'error', message: 'Invalid API key.' });
    return true;
  }

  async function upload(req: IncomingMessage, res: ServerResponse) {
    if (refusedKey(req, res)) return;
    const form = await readForm(req);
    const file = form.files.image;
    if (controls.delayMs > 0 && requests++ >= controls.slowFrom) await delay(controls.delayMs);
    if (controls.failNext > 0) {
      controls.failNext--;
      return send(res, 503, { status: 'error', message: 'Sandbox is failing on purpose (test control).' });
    }
    if (!file) return send(res, 400, { status: 'error', message: 'No file in the "image" field.' });
    if (file.data.length > maxFileSize) return send(res, 413, { status: 'error', message: 'File too large.' });
    if (!file.contentType.startsWith('image/')) return send(res, 415, { status: 'error', message: 'Unsupported file type.' });
    uploads.push({ fields: form.fields, filename: file.filename });
    const id = randomBytes(5).toString('hex');
    const ext = path.extname(file.filename).toLowerCase() || '.png';
    images.set(id, { id, name: file.filename, contentType: file.contentType, data: file.data, deleteToken: randomBytes(8).toString('hex') });
    const image = images.get(id)!;
    send(res, 200, {
      status: 'success',
      data: {
        id,
        image_url: `${base}/i/${id}${ext}`,
        thumb_url: `${base}/t/${id}${ext}`,
        viewer_url: `${base}/v/${id}`,
        delete_url: `${base}/d/${id}/${image.deleteToken}`,
      },
    });
  }

  function serve(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    const [, kind, id, token] = url.pathname.split('/');
    const image = images.get((id ?? '').replace(/\.[^.]*$/, ''));
    if (req.method === 'POST' && url.pathname === '/api/upload') return upload(req, res);
    if (req.method === 'GET' && url.pathname === '/api/albums') {
      if (!refusedKey(req, res)) send(res, 200, { status: 'success', data: SANDBOX_ALBUMS });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/__control') {
      return readBody(req).then((text) => {
        Object.assign(controls, JSON.parse(text || '{}'));
        send(res, 200, controls);
      });
    }
    if (req.method === 'GET' && url.pathname === '/') {
      return send(res, 200, `<h1>Sandbox image host</h1><p>${images.size} image(s)</p>`, 'text/html; charset=utf-8');
    }
    if (!image) return send(res, 404, 'Not found', 'text/plain');
    if (kind === 'i' || kind === 't') {
      res.writeHead(200, { 'Content-Type': image.contentType, 'Content-Length': image.data.length });
      return res.end(image.data);
    }
    if (kind === 'v') {
      const ext = path.extname(image.name).toLowerCase() || '.png';
      return send(res, 200, `<!doctype html><title>${escapeHtml(image.name)}</title><img id="image" src="/i/${image.id}${ext}" alt="${escapeHtml(image.name)}">`, 'text/html; charset=utf-8');
    }
    if (kind === 'd' && token === image.deleteToken) {
      images.delete(image.id);
      return send(res, 200, 'Deleted', 'text/plain');
    }
    send(res, 404, 'Not found', 'text/plain');
  }

  const server: Server = createServer((req, res) => {
    Promise.resolve(serve(req, res)).catch((error: unknown) => send(res, 500, { status: 'error', message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    port,
    images,
    controls,
    uploads,
    close: () =>
      new Promise((resolve) => {
        for (const entry of delays) {
          clearTimeout(entry.timer);
          entry.resolve();
        }
        delays.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface SandboxPluginOptions {
  /** Declare an API key and an album (a dropdown the host can fill), send them, and test the key on /api/albums. */
  readonly withKey?: boolean;
  /** The size limit the plugin declares, checked before anything is sent. */
  readonly maxFileSize?: number;
}

/** The plugin file that points the extension at a running sandbox. */
export function sandboxPlugin(baseUrl: string, { withKey = false, maxFileSize = 33554432 }: SandboxPluginOptions = {}): object {
  return {
    $schema: 'https://raw.githubusercontent.com/image-host-uploader/image-host-uploader/main/plugins/plugin.schema.json',
    id: 'sandbox',
    name: 'Sandbox (local)',
    kind: 'imageHost',
    formatVersion: 1,
    description: 'A local test host started by "npm start"; images stay on this machine.',
    settings: withKey ? [{ key: 'apiKey', type: 'secret', label: 'API key', required: true, help: 'Any key the sandbox was started with.' }, albumSetting(baseUrl)] : [],
    limits: { maxFileSize, extensions: ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp'] },
    politeness: { requestsPerSecond: 20, burst: 20, maxConcurrent: 4 },
    upload: {
      request: {
        url: `${baseUrl}/api/upload`,
        method: 'POST',
        headers: withKey ? { 'X-Sandbox-Key': '{secret.apiKey}' } : {},
        body: { multipart: [{ name: 'image', kind: 'file' }, ...(withKey ? [{ name: 'album', kind: 'text', value: '{config.album}', omitIfEmpty: true }] : [])] },
      },
      success: [{ rule: 'json:status', equals: 'success' }],
      errorMessage: 'json:message',
      extract: { image: 'json:data.image_url', thumb: 'json:data.thumb_url', viewer: 'json:data.viewer_url', del: 'json:data.delete_url' },
      result: { imageUrl: '{image}', thumbnailUrl: '{thumb}', viewerUrl: '{viewer}', deleteUrl: '{del}' },
    },
    ...(withKey ? { testConnection: [albumsStep(baseUrl)] } : {}),
  };
}

function albumsStep(baseUrl: string): object {
  return {
    name: 'list albums',
    request: { url: `${baseUrl}/api/albums`, headers: { 'X-Sandbox-Key': '{secret.apiKey}' } },
    success: [{ rule: 'json:status', equals: 'success' }],
    errorMessage: 'json:message',
    failureKind: 'loginFailed',
  };
}

function albumSetting(baseUrl: string): object {
  return {
    key: 'album',
    type: 'dropdown',
    label: 'Album',
    help: 'Where uploads go; "Load from host" lists your albums.',
    default: '',
    options: [{ value: '', label: 'No album' }],
    optionsFrom: { steps: [albumsStep(baseUrl)], items: 'json:data', value: 'json:id', label: 'json:title' },
  };
}
