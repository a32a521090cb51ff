/**
 * A vBulletin 4 board as PROTOCOLS.md section 6 describes ViperGirls: login
 * with the md5 of the password (vg_ cookies, "Thank you for logging in"),
 * a reply form with a session-bound security token, replies checked for
 * token, length, flood interval, closed threads and permission, and a
 * redirect to showthread.php?p=<id>#post<id> on success.
 * Choices where the protocol is unsure match the plugin's comment: stock
 * vBulletin error wording inside .blockrow.restore, 20 000 characters at
 * most, a flood interval the test sets, five failed logins lock for 15 min.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeHost } from '../fakeHost';
import { readForm } from '../readMultipart';
import { cookiesOf, escapeHtml, randomId, redirect, sendHtml } from './fakeResponses';

export interface ForumPost {
  readonly id: number;
  readonly threadId: string;
  readonly user: string;
  readonly title: string;
  readonly message: string;
  /** Every field the reply carried, to check what the plugin sends. */
  readonly fields: Record<string, string>;
}

export interface ForumThread {
  readonly title: string;
  closed?: boolean;
  /** Users who may read but not reply. */
  readonly readOnlyFor?: string[];
}

export interface VbulletinState {
  readonly users: Map<string, { id: number; password: string }>;
  readonly threads: Map<string, ForumThread>;
  readonly posts: ForumPost[];
  /** Seconds a user must wait between posts (vBulletin's flood check). */
  floodSeconds: number;
  readonly maxLength: number;
  loginAttempts: number;
  postRequests: number;
  failedLogins: number;
  /** The next accepted reply is stored, then the connection is cut before the answer (did it post?). */
  dropNextAnswer: boolean;
  /** Forgets every login, as the board does when a session lapses. */
  expireSessions(): void;
}

export interface VbulletinFake extends FakeHost {
  readonly state: VbulletinState;
}

const BASE = 'https://vipergirls.to';
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** Stock vBulletin's error block; the plugin reads `.blockrow.restore`. */
const errorPage = (text: string) =>
  `<div class="standard_error"><h2 class="blockhead">ViperGirls Message</h2><div class="blockbody"><div class="blockrow restore">${escapeHtml(text)}</div></div></div>`;
const submissionErrors = (items: string[]) =>
  `<div class="blockrow restore"><p>The following errors occurred with your submission</p><ol>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ol></div>`;

