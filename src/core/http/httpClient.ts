/**
 * The one HTTP client of the engine, on undici: keep-alive pools per origin,
 * connect / response-header / idle timeouts, proxies, curl-style connection
 * overrides, extra CA certificates (added to the usual roots; verification
 * is never switched off), cookies on every hop of a redirect chain, and
 * byte-level upload progress.
 */
import { rootCertificates } from 'node:tls';
import type { Readable } from 'node:stream';
import { Agent, buildConnector, EnvHttpProxyAgent, ProxyAgent, request as undiciRequest, type Dispatcher } from 'undici';
import type { CookieJar } from 'tough-cookie';
import { fail, ok, uploadError, type Result } from '../errors';
import type { MultipartBody } from '../multipart';
import { checkUrlAllowed } from '../plugin/urlPolicy';
import { lookupOverride, parseOverrides, type OverrideTable } from './connectOverrides';
import { toHttpError, type TimeoutLimits } from './httpErrors';

export interface HttpClientOptions {
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  proxy?: string;
  useEnvProxy?: boolean;
  resolve?: readonly string[];
  connectTo?: readonly string[];
  extraCaCerts?: readonly string[];
  userAgent?: string;
  maxRedirects?: number;
  maxBodyBytes?: number;
}

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer | MultipartBody;
  signal?: AbortSignal;
  onUploadProgress?: (sentBytes: number, totalBytes: number) => void;
  followRedirects?: boolean;
  cookieJar?: CookieJar;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly url: string;
  readonly body: string;
  readonly timings: { readonly headersMs: number; readonly totalMs: number };
  readonly redirects: string[];
}

export interface HttpClient {
  request(req: HttpRequest): Promise<Result<HttpResponse>>;
  close(): Promise<void>;
}

const DEFAULT_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) ImageHostUploader/0.1';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function createDispatcher(options: HttpClientOptions, limits: TimeoutLimits, overrides: OverrideTable): Dispatcher {
  const ca = options.extraCaCerts?.length ? [...rootCertificates, ...options.extraCaCerts] : undefined;
  const timeouts = { headersTimeout: limits.headersMs, bodyTimeout: limits.bodyMs, keepAliveTimeout: 30_000 };
  const tls = { timeout: limits.connectMs, ...(ca ? { ca } : {}) };
  if (options.proxy) return new ProxyAgent({ uri: options.proxy, ...timeouts, requestTls: tls, proxyTls: tls });
  // A connection override names the exact dial target, so it wins over a proxy from the environment.
  const envProxy = process.env.HTTPS_PROXY || process.env.https_proxy || process.env.HTTP_PROXY || process.env.http_proxy;
  if ((options.useEnvProxy ?? true) && envProxy && overrides.size === 0) {
    return new EnvHttpProxyAgent({ ...timeouts, connect: tls, requestTls: tls, proxyTls: tls });
  }
  const base = buildConnector({ timeout: limits.connectMs, ...(ca ? { ca } : {}) });
  const connect: buildConnector.connector = (opts, callback) => {
    const secure = opts.protocol === 'https:';
    const port = Number(opts.port) || (secure ? 443 : 80);
    const target = lookupOverride(overrides, opts.hostname, port);
    if (!target) return base(opts, callback);
    // Dial the override but verify the certificate against the real name.
    return base({ ...opts, hostname: target.address, port: String(target.port), servername: secure ? opts.servername || opts.hostname : opts.servername }, callback);
  };
  return new Agent({ ...timeouts, connect });
}

/**
 * Counts bytes as undici takes them, and notices an upload that stopped
 * moving: the idle timer runs while a chunk waits to be taken, which is
 * exactly when a host that stopped reading leaves us stuck.
 */
async function* progressBody(source: AsyncIterable<Buffer>, total: number, onProgress: HttpRequest['onUploadProgress'], idleMs: number, onStall: () => void): AsyncGenerator<Buffer> {
  let sent = 0;
  for await (const chunk of source) {
    const timer = setTimeout(onStall, idleMs);
    try {
      yield chunk;
    } finally {
      clearTimeout(timer);
    }
    sent += chunk.length;
    onProgress?.(sent, total);
  }
}

/** Twice the idle limit: an answer that merely stopped is reported as stopped, one that drips as too slow. */
export const answerDeadlineMs = (limits: TimeoutLimits) => limits.bodyMs * 2;

/**
 * Reads an answer, at most `max` bytes, within a deadline in all: a host
 * that drips its answer a byte at a time never trips the idle timeout, so
 * the whole answer gets a deadline too. When the deadline comes, an answer
 * that had stopped moving is reported as stopped (undici's idle timer is
 * coarse and may not have fired yet), one still trickling as too slow.
 */
