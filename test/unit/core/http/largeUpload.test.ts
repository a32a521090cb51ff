import { strict as assert } from 'node:assert';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createHttpClient } from '../../../../src/core/http';
import { createMultipartBody } from '../../../../src/core/multipart';

const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
};
const close = (server: Server) => new Promise<void>((r) => {
  server.closeAllConnections();
  server.close(() => r());
});

/** The issue's own figure: a 1 GB file streams with flat memory (upload.test.ts covers 200 MB in detail). */
describe('a 1 GB upload', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ihu-http-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

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

});
