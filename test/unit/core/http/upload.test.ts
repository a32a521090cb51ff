import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createHttpClient, type HttpClient } from '../../../../src/core/http';
import { createMultipartBody, type MultipartBody } from '../../../../src/core/multipart';
import { startRouteServer, type RouteServer } from '../../../support/routeServer';

const MB = 1024 * 1024;

describe('http client: streamed uploads', function () {
  this.timeout(20_000);
  let dir: string;
  let server: RouteServer;
  let http: HttpClient;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ihu-up-'));
    server = await startRouteServer();
    http = createHttpClient({ useEnvProxy: false });
  });
  afterEach(async () => {
    await http.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A sparse file: it costs no disk and no memory unless someone buffers it. */
  async function bodyOf(sizeBytes: number): Promise<{ body: MultipartBody; file: string }> {
    const file = path.join(dir, 'big.png');
    writeFileSync(file, '');
    truncateSync(file, sizeBytes);
    const body = await createMultipartBody([{ name: 'note', value: 'hi' }, { name: 'image', file: { path: file, filename: 'big.png', contentType: 'image/png', size: sizeBytes } }]);
    assert.ok(body.ok);
    return { body: body.value, file };
  }

  /** Counts the bytes the host receives without keeping them. */
  function countingRoute(): { received: () => number; declared: () => number } {
    let received = 0;
    let declared = -1;
    server.route('POST /upload', async (req, res) => {
      declared = Number(req.headers['content-length']);
      for await (const chunk of req) received += (chunk as Buffer).length;
      res.writeHead(200).end('ok');
    });
    return { received: () => received, declared: () => declared };
  }

  it('streams a 200 MB file with the exact Content-Length, steady progress and little memory', async () => {
    const { body } = await bodyOf(200 * MB);
    const counter = countingRoute();
    const progress: number[] = [];
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const result = await http.request({
      url: `${server.base}/upload`,
      method: 'POST',
      headers: { 'Content-Type': body.contentType },
      body,
      onUploadProgress: (sent, total) => {
        assert.equal(total, body.length);
        progress.push(sent);
      },
    });
    clearInterval(sampler);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.body, 'ok');
    assert.equal(counter.declared(), body.length);
    assert.equal(counter.received(), body.length);
    assert.ok(progress.every((v, i) => i === 0 || v > progress[i - 1]), 'progress only grows');
    assert.equal(progress.at(-1), body.length, 'progress ends at 100 %');
    assert.ok(progress.length > 100, 'progress arrives in many small steps');
    assert.ok(peak - baseline < 120 * MB, `RSS grew ${Math.round((peak - baseline) / MB)} MB for a 200 MB file`);
  });

  it('sends a small body whole with the exact Content-Length, and reports it sent once the host answers', async () => {
    const { body } = await bodyOf(50 * 1024);
    const counter = countingRoute();
    const progress: number[] = [];
    const result = await http.request({ url: `${server.base}/upload`, method: 'POST', headers: { 'Content-Type': body.contentType }, body, onUploadProgress: (sent) => progress.push(sent) });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(counter.declared(), body.length);
    assert.equal(counter.received(), body.length);
    assert.deepEqual(progress, [body.length]);
  });

  it('delivers every byte of a large file intact to a host that reads slowly (the read buffers take turns)', async () => {
    const content = randomBytes(24 * MB + 12345);
    const file = path.join(dir, 'random.bin');
    writeFileSync(file, content);
    const made = await createMultipartBody([{ name: 'image', file: { path: file, filename: 'random.bin', contentType: 'application/octet-stream', size: content.length } }]);
    assert.ok(made.ok);
    const body = made.value;
    server.route('POST /upload', (req, res) => {
      const hash = createHash('sha256');
      let chunks = 0;
      req.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        // Stop now and then, so the socket fills and writes are held back.
        if (++chunks % 16 === 0) {
          req.pause();
          setTimeout(() => req.resume(), 5);
        }
      });
      req.on('end', () => res.writeHead(200).end(hash.digest('hex')));
    });
    const result = await http.request({ url: `${server.base}/upload`, method: 'POST', headers: { 'Content-Type': body.contentType }, body });
    assert.ok(result.ok, JSON.stringify(result));
    const head = `--${body.boundary}\r\nContent-Disposition: form-data; name="image"; filename="random.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const expected = createHash('sha256').update(head).update(content).update(`\r\n--${body.boundary}--\r\n`).digest('hex');
    assert.equal(result.value.body, expected);
  });

  it('stops an upload within a second of cancel', async () => {
    const { body } = await bodyOf(100 * MB);
    server.route('POST /upload', (req) => void req.pause());
    const controller = new AbortController();
    let cancelledAt = 0;
    const pending = http.request({
      url: `${server.base}/upload`,
      method: 'POST',
      headers: { 'Content-Type': body.contentType },
      body,
      signal: controller.signal,
      onUploadProgress: (sent) => {
        if (sent > MB && !cancelledAt) {
          cancelledAt = Date.now();
          controller.abort();
        }
      },
    });
    const result = await pending;
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'cancelled');
    assert.equal(result.error.retryable, false);
    assert.ok(Date.now() - cancelledAt < 1000, `took ${Date.now() - cancelledAt} ms`);
  });

  it('reports a host that stops taking the upload as a body idle timeout', async () => {
    await http.close();
    http = createHttpClient({ useEnvProxy: false, bodyTimeoutMs: 200 });
    const { body } = await bodyOf(64 * MB);
    server.route('POST /upload', (req) => void req.pause());
    const result = await http.request({ url: `${server.base}/upload`, method: 'POST', headers: { 'Content-Type': body.contentType }, body });
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'timeout');
    assert.match(result.error.message, /stopped taking data for 0\.2 s/);
  });

  it('fails with fileInvalid naming the file when it changes between attempts', async () => {
    const { body, file } = await bodyOf(MB);
    countingRoute();
    appendFileSync(file, 'extra');
    const result = await http.request({ url: `${server.base}/upload`, method: 'POST', headers: { 'Content-Type': body.contentType }, body });
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'fileInvalid');
    assert.match(result.error.message, /big\.png/);
  });
});
