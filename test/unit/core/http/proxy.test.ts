import { strict as assert } from 'node:assert';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createHttpClient, type HttpClient } from '../../../../src/core/http';
import { startRouteServer, type RouteServer } from '../../../support/routeServer';

/** A minimal CONNECT proxy that records where it was asked to tunnel. */
async function startProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.once('data', (head) => {
      const target = /^CONNECT (\S+) /.exec(head.toString())?.[1];
      if (!target) return client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
      tunnels.push(target);
      const [host, port] = target.split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('http client: proxies', () => {
  let server: RouteServer;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let http: HttpClient | undefined;
  const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
  const saved = Object.fromEntries(PROXY_VARS.map((name) => [name, process.env[name]]));
  beforeEach(async () => {
    server = await startRouteServer();
    server.route('GET /', (_req, res) => void res.writeHead(200).end('via'));
    proxy = await startProxy();
  });
  afterEach(async () => {
    // Restore key by key: replacing process.env itself would detach it from the real environment.
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await http?.close();
    await proxy.close();
    await server.close();
  });

  it('tunnels through the configured proxy', async () => {
    http = createHttpClient({ proxy: proxy.url });
    const result = await http.request({ url: `${server.base}/`, method: 'GET', headers: {} });
    assert.ok(result.ok && result.value.body === 'via', JSON.stringify(result));
    assert.deepEqual(proxy.tunnels, [new URL(server.base).host]);
  });

  it('uses HTTP_PROXY from the environment unless told not to', async () => {
    for (const name of PROXY_VARS) delete process.env[name];
    process.env.HTTP_PROXY = proxy.url;
    http = createHttpClient({});
    assert.ok((await http.request({ url: `${server.base}/`, method: 'GET', headers: {} })).ok);
    assert.equal(proxy.tunnels.length, 1);
    await http.close();
    http = createHttpClient({ useEnvProxy: false });
    assert.ok((await http.request({ url: `${server.base}/`, method: 'GET', headers: {} })).ok);
    assert.equal(proxy.tunnels.length, 1, 'the second client went direct');
  });
});
