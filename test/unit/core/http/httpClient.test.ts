import { strict as assert } from 'node:assert';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CookieJar } from 'tough-cookie';
import { createHttpClient } from '../../../../src/core/http';
import { createMultipartBody } from '../../../../src/core/multipart';
import { createTestCa, type TestCa } from '../../../fakes/testCa';

const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
};
const close = (server: Server) => new Promise<void>((r) => {
  server.closeAllConnections();
  server.close(() => r());
});
async function drain(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('HTTP client and multipart streaming', function () {
  this.timeout(60_000);
  let ca: TestCa;
  let dir: string;
  before(async () => {
    ca = await createTestCa();
    dir = mkdtempSync(path.join(tmpdir(), 'ihu-http-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('sends a multipart body byte for byte as browsers encode it, with its exact length', async () => {
    const file = path.join(dir, 'a.bin');
    writeFileSync(file, Buffer.from([0, 1, 2, 255]));
    const body = await createMultipartBody([
      { name: 'title', value: 'héllo' },
      { name: 'img', file: { path: file, filename: 'we"ird\nname.png', contentType: 'image/png', size: 4 } },
    ]);
    assert.ok(body.ok);
    const b = body.value.boundary;
    const expected = Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="title"\r\n\r\nhéllo\r\n`),
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="img"; filename="we%22ird%0Aname.png"\r\nContent-Type: image/png\r\n\r\n`),
      Buffer.from([0, 1, 2, 255]),
      Buffer.from(`\r\n--${b}--\r\n`),
    ]);
    let received: { bytes: Buffer; length: string | undefined } | undefined;
    const server = createHttpServer(async (req, res) => {
      received = { bytes: await drain(req), length: req.headers['content-length'] };
      res.end('ok');
    });
    const port = await listen(server);
    const client = createHttpClient();
    const sent: number[] = [];
    const result = await client.request({ url: `http://127.0.0.1:${port}/`, method: 'POST', headers: { 'Content-Type': body.value.contentType }, body: body.value, onUploadProgress: (s) => sent.push(s) });
    await client.close();
    await close(server);
    assert.ok(result.ok);
    assert.deepEqual(received!.bytes, expected);
    assert.equal(received!.length, String(expected.length));
    assert.equal(body.value.length, expected.length);
    assert.equal(sent.at(-1), expected.length);
  });

  it('streams a 1 GB file without holding it in memory', async () => {
    const file = path.join(dir, 'big.bin');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 1024 * 1024 * 1024);
    closeSync(fd);
    let bytes = 0;
    const server = createHttpServer(async (req, res) => {
      for await (const c of req) bytes += (c as Buffer).length;
      res.end('ok');
    });
    const port = await listen(server);
    const body = await createMultipartBody([{ name: 'f', file: { path: file, filename: 'big.bin', contentType: 'application/octet-stream', size: 1024 * 1024 * 1024 } }]);
    assert.ok(body.ok);
    const client = createHttpClient();
    const before = process.memoryUsage().rss;
    let peak = before;
    const result = await client.request({ url: `http://127.0.0.1:${port}/`, method: 'POST', headers: {}, body: body.value, onUploadProgress: () => (peak = Math.max(peak, process.memoryUsage().rss)) });
    await client.close();
    await close(server);
    assert.ok(result.ok);
    assert.equal(bytes, body.value.length);
    // Generous: the file is 1 GB; holding it would grow RSS by at least that.
    assert.ok(peak - before < 100 * 1024 * 1024, `RSS grew by ${Math.round((peak - before) / 1048576)} MB`);
  });

  it('goes through an HTTP proxy with CONNECT when one is set', async () => {
    const target = createHttpServer((req, res) => res.end(`via proxy: ${req.url}`));
    const targetPort = await listen(target);
    const tunnels: string[] = [];
    const proxy = createHttpServer();
    proxy.on('connect', (req, socket, head) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    const proxyPort = await listen(proxy);
    const client = createHttpClient({ proxy: `http://127.0.0.1:${proxyPort}` });
    const result = await client.request({ url: `http://127.0.0.1:${targetPort}/x`, method: 'GET', headers: {} });
    await client.close();
    await Promise.all([close(proxy), close(target)]);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.body, 'via proxy: /x');
    assert.deepEqual(tunnels, [`127.0.0.1:${targetPort}`]);
  });

  it('fails naming the file when it changed size after it was measured', async () => {
    const file = path.join(dir, 'shrinks.bin');
    writeFileSync(file, Buffer.alloc(1000));
    const body = await createMultipartBody([{ name: 'f', file: { path: file, filename: 'x', contentType: 'image/png', size: 2000 } }]);
    assert.ok(!body.ok && body.error.kind === 'fileInvalid' && /shrinks\.bin changed size/.test(body.error.message));
  });

  it('reaches an HTTPS host by its real name through --resolve and --connect-to, verifying its certificate', async () => {
    const server = createHttpsServer(await ca.issue(['api.example.test']), (req, res) => res.end(`host=${req.headers.host} sni=${(req.socket as import('node:tls').TLSSocket).servername}`));
    const port = await listen(server);
    for (const options of [{ resolve: [`api.example.test:${port}:127.0.0.1`] }, { connectTo: [`api.example.test:443:127.0.0.1:${port}`] }]) {
      const client = createHttpClient({ ...options, extraCaCerts: [ca.caPem] });
      const url = options.resolve ? `https://api.example.test:${port}/` : 'https://api.example.test/';
      const result = await client.request({ url, method: 'GET', headers: {} });
      await client.close();
      assert.ok(result.ok, JSON.stringify(result));
      assert.match(result.value.body, /host=api\.example\.test(:\d+)? sni=api\.example\.test/);
    }
    await close(server);
  });

  it('refuses an untrusted CA and a certificate for another name, and says so', async () => {
    const server = createHttpsServer(await ca.issue(['other.example.test']), (_req, res) => res.end('no'));
    const port = await listen(server);
    const rules = { connectTo: [`api.example.test:443:127.0.0.1:${port}`] };
    const untrusted = createHttpClient(rules);
    const wrongName = createHttpClient({ ...rules, extraCaCerts: [ca.caPem] });
    const a = await untrusted.request({ url: 'https://api.example.test/', method: 'GET', headers: {} });
    const b = await wrongName.request({ url: 'https://api.example.test/', method: 'GET', headers: {} });
    await Promise.all([untrusted.close(), wrongName.close(), close(server)]);
    for (const r of [a, b]) {
      assert.ok(!r.ok);
      assert.equal(r.error.kind, 'tls');
      assert.match(r.error.message, /certificate of api\.example\.test could not be verified/);
      assert.equal(r.error.retryable, false);
    }
  });

  it('keeps cookies from every redirect hop and reports a redirect loop', async () => {
    const server = createHttpServer((req, res) => {
      if (req.url === '/login') return res.writeHead(302, { Location: '/home', 'Set-Cookie': 'sid=abc; Path=/' }).end();
      if (req.url === '/home') return res.end(`cookie=${req.headers.cookie}`);
      if (req.url === '/loop') return res.writeHead(302, { Location: '/loop2' }).end();
      if (req.url === '/loop2') return res.writeHead(302, { Location: '/loop' }).end();
      res.writeHead(404).end();
    });
    const port = await listen(server);
    const client = createHttpClient();
    const jar = new CookieJar();
    const ok = await client.request({ url: `http://127.0.0.1:${port}/login`, method: 'POST', headers: {}, body: 'x=1', cookieJar: jar });
    const loop = await client.request({ url: `http://127.0.0.1:${port}/loop`, method: 'GET', headers: {} });
    await client.close();
    await close(server);
    assert.ok(ok.ok);
    assert.equal(ok.value.body, 'cookie=sid=abc');
    assert.equal(ok.value.url, `http://127.0.0.1:${port}/home`);
    assert.ok(!loop.ok && /redirect loop/.test(loop.error.message));
  });

  it('reports a refused connection and a reset mid-answer as network errors worth retrying', async () => {
    const server = createHttpServer((req) => req.socket.destroy());
    const port = await listen(server);
    const client = createHttpClient();
    const reset = await client.request({ url: `http://127.0.0.1:${port}/`, method: 'GET', headers: {} });
    await close(server);
    const refused = await client.request({ url: `http://127.0.0.1:${port}/`, method: 'GET', headers: {} });
    await client.close();
    for (const r of [reset, refused]) assert.ok(!r.ok && r.error.kind === 'network' && r.error.retryable, JSON.stringify(r));
  });
});
