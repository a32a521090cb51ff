/**
 * turboimagehost.com as PROTOCOLS.md section 4 describes it: the home page
 * names the upload server in its FineUploader script; optional login at
 * /login.tu with cookies for the whole domain; uploads keyed by a batch
 * `upload_id`; a result page per batch that may not be ready at once;
 * viewer pages /p/<id>/<name>.html with img#imageid.
 * Choices where the protocol is unsure match the plugin's comment: the
 * upload answers {success, id, newUrl} or {success:false, error}; a lapsed
 * login answers "Your session has expired"; 20 MB and jpeg/png/gif.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeHost, StoredUpload } from '../fakeHost';
import { readForm } from '../readMultipart';
import { answerFault, COMMON_IMAGE_TYPES, cookiesOf, escapeHtml, randomId, redirect, sendHtml, sendImage, sendJson, type AccountHostState } from './fakeResponses';

export interface TurboUpload extends StoredUpload {
  readonly uploadId: string;
  /** Key in the full image's URL (/sp/<key>/<name>). */
  readonly key: string;
  readonly user?: string;
  readonly album?: string;
}

export interface TurboState extends AccountHostState {
  readonly users: Map<string, { password: string; albums: Map<string, string> }>;
  /** skey cookie → username, for logged-in sessions. */
  readonly sessions: Map<string, string>;
  readonly uploads: TurboUpload[];
  /** Result page GETs that answer "processing" before the page is ready, per upload_id. */
  notReadyPolls: number;
}

export interface TurboFake extends FakeHost {
  readonly state: TurboState;
}

const WWW = 'https://www.turboimagehost.com';
export const TURBO_ENDPOINT = 'https://s8d8.turboimagehost.com/upload_html5.tu';
const MAX_SIZE = 20 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COOKIE = 'Domain=.turboimagehost.com; Path=/; Secure; HttpOnly';

const viewerUrl = (u: TurboUpload) => `${WWW}/p/${u.id}/${encodeURIComponent(u.filename)}.html`;
const thumbUrl = (u: TurboUpload) => `https://s8d1.turboimg.net/t1/${u.id}_${encodeURIComponent(u.filename)}`;
const bbcode = (u: TurboUpload) => `[URL=${viewerUrl(u)}][IMG]${thumbUrl(u)}[/IMG][/URL]`;

