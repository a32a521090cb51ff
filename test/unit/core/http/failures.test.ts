import { strict as assert } from 'node:assert';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createHttpClient, type HttpClient } from '../../../../src/core/http';

/** A raw TCP server, so tests can misbehave below HTTP: stay silent, stall, or cut the line. */
async function rawServer(onSocket: (socket: Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const HEAD = 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n';

describe('http client: failures become typed errors', () => {
  let http: HttpClient;
  let server: Awaited<ReturnType<typeof rawServer>> | undefined;
  afterEach(async () => {
    await http?.close();
    await server?.close();
    server = undefined;
  });

  const get = (url: string) => http.request({ url, method: 'GET', headers: {} });

  it('reports a connection that never completes as a connect timeout', async () => {
    // TLS to a server that never answers the handshake: the connect phase never ends.
    server = await rawServer(() => undefined);
    http = createHttpClient({ useEnvProxy: false, connectTimeoutMs: 150 });
    const result = await get(`https://127.0.0.1:${server.port}/`);
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'timeout');
    assert.equal(result.error.retryable, true);
    assert.match(result.error.message, /connection within 0\.2 s|connection within 0\.1 s/);
  });

  it('reports a host that accepts the request but never answers as a response-headers timeout', async () => {
    server = await rawServer(() => undefined);
    http = createHttpClient({ useEnvProxy: false, headersTimeoutMs: 150 });
    const result = await get(`http://127.0.0.1:${server.port}/`);
    assert.ok(!result.ok && result.error.kind === 'timeout');
    assert.match(result.error.message, /did not start answering within 0\.\d s/);
  });

  it('reports an answer that stops midway as a body idle timeout', async () => {
    server = await rawServer((socket) => socket.once('data', () => socket.write(`${HEAD}partial`)));
    http = createHttpClient({ useEnvProxy: false, bodyTimeoutMs: 150 });
    const result = await get(`http://127.0.0.1:${server.port}/`);
    assert.ok(!result.ok && result.error.kind === 'timeout');
    assert.match(result.error.message, /stopped sending data for 0\.\d s/);
  });

  it('reports a connection cut mid-answer as a retryable network error', async () => {
    server = await rawServer((socket) => socket.once('data', () => socket.write(`${HEAD}partial`, () => socket.resetAndDestroy())));
    http = createHttpClient({ useEnvProxy: false });
    const result = await get(`http://127.0.0.1:${server.port}/`);
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'network');
    assert.equal(result.error.retryable, true);
    assert.match(result.error.message, /127\.0\.0\.1:\d+/);
  });

  it('reports a connection closed before any answer as a network error', async () => {
    server = await rawServer((socket) => socket.once('data', () => socket.end()));
    http = createHttpClient({ useEnvProxy: false });
    const result = await get(`http://127.0.0.1:${server.port}/`);
    assert.ok(!result.ok && result.error.kind === 'network' && result.error.retryable);
  });

  it('reports a refused connection', async () => {
    server = await rawServer(() => undefined);
    const port = server.port;
    await server.close();
    server = undefined;
    http = createHttpClient({ useEnvProxy: false });
    const result = await get(`http://127.0.0.1:${port}/`);
    assert.ok(!result.ok && result.error.kind === 'network');
    assert.match(result.error.message, /refused/);
  });

  it('names a host that does not resolve', async () => {
    http = createHttpClient({ useEnvProxy: false });
    const result = await get('https://no-such-host.invalid/');
    assert.ok(!result.ok && result.error.kind === 'network');
    assert.match(result.error.message, /Could not resolve host no-such-host\.invalid/);
  });

  it('refuses to start with a malformed --resolve rule', async () => {
    http = createHttpClient({ useEnvProxy: false, resolve: ['api.example.test:443'] });
    const result = await get('https://api.example.test/');
    assert.ok(!result.ok && result.error.kind === 'configInvalid');
  });
});
