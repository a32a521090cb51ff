import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import type { PluginFile } from '../../../../src/core/plugin/types';
import { readForm } from '../../../fakes/readMultipart';
import { cookiesOf, html, json, startRouteServer, type RouteServer } from '../../../support/routeServer';
import { createHarness, type Harness } from './engineHarness';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** A Laravel-like host: login form token → login → page with a CSRF meta → upload needing it twice → result page. */
function chainPlugin(base: string): PluginFile {
  return {
    id: 'chain-host',
    name: 'Chain Host',
    kind: 'imageHost',
    formatVersion: 1,
    settings: [
      { key: 'username', type: 'text', label: 'User' },
      { key: 'password', type: 'secret', label: 'Password', required: true },
    ],
    session: {
      steps: [
        { name: 'login form', request: { url: `${base}/login` }, extract: { loginToken: 'css:input[name=_token]@value' } },
        {
          name: 'log in',
          request: {
            url: `${base}/login`,
            method: 'POST',
            body: { form: { _token: '{loginToken}', user: '{config.username}', pw_md5: '{secret.password|md5}' } },
          },
          success: [{ rule: 'css:a.logout', exists: true }],
          errorMessage: 'css:.error',
          failureKind: 'loginFailed',
        },
        { name: 'upload page', request: { url: `${base}/` }, extract: { csrf: 'css:meta[name=csrf-token]@content' } },
      ],
      expiredWhen: [{ rule: 'css:form#login', exists: true }],
    },
    upload: {
      request: {
        url: `${base}/upload`,
        headers: { 'X-CSRF-TOKEN': '{csrf}' },
        body: { multipart: [{ name: '_token', kind: 'dynamic', from: 'csrf' }, { name: 'files[0]', kind: 'file' }] },
      },
      extract: { done: 'json:success' },
      followUps: [
        {
          name: 'result page',
          request: { url: '{done}' },
          extract: { viewer: 'regex:\\[URL=([^\\]]+)\\]', thumb: 'regex:\\[IMG\\]([^\\[]+)\\[/IMG\\]' },
          followUps: [{ name: 'viewer page', request: { url: '{viewer}' }, extract: { full: 'css:img.main-image@src' } }],
        },
      ],
      result: { imageUrl: '{full}', thumbnailUrl: '{thumb}', viewerUrl: '{viewer}' },
    },
  };
}