export function createTurboFake(options: { users?: Record<string, { password: string; albums?: Record<string, string> }> } = {}): TurboFake {
  const users = new Map(Object.entries(options.users ?? {}).map(([name, u]) => [name, { password: u.password, albums: new Map(Object.entries(u.albums ?? {})) }]));
  const sessions = new Map<string, string>();
  const polls = new Map<string, number>();
  const state: TurboState = {
    users, sessions, uploads: [], uploadRequests: 0, loginAttempts: 0, notReadyPolls: 0, failNext: 0, floodNext: 0,
    expireSessions: () => sessions.clear(),
  };
  const userOf = (req: IncomingMessage) => sessions.get(cookiesOf(req).skey ?? '');

  function home(req: IncomingMessage, res: ServerResponse) {
    const user = userOf(req);
    const account = user
      ? `<a href="/logout.tu">Log out</a> ${escapeHtml(user)} <select id="album">${[...users.get(user)!.albums].map(([id, name]) => `<option value="${id}">${escapeHtml(name)}</option>`).join('')}</select>`
      : '<a href="/login.tu">Log in</a>';
    const script = `<script>var uploader = new qq.FineUploader({ request: { endpoint: '${TURBO_ENDPOINT}', params: {} } });</script>`;
    const form = '<select id="imcontent"><option value="all">Family safe</option><option value="adult">Adult</option></select><input id="thumb_size" value="180">';
    const headers: Record<string, string> = cookiesOf(req).PHPSESSID ? {} : { 'Set-Cookie': `PHPSESSID=${randomId(26)}; ${COOKIE}` };
    sendHtml(res, 200, `${account}${form}${script}`, headers);
  }

  async function login(req: IncomingMessage, res: ServerResponse) {
    state.loginAttempts++;
    const { fields } = await readForm(req);
    const user = users.get(fields.username ?? '');
    if (!fields.login || !user || user.password !== fields.password) {
      return sendHtml(res, 200, '<div class="errors">You have some errors: wrong username or password.</div><form method="post" action="/login.tu"><input name="username"><input name="password" type="password"></form>');
    }
    const skey = randomId(32);
    sessions.set(skey, fields.username);
    redirect(res, `${WWW}/`, { 'Set-Cookie': [`skey=${skey}; ${COOKIE}`, `user_id=${[...users.keys()].indexOf(fields.username) + 1}; ${COOKIE}`] });
  }

  async function upload(req: IncomingMessage, res: ServerResponse) {
    state.uploadRequests++;
    const refuse = (message: string) => sendJson(res, 200, { success: false, error: message });
    if (await answerFault(req, res, state, (message) => ({ success: false, error: message }))) return;
    const skey = cookiesOf(req).skey;
    const user = userOf(req);
    const { fields, files } = await readForm(req);
    if (skey && !user) return refuse('Your session has expired, please log in again.');
    const file = files.qqfile;
    if (!file) return refuse('No file was uploaded.');
    if (!UUID.test(fields.qquuid ?? '')) return refuse('Invalid qquuid.');
    if (fields.qqfilename !== file.filename || fields.qqtotalfilesize !== String(file.data.length)) return refuse('qqfilename/qqtotalfilesize do not match the file.');
    if (!/^[a-z0-9]{20}$/.test(fields.upload_id ?? '')) return refuse('Invalid upload_id.');
    const th = Number(fields.thumb_size);
    if (!/^\d+$/.test(fields.thumb_size ?? '') || th < 150 || th > 600) return refuse('Thumbnail size must be between 150 and 600.');
    if (!['all', 'adult'].includes(fields.imcontent ?? '')) return refuse('Invalid content type.');
    if (file.data.length > MAX_SIZE) return refuse('File is too large (maximum 20 MB).');
    if (!COMMON_IMAGE_TYPES.has(file.contentType)) return refuse('Only JPG, PNG and GIF images are allowed.');
    if (fields.album !== undefined && !(user && users.get(user)!.albums.has(fields.album))) return refuse('Invalid gallery.');
    const id = String(105_814_307 + state.uploads.length);
    const stored: TurboUpload = { id, filename: file.filename, contentType: file.contentType, data: file.data, fields, uploadId: fields.upload_id, key: randomId(32), user, album: fields.album };
    state.uploads.push(stored);
    sendJson(res, 200, { success: true, id, newUrl: `${WWW}/html5_upload_result.tu?upload_id=${stored.uploadId}` });
  }

  function resultPage(res: ServerResponse, uploadId: string) {
    const batch = state.uploads.filter((u) => u.uploadId === uploadId);
    const seen = (polls.get(uploadId) ?? 0) + 1;
    polls.set(uploadId, seen);
    if (batch.length === 0 || seen <= state.notReadyPolls) return sendHtml(res, 200, '<p>Your images are being processed, please wait…</p>');
    const album = batch[0].album;
    const gallery = album ? `<input type="text" id="imgCodeGG" value="${WWW}/album/${album}/${escapeHtml(users.get(batch[0].user!)!.albums.get(album)!)}">` : '';
    const items = batch
      .map((u) => `<div id="im_${u.id}" title="${escapeHtml(u.filename)}"><a href="${viewerUrl(u)}" class="thumbUrl" style="background-image:url('${thumbUrl(u)}')"></a></div>`)
      .join('');
    sendHtml(res, 200, `<input type="text" id="imgCodeIPF" value="${escapeHtml(bbcode(batch[0]))}"><textarea id="imgCodeURF">${escapeHtml(batch.map(bbcode).join(' '))}</textarea>${gallery}${items}`);
  }

  function viewerPage(res: ServerResponse, id: string, name: string) {
    const found = state.uploads.find((u) => u.id === id && u.filename === decodeURIComponent(name));
    if (!found) return sendHtml(res, 404, '<h1>Image not found</h1>');
    const full = `https://s8d1.turboimg.net/sp/${found.key}/${encodeURIComponent(found.filename)}`;
    sendHtml(res, 200, `<img id="imageid" class="uImage" src="${full}" alt="${escapeHtml(found.filename)}"><input type="text" id="imgCodeIPF" value="${escapeHtml(bbcode(found))}">`);
  }

  function albumPage(res: ServerResponse, albumId: string) {
    const items = state.uploads.filter((u) => u.album === albumId).map((u) => `<a href="${viewerUrl(u)}"><img src="${thumbUrl(u)}"></a>`);
    sendHtml(res, items.length ? 200 : 404, `<div class="galleryThumbs">${items.join('')}</div>`);
  }

  return {
    name: 'turboimagehost.com',
    hostnames: ['www.turboimagehost.com', 'turboimagehost.com', 's8d8.turboimagehost.com', 's8d1.turboimg.net'],
    state,
    handle(req, res, url) {
      const { hostname: host, pathname: path } = url;
      let m: RegExpMatchArray | null;
      if (host === 'turboimagehost.com') return redirect(res, `${WWW}${path}${url.search}`);
      if (host === 's8d8.turboimagehost.com' && req.method === 'POST' && path === '/upload_html5.tu') return upload(req, res);
      if (host === 'www.turboimagehost.com') {
        if (path === '/' && req.method === 'GET') return home(req, res);
        if (path === '/login.tu' && req.method === 'POST') return login(req, res);
        if (path === '/html5_upload_result.tu') return resultPage(res, url.searchParams.get('upload_id') ?? '');
        if ((m = path.match(/^\/p\/(\d+)\/(.+)\.html$/))) return viewerPage(res, m[1], m[2]);
        if ((m = path.match(/^\/album\/(\d+)\/[^/]*$/))) return albumPage(res, m[1]);
      }
      // Thumbnails are served as the uploaded bytes: the fake does not resize.
      if (host === 's8d1.turboimg.net' && (m = path.match(/^\/t1\/(\d+)_/))) return sendImage(res, state.uploads.find((u) => u.id === m![1]));
      if (host === 's8d1.turboimg.net' && (m = path.match(/^\/sp\/([a-z0-9]+)\//))) return sendImage(res, state.uploads.find((u) => u.key === m![1]));
      sendHtml(res, 404, '<h1>404 Not Found</h1>');
    },
  };
}