export function createVbulletinFake(options: { users?: Record<string, string>; threads?: Record<string, ForumThread>; floodSeconds?: number; maxLength?: number } = {}): VbulletinFake {
  const users = new Map(Object.entries(options.users ?? {}).map(([name, password], i) => [name, { id: 1000 + i, password }]));
  const sessions = new Map<string, { user?: string; token: string }>();
  const lastPostAt = new Map<string, number>();
  const state: VbulletinState = {
    users,
    threads: new Map(Object.entries(options.threads ?? {})),
    posts: [],
    floodSeconds: options.floodSeconds ?? 30,
    maxLength: options.maxLength ?? 20_000,
    loginAttempts: 0,
    postRequests: 0,
    failedLogins: 0,
    dropNextAnswer: false,
    expireSessions: () => sessions.clear(),
  };

  /** The vBulletin session behind the request's cookie, started when missing. */
  function sessionOf(req: IncomingMessage, res: ServerResponse) {
    const hash = cookiesOf(req).vg_sessionhash ?? '';
    let session = sessions.get(hash);
    if (!session) {
      const fresh = randomId(32);
      session = { token: `${Math.floor(Date.now() / 1000)}-${randomId(40, '0123456789abcdef')}` };
      sessions.set(fresh, session);
      res.setHeader('Set-Cookie', `vg_sessionhash=${fresh}; path=/; secure; HttpOnly`);
    }
    return session;
  }

  const page = (session: { user?: string; token: string }, body: string) =>
    `<script>var SECURITYTOKEN = "${session.user ? session.token : 'guest'}";</script>${session.user ? `<a href="${BASE}/login.php?do=logout">Log Out</a>` : `<form action="login.php?do=login" method="post"><input name="vb_login_username"></form>`}${body}`;

  async function login(req: IncomingMessage, res: ServerResponse) {
    state.loginAttempts++;
    const session = sessionOf(req, res);
    const { fields } = await readForm(req);
    if (state.failedLogins >= 5) return sendHtml(res, 200, errorPage('You have used up your failed login quota! Please wait 15 minutes before trying again.'));
    const user = users.get(fields.vb_login_username ?? '');
    // vBulletin takes the md5 when the browser hashed, else the plain password.
    const given = fields.vb_login_md5password || (fields.vb_login_password ? md5(fields.vb_login_password) : '');
    if (fields.do !== 'login' || !user || given !== md5(user.password)) {
      state.failedLogins++;
      return sendHtml(res, 200, errorPage(`You have entered an invalid username or password. Please press the back button, enter the correct details and try again. You have used ${state.failedLogins} out of 5 login attempts.`));
    }
    state.failedLogins = 0;
    session.user = fields.vb_login_username;
    res.setHeader('Set-Cookie', [
      res.getHeader('Set-Cookie') as string,
      `vg_userid=${user.id}; path=/; secure`,
      `vg_password=${md5(md5(user.password) + 'salt')}; path=/; secure`,
      `vg_lastactivity=0; path=/; secure`,
    ].filter(Boolean));
    sendHtml(res, 200, page(session, `<p class="blockrow restore">Thank you for logging in, ${escapeHtml(session.user)}.</p><meta http-equiv="Refresh" content="2; URL=${BASE}/forum.php">`));
  }

  function replyForm(req: IncomingMessage, res: ServerResponse, threadId: string) {
    const session = sessionOf(req, res);
    if (!session.user) return sendHtml(res, 200, page(session, errorPage('You are not logged in or you do not have permission to access this page.')));
    const thread = state.threads.get(threadId);
    if (!thread) return sendHtml(res, 200, page(session, errorPage('Invalid Thread specified. If you followed a valid link, please notify the administrator')));
    if (thread.readOnlyFor?.includes(session.user)) return sendHtml(res, 200, page(session, errorPage(`${session.user}, you do not have permission to access this page.`)));
    if (thread.closed) return sendHtml(res, 200, page(session, errorPage('This thread is closed. You may not reply to it.')));
    const user = users.get(session.user)!;
    const hidden = { securitytoken: session.token, do: 'postreply', t: threadId, p: '', specifiedpost: '0', posthash: randomId(32, '0123456789abcdef'), poststarttime: String(Math.floor(Date.now() / 1000)), loggedinuser: String(user.id), multiquoteempty: '', s: '' };
    const inputs = Object.entries(hidden).map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`).join('');
    sendHtml(res, 200, page(session, `<form action="newreply.php?do=postreply&amp;t=${threadId}" method="post" name="vbform"><input name="title"><textarea name="message"></textarea>${inputs}<input type="submit" name="sbutton" value="Submit Reply"></form>`));
  }

  async function postReply(req: IncomingMessage, res: ServerResponse, threadId: string) {
    state.postRequests++;
    const session = sessionOf(req, res);
    const { fields } = await readForm(req);
    if (!session.user) return sendHtml(res, 200, page(session, errorPage('You are not logged in or you do not have permission to access this page.')));
    if (fields.securitytoken !== session.token) return sendHtml(res, 200, page(session, errorPage('Your submission could not be processed because a security token was invalid.')));
    const thread = state.threads.get(threadId);
    if (!thread || fields.t !== threadId || fields.do !== 'postreply') return sendHtml(res, 200, page(session, errorPage('Invalid Thread specified.')));
    if (thread.readOnlyFor?.includes(session.user)) return sendHtml(res, 200, page(session, errorPage(`${session.user}, you do not have permission to access this page.`)));
    const problems: string[] = [];
    const message = fields.message ?? '';
    if (thread.closed) problems.push('This thread is closed. You may not reply to it.');
    if (message.trim().length < 1) problems.push('The message you have entered is too short. Please lengthen your message to at least 1 characters.');
    if (message.length > state.maxLength) problems.push(`The text that you have entered is too long (${message.length} characters). Please shorten it to ${state.maxLength} characters long.`);
    const since = (Date.now() - (lastPostAt.get(session.user) ?? 0)) / 1000;
    if (since < state.floodSeconds) {
      problems.push(`This forum requires that you wait ${state.floodSeconds} seconds between posts. Please try again in ${Math.ceil(state.floodSeconds - since)} seconds.`);
    }
    if (problems.length) return sendHtml(res, 200, page(session, submissionErrors(problems)));
    const id = 5_000_001 + state.posts.length;
    state.posts.push({ id, threadId, user: session.user, title: fields.title ?? '', message, fields });
    lastPostAt.set(session.user, Date.now());
    if (state.dropNextAnswer) {
      state.dropNextAnswer = false;
      return void req.socket.destroy();
    }
    redirect(res, `${BASE}/showthread.php?p=${id}#post${id}`);
  }

  function showThread(req: IncomingMessage, res: ServerResponse, url: URL) {
    const session = sessionOf(req, res);
    const postId = Number(url.searchParams.get('p'));
    const threadId = url.searchParams.get('t') ?? state.posts.find((p) => p.id === postId)?.threadId ?? '';
    const thread = state.threads.get(threadId);
    if (!thread) return sendHtml(res, 404, page(session, errorPage('Invalid Thread specified.')));
    const posts = state.posts.filter((p) => p.threadId === threadId);
    const items = posts.map((p) => `<li id="post_${p.id}"><h2 class="title">${escapeHtml(p.title)}</h2><div id="post_message_${p.id}"><blockquote class="postcontent restore">${escapeHtml(p.message)}</blockquote></div></li>`);
    sendHtml(res, 200, page(session, `<h1>${escapeHtml(thread.title)}</h1><ol id="posts">${items.join('')}</ol>`));
  }

  return {
    name: 'vipergirls.to',
    hostnames: ['vipergirls.to', 'www.vipergirls.to'],
    state,
    async handle(req, res, url) {
      const { hostname: host, pathname: path } = url;
      if (host === 'www.vipergirls.to') return redirect(res, `${BASE}${path}${url.search}`);
      const action = url.searchParams.get('do');
      if (path === '/' || path === '/forum.php') return sendHtml(res, 200, page(sessionOf(req, res), '<h1>ViperGirls</h1>'));
      if (path === '/login.php' && req.method === 'POST' && action === 'login') return login(req, res);
      if (path === '/newreply.php' && req.method === 'GET' && action === 'newreply') return replyForm(req, res, url.searchParams.get('t') ?? '');
      if (path === '/newreply.php' && req.method === 'POST' && action === 'postreply') return postReply(req, res, url.searchParams.get('t') ?? '');
      if (path === '/showthread.php') return showThread(req, res, url);
      sendHtml(res, 404, '<h1>404 Not Found</h1>');
    },
  };
}
