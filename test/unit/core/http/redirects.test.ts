import { strict as assert } from 'node:assert';
import { CookieJar } from 'tough-cookie';
import { createHttpClient, type HttpClient } from '../../../../src/core/http';
import { cookiesOf, startRouteServer, type RouteServer } from '../../../support/routeServer';

describe('http client: redirects and cookies', () => {
  let server: RouteServer;
  let http: HttpClient;
  beforeEach(async () => {
    server = await startRouteServer();
    http = createHttpClient({ useEnvProxy: false });
  });
  afterEach(async () => {
    await http.close();
    await server.close();
  });

  it('keeps the cookies set on every hop of a login redirect chain', async () => {
    server.route('POST /login', (_req, res) => void res.writeHead(302, { Location: '/step', 'Set-Cookie': 'a=1; Path=/' }).end());
    server.route('GET /step', (req, res) => void res.writeHead(303, { Location: '/home', 'Set-Cookie': `b=${cookiesOf(req).a}2; Path=/` }).end());
    server.route('GET /home', (req, res) => void res.writeHead(200).end(JSON.stringify(cookiesOf(req))));
    const jar = new CookieJar();
    const result = await http.request({ url: `${server.base}/login`, method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'user=x', cookieJar: jar });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.status, 200);
    assert.deepEqual(JSON.parse(result.value.body), { a: '1', b: '12' });
    assert.equal(result.value.url, `${server.base}/home`);
    assert.deepEqual(result.value.redirects, [`${server.base}/step`, `${server.base}/home`]);
    assert.deepEqual(server.log, ['POST /login', 'GET /step', 'GET /home']);
    assert.match(await jar.getCookieString(`${server.base}/`), /a=1; b=12/);
  });

  it('resends the body on 307 and switches to a bodyless GET on 302', async () => {
    let seen = '';
    server.route('POST /old', (_req, res) => void res.writeHead(307, { Location: '/new' }).end());
    server.route('POST /new', async (req, res) => {
      for await (const chunk of req) seen += chunk;
      res.writeHead(302, { Location: '/done' }).end();
    });
    server.route('GET /done', (req, res) => void res.writeHead(200).end(`${req.headers['content-type'] ?? 'none'} ${req.headers['content-length'] ?? 'none'}`));
    const result = await http.request({ url: `${server.base}/old`, method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'payload' });
    assert.ok(result.ok);
    assert.equal(seen, 'payload');
    assert.equal(result.value.body, 'none none', 'the GET after 302 carries no body headers');
  });

  it('returns the redirect itself when told not to follow', async () => {
    server.route('GET /r', (_req, res) => void res.writeHead(302, { Location: '/elsewhere' }).end());
    const result = await http.request({ url: `${server.base}/r`, method: 'GET', headers: {}, followRedirects: false });
    assert.ok(result.ok);
    assert.equal(result.value.status, 302);
    assert.equal(result.value.headers.location, '/elsewhere');
  });

  it('stops a redirect loop with a clear network error', async () => {
    server.route('GET /a', (_req, res) => void res.writeHead(302, { Location: '/b' }).end());
    server.route('GET /b', (_req, res) => void res.writeHead(302, { Location: '/a' }).end());
    const result = await http.request({ url: `${server.base}/a`, method: 'GET', headers: {} });
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'network');
    assert.equal(result.error.retryable, false);
    assert.match(result.error.message, /too many redirects/);
  });

  it('returns HTTP error statuses as responses, not errors', async () => {
    server.route('GET /missing', (_req, res) => void res.writeHead(404, { 'X-Why': 'gone' }).end('nope'));
    const result = await http.request({ url: `${server.base}/missing`, method: 'GET', headers: {} });
    assert.ok(result.ok);
    assert.equal(result.value.status, 404);
    assert.equal(result.value.body, 'nope');
    assert.equal(result.value.headers['x-why'], 'gone');
    assert.ok(result.value.timings.totalMs >= result.value.timings.headersMs);
  });
});