async function readBody(body: Dispatcher.ResponseData['body'], contentType: string | undefined, max: number, limits: TimeoutLimits): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  let lastChunkAt = performance.now();
  let late: string | undefined;
  const deadline = setTimeout(() => {
    late = performance.now() - lastChunkAt >= limits.bodyMs ? 'UND_ERR_BODY_TIMEOUT' : 'IHU_ANSWER_TOO_SLOW';
    body.destroy();
  }, answerDeadlineMs(limits));
  const lateError = () => Object.assign(new Error('answer deadline'), { code: late });
  try {
    for await (const chunk of body) {
      lastChunkAt = performance.now();
      size += (chunk as Buffer).length;
      if (size > max) {
        body.destroy();
        throw Object.assign(new Error(`answer larger than ${max} bytes`), { code: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' });
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (late) throw lateError();
    throw error;
  } finally {
    clearTimeout(deadline);
  }
  if (late) throw lateError();
  const charset = /charset=([^;]+)/i.exec(contentType ?? '')?.[1]?.trim().replace(/"/g, '') ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(Buffer.concat(chunks));
  } catch {
    return Buffer.concat(chunks).toString('utf8');
  }
}

const BODY_HEADERS = ['content-type', 'content-length'];
const CREDENTIAL_HEADERS = ['authorization', 'cookie'];

function withoutHeaders(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name.toLowerCase())));
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const limits: TimeoutLimits = {
    connectMs: options.connectTimeoutMs ?? 30_000,
    headersMs: options.headersTimeoutMs ?? 60_000,
    bodyMs: options.bodyTimeoutMs ?? 180_000,
  };
  const overrides = parseOverrides(options.resolve ?? [], options.connectTo ?? []);
  const dispatcher = createDispatcher(options, limits, overrides.ok ? overrides.value : new Map());
  const maxRedirects = options.maxRedirects ?? 10;
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;

  async function send(req: HttpRequest, url: string, method: string, requestHeaders: Record<string, string>, body: HttpRequest['body'], started: number): Promise<{ response: Dispatcher.ResponseData; headersMs: number }> {
    const headers: Record<string, string> = { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT };
    for (const [name, value] of Object.entries(requestHeaders)) headers[name.toLowerCase()] = value;
    if (req.cookieJar) {
      const cookie = await req.cookieJar.getCookieString(url);
      if (cookie) headers.cookie = headers.cookie ? `${headers.cookie}; ${cookie}` : cookie;
    }
    // undici takes async iterables (docs/api/Dispatcher.md); its request() typing names only Readable.
    let payload: string | Buffer | Readable | undefined;
    let whole: number | undefined;
    let stall: AbortController | undefined;
    if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) {
      payload = body;
    } else if (body.bytes) {
      // A small multipart body, already read: it goes out in one write.
      headers['content-length'] = String(body.length);
      payload = body.bytes;
      whole = body.length;
    } else {
      headers['content-length'] = String(body.length);
      const controller = (stall = new AbortController());
      // Handed to undici as an async iterable: each chunk goes to the socket as it comes, with no stream buffering in between.
      payload = progressBody(body.open(), body.length, req.onUploadProgress, limits.bodyMs, () => controller.abort()) as AsyncIterable<Buffer> as Readable;
    }
    const signal = stall && req.signal ? AbortSignal.any([req.signal, stall.signal]) : (stall?.signal ?? req.signal);
    try {
      const response = await undiciRequest(url, { dispatcher, method: method as Dispatcher.HttpMethod, headers, body: payload, signal });
      // A buffered body went out in one piece: the answer means the host has all of it.
      if (whole !== undefined) req.onUploadProgress?.(whole, whole);
      return { response, headersMs: performance.now() - started };
    } catch (error) {
      if (stall?.signal.aborted) throw Object.assign(new Error('upload stalled'), { code: 'IHU_UPLOAD_STALLED' });
      throw error;
    }
  }

  return {
    async request(req) {
      if (!overrides.ok) return overrides;
      const started = performance.now();
      const redirects: string[] = [];
      let url = req.url;
      let method = req.method.toUpperCase();
      let body = req.body;
      let headers = req.headers;
      for (;;) {
        const host = new URL(url).host;
        let sent;
        try {
          sent = await send(req, url, method, headers, body, started);
        } catch (error) {
          return fail(toHttpError(error, host, limits, req.signal));
        }
        const { response, headersMs } = sent;
        const answered = response.headers as Record<string, string | string[]>;
        if (req.cookieJar) {
          const setCookie = answered['set-cookie'];
          for (const cookie of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
            await req.cookieJar.setCookie(cookie, url, { ignoreError: true });
          }
        }
        const location = first(answered.location);
        if ((req.followRedirects ?? true) && REDIRECTS.has(response.statusCode) && location) {
          await response.body.dump().catch(() => undefined);
          const next = new URL(location, url);
          // Counting hops, not spotting repeated URLs: a host may legitimately send us back to a page once a cookie is set.
          if (redirects.length >= maxRedirects) {
            return fail(uploadError('network', `${host} sent too many redirects (more than ${maxRedirects}); it may be in a redirect loop.`, { retryable: false, cause: next.toString() }));
          }
          const allowed = checkUrlAllowed(next.toString());
          if (!allowed.ok) return allowed;
          redirects.push(next.toString());
          if (response.statusCode === 303 || ((response.statusCode === 301 || response.statusCode === 302) && method !== 'GET' && method !== 'HEAD')) {
            method = method === 'HEAD' ? 'HEAD' : 'GET';
            body = undefined;
            headers = withoutHeaders(headers, BODY_HEADERS);
          }
          // Credentials meant for one origin must not follow a redirect to another.
          if (next.origin !== new URL(url).origin) headers = withoutHeaders(headers, CREDENTIAL_HEADERS);
          url = next.toString();
          continue;
        }
        try {
          const text = await readBody(response.body, first(answered['content-type']), maxBody, limits);
          return ok({ status: response.statusCode, headers: answered, url, body: text, timings: { headersMs, totalMs: performance.now() - started }, redirects });
        } catch (error) {
          return fail(toHttpError(error, host, limits, req.signal));
        }
      }
    },
    close: () => dispatcher.close().catch(() => undefined),
  };
}