describe('engine: a login chain with CSRF tokens', () => {
  let server: RouteServer;
  let h: Harness;
  let logins: number;
  let sessions: Map<string, string>;
  let expireAll: boolean;

  beforeEach(async () => {
    logins = 0;
    sessions = new Map();
    expireAll = false;
    server = await startRouteServer();
    const loginForm = '<form id="login"><input name="_token" value="lt-1"></form>';
    server.route('GET /login', (_req, res) => html(res, 200, loginForm));
    server.route('POST /login', async (req, res) => {
      logins++;
      const { fields } = await readForm(req);
      if (fields._token !== 'lt-1' || fields.user !== 'ann' || fields.pw_md5 !== md5('s3cret')) {
        return html(res, 200, `${loginForm}<div class="error">Wrong password.</div>`);
      }
      await new Promise((r) => setTimeout(r, 30)); // widen the window for concurrent logins
      const sid = randomBytes(6).toString('hex');
      sessions.set(sid, randomBytes(6).toString('hex'));
      html(res, 200, '<a class="logout" href="/logout">Log out</a>', { 'Set-Cookie': `sid=${sid}; Path=/; HttpOnly` });
    });
    server.route('GET /', (req, res) => {
      const csrf = sessions.get(cookiesOf(req).sid);
      html(res, 200, csrf ? `<meta name="csrf-token" content="${csrf}">` : loginForm);
    });
    server.route('POST /upload', async (req, res) => {
      const csrf = sessions.get(cookiesOf(req).sid);
      const { fields, files } = await readForm(req);
      if (!csrf || expireAll) {
        expireAll = false;
        sessions.clear();
        return html(res, 200, loginForm);
      }
      if (req.headers['x-csrf-token'] !== csrf || fields._token !== csrf) return json(res, 419, { message: 'CSRF token mismatch.' });
      const id = files['files[0]'].filename.replace('.png', '');
      json(res, 200, { success: `${server.base}/complete?id=${id}` });
    });
    server.route('GET /complete', (_req, res, url) => {
      const id = url.searchParams.get('id');
      html(res, 200, `<input value="[URL=${server.base}/view/${id}][IMG]${server.base}/t/${id}_t.png[/IMG][/URL]">`);
    });
    server.route('GET /view/img1', (_req, res) => html(res, 200, `<img class="main-image" src="${server.base}/i/img1.png">`));
    for (let i = 1; i <= 8; i++) {
      server.route(`GET /view/img${i}`, (_req, res) => html(res, 200, `<img class="main-image" src="${server.base}/i/img${i}.png">`));
    }
    h = await createHarness(chainPlugin(server.base));
  });
  afterEach(async () => {
    await h.dispose();
    await server.close();
  });

  const good = { config: { username: 'ann' }, secrets: { password: 's3cret' } };

  it('carries tokens through four steps and nested follow-ups into the links', async () => {
    const summary = await h.run(h.images(1), good);
    assert.equal(summary.outcomes[0].error, undefined, JSON.stringify(summary.outcomes[0].error));
    assert.deepEqual(summary.outcomes[0].links, {
      imageUrl: `${server.base}/i/img1.png`,
      thumbnailUrl: `${server.base}/t/img1_t.png`,
      viewerUrl: `${server.base}/view/img1`,
    });
    assert.deepEqual(server.log, ['GET /login', 'POST /login', 'GET /', 'POST /upload', 'GET /complete', 'GET /view/img1']);
  });

  it('logs in once however many uploads start together', async () => {
    const summary = await h.run(h.images(8), { ...good, concurrency: 8 });
    assert.equal(summary.outcomes.filter((o) => o.links).length, 8);
    assert.equal(logins, 1);
  });

  it('logs in again once when the host says the session expired, then uploads', async () => {
    await h.run(h.images(1), good);
    expireAll = true;
    const summary = await h.run(h.images(1), good);
    assert.ok(summary.outcomes[0].links, JSON.stringify(summary.outcomes[0].error));
    assert.equal(logins, 2);
  });

  it('stops on a wrong password with the host\'s message and no retry loop', async () => {
    const summary = await h.run(h.images(3), { ...good, secrets: { password: 'nope' } });
    assert.equal(summary.error?.kind, 'loginFailed');
    assert.match(summary.error!.message, /Wrong password/);
    for (const o of summary.outcomes) assert.equal(o.error?.kind, 'loginFailed');
    assert.equal(logins, 1);
    assert.ok(!server.log.includes('POST /upload'));
  });

  it('does not send the same refused password again for a while, but tries a corrected one at once', async () => {
    await h.run(h.images(1), { ...good, secrets: { password: 'nope' } });
    const again = await h.run(h.images(1), { ...good, secrets: { password: 'nope' } });
    assert.equal(again.error?.kind, 'loginFailed');
    assert.match(again.error!.message, /Not tried again for \d+ s with the same credentials/);
    assert.equal(logins, 1);
    const fixed = await h.run(h.images(1), good);
    assert.ok(fixed.outcomes[0].links, JSON.stringify(fixed));
    assert.equal(logins, 2);
  });

  it('keeps secrets out of every log line, error and result, even when the host echoes them', async () => {
    server.route('POST /login', async (req, res) => {
      logins++;
      const { fields } = await readForm(req);
      html(res, 200, `<div class="error">Wrong password ${fields.pw_md5} for ${fields.user}; you typed s3cret-typo</div>`);
    });
    const summary = await h.run(h.images(2), { ...good, secrets: { password: 's3cret-typo' } });
    assert.equal(summary.error?.kind, 'loginFailed');
    const everything = JSON.stringify([summary, h.events]);
    assert.ok(!everything.includes('s3cret-typo'), everything);
    assert.ok(!everything.includes(md5('s3cret-typo')), 'the derived md5 is a secret too');
  });
});
