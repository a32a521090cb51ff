import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createHttpClient, type HttpClient } from '../../../../src/core/http';
import { createTestCa, type TestCa } from '../../../fakes/testCa';

const NAME = 'api.example.test';

/** An HTTPS server that echoes the Host header and the SNI name it was reached by. */
async function echoServer(cert: { key: string; cert: string }): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer(cert, (req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ host: req.headers.host, sni: (req.socket as TLSSocket).servername }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('http client: TLS and connection overrides', function () {
  this.timeout(20_000);
  let ca: TestCa;
  let server: Awaited<ReturnType<typeof echoServer>>;
  let http: HttpClient | undefined;

  before(async () => {
    ca = await createTestCa();
    server = await echoServer(await ca.issue([NAME]));
  });
  after(() => server.close());
  afterEach(async () => {
    await http?.close();
    http = undefined;
  });

  it('--resolve dials the given address while the Host header and SNI keep the real name', async () => {
    http = createHttpClient({ useEnvProxy: false, resolve: [`${NAME}:${server.port}:127.0.0.1`], extraCaCerts: [ca.caPem] });
    const result = await http.request({ url: `https://${NAME}:${server.port}/`, method: 'GET', headers: {} });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(JSON.parse(result.value.body), { host: `${NAME}:${server.port}`, sni: NAME });
  });

  it('--connect-to moves host:443 to another address and port', async () => {
    http = createHttpClient({ useEnvProxy: false, connectTo: [`${NAME}:443:127.0.0.1:${server.port}`], extraCaCerts: [ca.caPem] });
    const result = await http.request({ url: `https://${NAME}/`, method: 'GET', headers: {} });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(JSON.parse(result.value.body), { host: NAME, sni: NAME });
  });

  it('refuses a certificate from an unknown CA with a tls error naming the host', async () => {
    http = createHttpClient({ useEnvProxy: false, connectTo: [`${NAME}:443:127.0.0.1:${server.port}`] });
    const result = await http.request({ url: `https://${NAME}/`, method: 'GET', headers: {} });
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'tls');
    assert.equal(result.error.retryable, false);
    assert.match(result.error.message, /api\.example\.test/);
  });

  it('refuses a trusted certificate issued for another name', async () => {
    const other = await echoServer(await ca.issue(['other.example.test']));
    try {
      http = createHttpClient({ useEnvProxy: false, connectTo: [`${NAME}:443:127.0.0.1:${other.port}`], extraCaCerts: [ca.caPem] });
      const result = await http.request({ url: `https://${NAME}/`, method: 'GET', headers: {} });
      assert.ok(!result.ok);
      assert.equal(result.error.kind, 'tls');
      assert.match(result.error.message, /api\.example\.test/);
    } finally {
      await other.close();
    }
  });
});
