/**
 * The benchmark's image host: a loopback HTTP server in its own process that
 * answers `POST /upload` like a JSON image API. It drains the body without
 * keeping it, checks that what arrived is a multipart upload of exactly the
 * announced Content-Length, and reports its counts over IPC, so curl and the
 * engine are measured against the same, cheap counterpart.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkStats {
  readonly uploads: number;
  readonly bytes: number;
  /** Uploads that were chunked, of the wrong length, or not multipart. */
  readonly bad: number;
  readonly badReasons: string[];
}

export type SinkMessage = { type: 'ready'; port: number } | { type: 'stats'; stats: SinkStats };

const stats = { uploads: 0, bytes: 0, bad: 0, badReasons: [] as string[] };
let nextId = 1;
let port = 0;

function refuse(reason: string): void {
  stats.bad++;
  if (stats.badReasons.length < 5) stats.badReasons.push(reason);
}

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/upload') {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":"error","message":"no such route"}');
    return;
  }
  const declared = Number(req.headers['content-length']);
  const multipart = /^multipart\/form-data; *boundary=/i.test(req.headers['content-type'] ?? '');
  let received = 0;
  let head = '';
  req.on('data', (chunk: Buffer) => {
    if (received === 0) head = chunk.subarray(0, 512).toString('latin1');
    received += chunk.length;
  });
  req.on('end', () => {
    stats.uploads++;
    stats.bytes += received;
    if (!Number.isFinite(declared)) refuse('no Content-Length (chunked body)');
    else if (declared !== received) refuse(`Content-Length ${declared}, body ${received} bytes`);
    else if (!multipart || !/filename="[^"]+"/.test(head)) refuse('not a multipart file upload');
    const id = nextId++;
    const base = `http://127.0.0.1:${port}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', data: { id, url: `${base}/i/${id}.png`, thumb: `${base}/t/${id}.png` } }));
  });
});
server.keepAliveTimeout = 30_000;

process.on('message', (message: { type?: string }) => {
  if (message.type === 'stats') process.send!({ type: 'stats', stats } satisfies SinkMessage);
});
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  port = (server.address() as AddressInfo).port;
  process.send!({ type: 'ready', port } satisfies SinkMessage);
});
