import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { Request } from 'undici';

export interface ParsedForm {
  readonly fields: Record<string, string>;
  readonly files: Record<string, { filename: string; contentType: string; data: Buffer }>;
}

/**
 * Parses a multipart or urlencoded request body with undici's own FormData
 * parser, the way a real host's framework would: fakes check field names
 * and values exactly as sent.
 */
export async function readForm(req: IncomingMessage): Promise<ParsedForm> {
  const request = new Request(`http://fake${req.url ?? '/'}`, {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: Readable.toWeb(req) as ReadableStream,
    duplex: 'half',
  });
  const form = await request.formData();
  const fields: Record<string, string> = {};
  const files: ParsedForm['files'] = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields[name] = value;
    else files[name] = { filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) };
  }
  return { fields, files };
}
