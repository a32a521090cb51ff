/**
 * vipr.im as PROTOCOLS.md section 3 describes it: an XFileSharing site.
 * Login with op=login sets the `xfss` cookie; the logged-in home page holds
 * the upload form (upload server, hidden sess_id, the user's folders);
 * upload.cgi checks sess_id and the XFS fields and answers with the
 * auto-submitting hand-off form; posting it back (op=upload_result) gives
 * the result page with link_url and thumb_url inputs.
 * Choices where the protocol is unsure match the plugin's comment: a bad
 * login shows the form again with <div class="err">; an unknown sess_id
 * answers the hand-off with st="Session expired, please log in again";
 * other refusals put the reason in st; 50 MB and jpeg/png/gif/webp.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeHost, StoredUpload } from '../fakeHost';
import { readForm } from '../readMultipart';
import { answerFault, cookiesOf, type AccountHostState, escapeHtml, randomId, redirect, sendHtml, sendImage } from './fakeResponses';

export interface ViprUpload extends StoredUpload {
  /** The 12-character file code of the viewer page and image names. */
  readonly code: string;
  readonly dir: string;
  readonly user: string;
  readonly folder: string;
  /** The raw query of the upload.cgi request. */
  readonly query: Record<string, string>;
}

interface ViprUser {
  password: string;
  folders: Map<string, string>;
}

export interface ViprState extends AccountHostState {
  readonly users: Map<string, ViprUser>;
  /** xfss cookie → user; XFS also puts the cookie's value in the upload form as sess_id. */
  readonly cookies: Map<string, string>;
  readonly uploads: ViprUpload[];
}

export interface ViprFake extends FakeHost {
  readonly state: ViprState;
}

const HOME = 'https://vipr.im/';
export const VIPR_UPLOAD_CGI = 'https://s5.vipr.im/cgi-bin/upload.cgi';
const MAX_SIZE = 50 * 1024 * 1024;
const TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
export const VIPR_THUMB_SIZES = ['100x100', '170x170', '250x250', '300x300', '350x350', '500x500', '800x800'];
const CODE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

const extOf = (name: string) => (name.match(/\.([A-Za-z0-9]+)$/)?.[1] ?? 'jpg').toLowerCase();
export const viprViewerUrl = (u: ViprUpload) => `https://vipr.im/${u.code}.html`;
export const viprThumbUrl = (u: ViprUpload) => `https://i5.vipr.im/th/${u.dir}/${u.code}.${extOf(u.filename)}`;
const imageUrl = (u: ViprUpload) => `https://i5.vipr.im/i/${u.dir}/${u.code}.${extOf(u.filename)}`;

