/**
 * imagebam.com as PROTOCOLS.md section 5 describes it: a Laravel site.
 * Every response carries the Laravel session cookie; the CSRF token of the
 * session is in the page's meta tag and the XSRF-TOKEN cookie, and every
 * POST must present it (X-CSRF-TOKEN or X-XSRF-TOKEN header, or the _token
 * field) or gets 419. Optional login at /auth/login; an upload session per
 * batch (/upload/session, XHR + JSON) with thumbnail size, content type and
 * gallery; uploads of files[0] with the session's `data`; a completion page
 * listing the session's images as BBCode; viewer pages with img.main-image.
 * Choices where the protocol is unsure match the plugin's comment: 422
 * {message, errors} for refusals, 16 MB, jpeg/png/gif, `data` valid on its
 * own (it survives a lapsed login), completion page in upload order.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeHost, StoredUpload } from '../fakeHost';
import { readForm } from '../readMultipart';
import { answerFault, COMMON_IMAGE_TYPES, cookiesOf, escapeHtml, randomId, redirect, sendHtml, sendImage, sendJson, type AccountHostState } from './fakeResponses';

export interface ImagebamUploadSession {
  readonly id: string;
  readonly data: string;
  readonly fields: Record<string, string>;
  readonly user?: string;
  readonly gallery?: string;
}

export interface ImagebamUpload extends StoredUpload {
  readonly session: ImagebamUploadSession;
  readonly path: string;
}

interface LaravelSession {
  csrf: string;
  user?: string;
  flashError?: string;
}

export interface ImagebamState extends AccountHostState {
  /** e-mail → password and galleries (numeric token → title). */
  readonly users: Map<string, { password: string; galleries: Map<string, string> }>;
  /** Galleries made through upload sessions: token → owner and title. */
  readonly galleries: Map<string, { owner?: string; title: string }>;
  readonly uploadSessions: ImagebamUploadSession[];
  readonly uploads: ImagebamUpload[];
  /** Requests refused for a missing or wrong CSRF token (419). */
  csrfRefusals: number;
}

export interface ImagebamFake extends FakeHost {
  readonly state: ImagebamState;
}

const WWW = 'https://www.imagebam.com';
const MAX_SIZE = 16 * 1024 * 1024;
const SESSION_COOKIE = 'imagebam_session';
const THUMB_CODES = ['1', '2', '3', '4'];
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const extOf = (name: string) => (name.match(/\.([A-Za-z0-9]+)$/)?.[1] ?? 'jpg').toLowerCase();
const viewerUrl = (u: ImagebamUpload) => `${WWW}/view/${u.id}`;
const thumbUrl = (u: ImagebamUpload) => `https://thumbs4.imagebam.com/${u.path}/${u.id}_t.${extOf(u.filename)}`;
const imageUrl = (u: ImagebamUpload) => `https://images4.imagebam.com/${u.path}/${u.id}_o.${extOf(u.filename)}`;

