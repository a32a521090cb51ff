import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One imitated image host: the hostnames it answers for and its handler.
 * Fakes check what the real host checks (field names and values, keys,
 * cookies, CSRF tokens) and answer in the real host's shapes, from
 * ../shared/PROTOCOLS.md.
 */
export interface FakeHost {
  readonly name: string;
  readonly hostnames: readonly string[];
  handle(req: IncomingMessage, res: ServerResponse, url: URL): void | Promise<void>;
}

/** What a fake remembers of each stored upload, so it can serve it back. */
export interface StoredUpload {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Buffer;
  readonly fields: Record<string, string>;
}