export function createViprFake(options: { users?: Record<string, { password: string; folders?: Record<string, string> }> } = {}): ViprFake {
  const users = new Map(Object.entries(options.users ?? {}).map(([name, u]) => [name, { password: u.password, folders: new Map(Object.entries(u.folders ?? {})) }]));
  const cookies = new Map<string, string>();
  let nextFolder = 104_485;
  const state: ViprState = {
    users, cookies, uploads: [], uploadRequests: 0, loginAttempts: 0, failNext: 0, floodNext: 0,
    expireSessions: () => cookies.clear(),
  };
  const userOf = (req: IncomingMessage) => cookies.get(cookiesOf(req).xfss ?? '');

  const loginPage = (error = '') =>
    `${error ? `<div class="err">${escapeHtml(error)}</div>` : ''}<form method="POST" action="${HOME}"><input type="hidden" name="op" value="login"><input name="login"><input type="password" name="password"><input type="submit" name="submit" value="Login"></form>`;

  function home(req: IncomingMessage, res: ServerResponse) {
    const user = userOf(req);
    if (!user) return sendHtml(res, 200, loginPage());
    const sessId = cookiesOf(req).xfss;
    const folders = [['0', '-- none --'], ...users.get(user)!.folders].map(([id, name]) => `<option value="${id}">${escapeHtml(name)}</option>`).join('');
    sendHtml(
      res,
      200,
      `<a href="${HOME}?op=my_files">My files</a> <a href="${HOME}?op=logout">Logout</a>` +
        `<form name="file" enctype="multipart/form-data" action="${VIPR_UPLOAD_CGI}?upload_id=" method="post">` +
        `<input type="hidden" name="upload_type" value="file"><input type="hidden" name="sess_id" value="${sessId}">` +
        `<input type="hidden" name="srv_tmp_url" value="https://s5.vipr.im/tmp"><select name="thumb_size">${VIPR_THUMB_SIZES.map((s) => `<option>${s}</option>`).join('')}</select>` +
        `<select name="fld_id">${folders}</select><input type="file" name="file_0"><input type="checkbox" name="tos" value="1"><input type="submit" name="submit_btn" value="Upload"></form>`,
    );
  }

  function myFiles(req: IncomingMessage, res: ServerResponse) {
    const user = userOf(req);
    if (!user) return sendHtml(res, 200, loginPage());
    const rows = [...users.get(user)!.folders].map(([id, name]) => `<a href="?op=my_files;fld_id=${id}">${escapeHtml(name)}</a> <a href="https://vipr.im/p/${user}/${id}/${encodeURIComponent(name)}" class="pub">public</a>`);
    sendHtml(res, 200, rows.join('<br>'));
  }

  async function post(req: IncomingMessage, res: ServerResponse) {
    const { fields } = await readForm(req);
    if (fields.op === 'login') {
      state.loginAttempts++;
      const user = users.get(fields.login ?? '');
      if (!user || user.password !== fields.password) return sendHtml(res, 200, loginPage('Incorrect Login or Password'));
      const xfss = randomId(24);
      cookies.set(xfss, fields.login);
      return redirect(res, HOME, { 'Set-Cookie': [`login=${fields.login}; Domain=.vipr.im; Path=/; Secure`, `xfss=${xfss}; Domain=.vipr.im; Path=/; Secure; HttpOnly`] });
    }
    if (fields.op === 'upload_result') return resultPage(res, fields.fn ?? '', fields.st ?? '');
    if (fields.op === 'ajax_new_folder') {
      const user = userOf(req);
      if (!user || req.headers['x-requested-with'] !== 'XMLHttpRequest') return sendHtml(res, 403, 'Access denied');
      if (!fields.folder) return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('Folder name is empty');
      const id = String(nextFolder++);
      users.get(user)!.folders.set(id, fields.folder);
      return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<option value="${id}" selected>${escapeHtml(fields.folder)}</option>`);
    }
    sendHtml(res, 200, loginPage());
  }

  /** The XFS hand-off: an auto-submitting form carrying the file code and a status. */
  function handoff(res: ServerResponse, fn: string, st: string) {
    sendHtml(
      res,
      200,
      `<form name="F1" action="${HOME}" target="_parent" method="POST"><textarea name="op">upload_result</textarea><textarea name="fn">${escapeHtml(fn)}</textarea><textarea name="st">${escapeHtml(st)}</textarea></form><script>document.F1.submit();</script>`,
    );
  }

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL) {
    state.uploadRequests++;
    if (await answerFault(req, res, state, (message) => message)) return;
    const query = Object.fromEntries(url.searchParams);
    const { fields, files } = await readForm(req);
    const refuse = (reason: string) => handoff(res, '', reason);
    if (!/^[0-9a-z]{12}$/.test(query.upload_id ?? '') || query.js_on !== '1' || query.utype !== 'reg' || query.upload_type !== 'file') return refuse('Bad upload request');
    const user = cookies.get(fields.sess_id ?? '');
    if (!user) return refuse('Session expired, please log in again');
    const file = files.file_0;
    if (!file) return refuse('No file selected');
    if (fields.upload_type !== 'file' || fields.tos !== '1' || fields.submit_btn !== 'Upload') return refuse('You have to agree with the Terms of Service');
    if (!VIPR_THUMB_SIZES.includes(fields.thumb_size ?? '')) return refuse('Invalid thumbnail size');
    const folder = fields.fld_id ?? '';
    if (folder !== '0' && !users.get(user)!.folders.has(folder)) return refuse('Invalid folder');
    if (file.data.length > MAX_SIZE) return refuse('File is too big, max 50 Mb allowed');
    if (!TYPES.has(file.contentType)) return refuse('Unallowed file type');
    if (/\s/.test(file.filename)) return refuse('File name has spaces');
    const code = randomId(12, CODE_ALPHABET);
    state.uploads.push({ id: code, code, dir: String(10_000 + state.uploads.length).padStart(5, '0'), filename: file.filename, contentType: file.contentType, data: file.data, fields, user, folder, query });
    handoff(res, code, 'OK');
  }

  function resultPage(res: ServerResponse, fn: string, st: string) {
    const found = state.uploads.find((u) => u.code === fn);
    if (st !== 'OK' || !found) return sendHtml(res, 200, `<div class="err">Upload failed: ${escapeHtml(st || 'no such file')}</div>`);
    const bbcode = `[URL=${viprViewerUrl(found)}][IMG]${viprThumbUrl(found)}[/IMG][/URL]`;
    sendHtml(
      res,
      200,
      `<div class="grey_block"><div>${escapeHtml(found.filename)}</div><img src="${viprThumbUrl(found)}">` +
        `<input type="text" name="link_url" value="${viprViewerUrl(found)}"><input type="text" name="thumb_url" value="${viprThumbUrl(found)}">` +
        `<textarea name="bbcode">${escapeHtml(bbcode)}</textarea></div>`,
    );
  }

  function viewerPage(res: ServerResponse, code: string) {
    const found = state.uploads.find((u) => u.code === code);
    if (!found) return sendHtml(res, 404, '<h1>File Not Found</h1>');
    sendHtml(res, 200, `<img class="pic" src="${imageUrl(found)}" alt="${escapeHtml(found.filename)}">`);
  }

  return {
    name: 'vipr.im',
    hostnames: ['vipr.im', 'www.vipr.im', 's5.vipr.im', 'i5.vipr.im'],
    state,
    handle(req, res, url) {
      const { hostname: host, pathname: path } = url;
      let m: RegExpMatchArray | null;
      if (host === 'www.vipr.im') return redirect(res, `https://vipr.im${path}${url.search}`);
      if (host === 's5.vipr.im' && req.method === 'POST' && path === '/cgi-bin/upload.cgi') return upload(req, res, url);
      if (host === 'vipr.im') {
        if (path === '/' && req.method === 'POST') return post(req, res);
        if (path === '/' && url.searchParams.get('op') === 'my_files') return myFiles(req, res);
        if (path === '/') return home(req, res);
        if ((m = path.match(/^\/([a-z0-9]{12})\.html$/))) return viewerPage(res, m[1]);
      }
      // Thumbnails are served as the uploaded bytes: the fake does not resize.
      if (host === 'i5.vipr.im' && (m = path.match(/^\/(?:i|th)\/\d+\/([a-z0-9]{12})\./))) return sendImage(res, state.uploads.find((u) => u.code === m![1]));
      sendHtml(res, 404, '<h1>404 Not Found</h1>');
    },
  };
}