export function createImagebamFake(options: { users?: Record<string, { password: string; galleries?: Record<string, string> }> } = {}): ImagebamFake {
  const users = new Map(Object.entries(options.users ?? {}).map(([email, u]) => [email, { password: u.password, galleries: new Map(Object.entries(u.galleries ?? {})) }]));
  const galleries = new Map<string, { owner?: string; title: string }>();
  for (const [email, u] of users) for (const [token, title] of u.galleries) galleries.set(token, { owner: email, title });
  const sessions = new Map<string, LaravelSession>();
  let nextGallery = 7_310_001;
  const state: ImagebamState = {
    users, galleries, uploadSessions: [], uploads: [], uploadRequests: 0, loginAttempts: 0, csrfRefusals: 0, failNext: 0, floodNext: 0,
    expireSessions: () => sessions.clear(),
  };

  /** Finds or starts the request's Laravel session, and sets its cookies on the answer. */
  function sessionOf(req: IncomingMessage, res: ServerResponse): { id: string; session: LaravelSession } {
    let id = cookiesOf(req)[SESSION_COOKIE] ?? '';
    let session = sessions.get(id);
    if (!session) {
      id = randomId(40);
      session = { csrf: randomId(40) };
      sessions.set(id, session);
    }
    setSessionCookies(res, id, session);
    return { id, session };
  }

  function setSessionCookies(res: ServerResponse, id: string, session: LaravelSession) {
    res.setHeader('Set-Cookie', [
      `XSRF-TOKEN=${encodeURIComponent(session.csrf)}; Path=/; Domain=.imagebam.com; Secure; SameSite=Lax`,
      `${SESSION_COOKIE}=${id}; Path=/; Domain=.imagebam.com; Secure; HttpOnly; SameSite=Lax`,
    ]);
  }

  /** Laravel's VerifyCsrfToken: the header, the XSRF header or the _token field must hold the session's token. */
  function csrfOk(req: IncomingMessage, session: LaravelSession, fields: Record<string, string>): boolean {
    const header = req.headers['x-csrf-token'] ?? (req.headers['x-xsrf-token'] ? decodeURIComponent(String(req.headers['x-xsrf-token'])) : undefined) ?? fields._token;
    if (header === session.csrf) return true;
    state.csrfRefusals++;
    return false;
  }

  const pageExpired = (res: ServerResponse) => sendHtml(res, 419, '<div class="title">419 | Page Expired</div>');
  const invalid = (res: ServerResponse, field: string, message: string) => sendJson(res, 422, { message, errors: { [field]: [message] } });

  function layout(session: LaravelSession, body: string): string {
    const account = session.user
      ? `<form action="${WWW}/auth/logout" method="POST"><input type="hidden" name="_token" value="${session.csrf}"><button>Logout</button></form>`
      : `<a href="${WWW}/auth/login">Login</a>`;
    return `<head><meta name="csrf-token" content="${session.csrf}"></head>${account}${body}`;
  }

  function home(req: IncomingMessage, res: ServerResponse) {
    const { session } = sessionOf(req, res);
    const own = session.user ? [...users.get(session.user)!.galleries] : [];
    const existing = own.length ? `<optgroup label="Existing Galleries">${own.map(([token, title]) => `<option value="${token}">${escapeHtml(title)}</option>`).join('')}</optgroup>` : '';
    const select = `<select name="gallery" data-uploader-gallery-option-value-select><option value="default">Select Gallery or Create New</option><option value="-1">Create New Gallery</option>${existing}</select>`;
    const form = `<select name="thumbnail_size"><option value="1">100x100</option><option value="2" selected>180x180</option><option value="3">250x250</option><option value="4">300x300</option></select><select name="content_type"><option value="sfw">Family Safe</option><option value="nsfw">Adult</option></select>`;
    sendHtml(res, 200, layout(session, `<div id="uploader" class="dropzone">${form}${select}</div>`));
  }

  function loginPage(req: IncomingMessage, res: ServerResponse) {
    const { session } = sessionOf(req, res);
    const error = session.flashError;
    session.flashError = undefined;
    const feedback = error ? `<span class="invalid-feedback" role="alert"><strong>${escapeHtml(error)}</strong></span>` : '';
    sendHtml(res, 200, layout(session, `<form method="POST" action="${WWW}/auth/login"><input type="hidden" name="_token" value="${session.csrf}"><input type="email" name="email" class="is-invalid">${feedback}<input type="password" name="password"><input type="checkbox" name="remember"></form>`));
  }

  async function login(req: IncomingMessage, res: ServerResponse) {
    state.loginAttempts++;
    const { id, session } = sessionOf(req, res);
    const { fields } = await readForm(req);
    if (!csrfOk(req, session, fields)) return pageExpired(res);
    const user = users.get(fields.email ?? '');
    if (!user || user.password !== fields.password) {
      session.flashError = 'These credentials do not match our records.';
      return redirect(res, `${WWW}/auth/login`);
    }
    // Laravel regenerates the session and its token at login.
    sessions.delete(id);
    const fresh = { id: randomId(40), session: { csrf: randomId(40), user: fields.email } };
    sessions.set(fresh.id, fresh.session);
    setSessionCookies(res, fresh.id, fresh.session);
    redirect(res, `${WWW}/`);
  }

  async function createUploadSession(req: IncomingMessage, res: ServerResponse) {
    const { session } = sessionOf(req, res);
    const { fields } = await readForm(req);
    if (req.headers['x-requested-with'] !== 'XMLHttpRequest') return sendJson(res, 400, { message: 'Bad request.' });
    if (!csrfOk(req, session, fields)) return sendJson(res, 419, { message: 'CSRF token mismatch.' });
    if (!THUMB_CODES.includes(fields.thumbnail_size ?? '')) return invalid(res, 'thumbnail_size', 'The selected thumbnail size is invalid.');
    if (!['sfw', 'nsfw'].includes(fields.content_type ?? '')) return invalid(res, 'content_type', 'The selected content type is invalid.');
    let gallery: string | undefined;
    if (fields.gallery === 'true') {
      if (fields.gallery_token) {
        const found = galleries.get(fields.gallery_token);
        if (!found || !session.user || found.owner !== session.user) return invalid(res, 'gallery_token', 'The selected gallery is invalid.');
        gallery = fields.gallery_token;
      } else {
        if (!fields.gallery_title) return invalid(res, 'gallery_title', 'The gallery title field is required when creating a gallery.');
        gallery = String(nextGallery++);
        galleries.set(gallery, { owner: session.user, title: fields.gallery_title });
        if (session.user) users.get(session.user)!.galleries.set(gallery, fields.gallery_title);
      }
    } else if (fields.gallery !== 'false') {
      return invalid(res, 'gallery', 'The gallery field must be true or false.');
    }
    const created: ImagebamUploadSession = { id: randomId(10), data: randomBytes(48).toString('base64'), fields, user: session.user, gallery };
    state.uploadSessions.push(created);
    sendJson(res, 200, { status: 'success', session: created.id, data: created.data });
  }

  async function upload(req: IncomingMessage, res: ServerResponse) {
    state.uploadRequests++;
    if (await answerFault(req, res, state, (message) => ({ message }))) return;
    const { session } = sessionOf(req, res);
    const { fields, files } = await readForm(req);
    if (!csrfOk(req, session, fields)) return sendJson(res, 419, { message: 'CSRF token mismatch.' });
    const uploadSession = state.uploadSessions.find((s) => s.data === fields.data);
    if (!uploadSession) return invalid(res, 'data', 'The upload session is invalid or has expired.');
    const file = files['files[0]'];
    if (!file) return invalid(res, 'files', 'The files field is required.');
    if (file.data.length > MAX_SIZE) return invalid(res, 'files.0', 'The files.0 may not be greater than 16384 kilobytes.');
    if (!COMMON_IMAGE_TYPES.has(file.contentType)) return invalid(res, 'files.0', 'The files.0 must be a file of type: jpeg, jpg, png, gif.');
    const id = `ME${randomId(6, ID_ALPHABET)}`;
    const path = [2, 2, 2].map(() => randomId(2, '0123456789abcdef')).join('/');
    state.uploads.push({ id, filename: file.filename, contentType: file.contentType, data: file.data, fields, session: uploadSession, path });
    sendJson(res, 200, { success: `${WWW}/upload/complete?session=${uploadSession.id}` });
  }

  function completePage(req: IncomingMessage, res: ServerResponse, sessionId: string) {
    const { session } = sessionOf(req, res);
    const items = state.uploads.filter((u) => u.session.id === sessionId);
    if (items.length === 0) return sendHtml(res, 404, layout(session, '<h1>Not Found</h1>'));
    const gallery = items[0].session.gallery;
    const galleryLink = gallery ? `<a id="gallery-name" href="${WWW}/view/GA${gallery}">${escapeHtml(galleries.get(gallery)!.title)}</a>` : '';
    const codes = items
      .map((u) => `<div class="image-item"><img src="${thumbUrl(u)}"><input type="text" class="form-control" value="${escapeHtml(`[URL=${viewerUrl(u)}][IMG]${thumbUrl(u)}[/IMG][/URL]`)}"><input type="text" class="form-control" value="${viewerUrl(u)}"></div>`)
      .join('');
    sendHtml(res, 200, layout(session, `${galleryLink}${codes}`));
  }

  function viewPage(req: IncomingMessage, res: ServerResponse, id: string) {
    const { session } = sessionOf(req, res);
    const found = state.uploads.find((u) => u.id === id);
    if (found) return sendHtml(res, 200, layout(session, `<img class="main-image" src="${imageUrl(found)}" alt="${escapeHtml(found.filename)}">`));
    const gallery = id.startsWith('GA') ? id.slice(2) : '';
    const inGallery = state.uploads.filter((u) => gallery && u.session.gallery === gallery);
    if (inGallery.length) return sendHtml(res, 200, layout(session, inGallery.map((u) => `<a href="${viewerUrl(u)}"><img src="${thumbUrl(u)}"></a>`).join('')));
    sendHtml(res, 404, layout(session, '<h1>Not Found</h1>'));
  }

  return {
    name: 'imagebam.com',
    hostnames: ['www.imagebam.com', 'imagebam.com', 'thumbs4.imagebam.com', 'images4.imagebam.com'],
    state,
    handle(req, res, url) {
      const { hostname: host, pathname: path } = url;
      let m: RegExpMatchArray | null;
      if (host === 'imagebam.com') return redirect(res, `${WWW}${path}${url.search}`);
      if (host === 'www.imagebam.com') {
        const post = req.method === 'POST';
        if (path === '/' && !post) return home(req, res);
        if (path === '/auth/login') return post ? login(req, res) : loginPage(req, res);
        if (path === '/upload/session' && post) return createUploadSession(req, res);
        if (path === '/upload' && post) return upload(req, res);
        if (path === '/upload/complete') return completePage(req, res, url.searchParams.get('session') ?? '');
        if ((m = path.match(/^\/view\/([A-Z0-9]+)$/))) return viewPage(req, res, m[1]);
      }
      // Thumbnails are served as the uploaded bytes: the fake does not resize.
      if ((host === 'thumbs4.imagebam.com' || host === 'images4.imagebam.com') && (m = path.match(/\/([A-Z0-9]+)_[to]\.[a-z]+$/))) {
        return sendImage(res, state.uploads.find((u) => u.id === m![1]));
      }
      sendHtml(res, 404, '<h1>404 Not Found</h1>');
    },
  };
}
