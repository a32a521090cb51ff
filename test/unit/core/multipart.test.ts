import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createMultipartBody, IN_MEMORY_MAX, type MultipartPart } from '../../../src/core/multipart';

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('multipart bodies', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ihu-mp-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  type FilePart = Extract<MultipartPart, { file: unknown }>;

  function file(name: string, content: Buffer): FilePart {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return { name: 'image', file: { path: p, filename: name, contentType: 'image/png', size: content.length } };
  }

  it('produces exactly the bytes a browser would send, with the length known up front', async () => {
    const image = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x0d, 0x0a]);
    const parts: MultipartPart[] = [{ name: 'key', value: 'héllo' }, file('pic.png', image)];
    const body = await createMultipartBody(parts);
    assert.ok(body.ok);
    const b = body.value.boundary;
    const expected = Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="key"\r\n\r\nhéllo\r\n`),
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="image"; filename="pic.png"\r\nContent-Type: image/png\r\n\r\n`),
      image,
      Buffer.from(`\r\n--${b}--\r\n`),
    ]);
    const bytes = await collect(body.value.open());
    assert.deepEqual(bytes, expected);
    assert.equal(body.value.length, expected.length);
    assert.equal(body.value.contentType, `multipart/form-data; boundary=${b}`);
    assert.deepEqual(await collect(body.value.open()), expected, 'open() again (a retry) sends the same body');
  });

  it('keeps a small body in memory with the same bytes as the stream, and streams a large one', async () => {
    const parts: MultipartPart[] = [{ name: 'key', value: 'héllo' }, file('pic.png', Buffer.alloc(3000, 7)), { name: 'after', value: 'x' }];
    const small = await createMultipartBody(parts);
    assert.ok(small.ok);
    assert.deepEqual(small.value.bytes, await collect(small.value.open()));
    const large = await createMultipartBody([file('big.png', Buffer.alloc(IN_MEMORY_MAX, 1))]);
    assert.ok(large.ok);
    assert.equal(large.value.bytes, undefined);
    assert.equal((await collect(large.value.open())).length, large.value.length);
  });

  it('refuses to build a small body when the file grew or vanished since it was checked, naming it', async () => {
    const part = file('live.png', Buffer.alloc(1000, 1));
    appendFileSync(part.file.path, 'more');
    const grown = await createMultipartBody([part]);
    assert.ok(!grown.ok && grown.error.kind === 'fileInvalid' && /live\.png grew/.test(grown.error.message));
    unlinkSync(part.file.path);
    const gone = await createMultipartBody([part]);
    assert.ok(!gone.ok && gone.error.kind === 'fileInvalid' && /live\.png no longer exists/.test(gone.error.message));
  });

  it('escapes quotes and line breaks in names like browsers, so a filename cannot inject headers', async () => {
    const part = file('a.png', Buffer.from('x'));
    part.file.filename = 'evil"\r\nX-Injected: 1.png';
    const body = await createMultipartBody([part]);
    assert.ok(body.ok);
    const text = (await collect(body.value.open())).toString();
    assert.match(text, /filename="evil%22%0D%0AX-Injected: 1\.png"/);
    assert.doesNotMatch(text, /\r\nX-Injected/);
  });

  it('refuses a file whose size changed since it was checked, naming it', async () => {
    const part = file('shot.png', Buffer.alloc(10));
    part.file.size = 12;
    const body = await createMultipartBody([part]);
    assert.ok(!body.ok);
    assert.equal(body.error.kind, 'fileInvalid');
    assert.match(body.error.message, /shot\.png/);
  });

  it('fails with fileInvalid instead of sending a wrong length when the file grows, shrinks or vanishes before a resend', async () => {
    const part = file('live.png', Buffer.alloc(1000, 1));
    const body = await createMultipartBody([part]);
    assert.ok(body.ok);
    appendFileSync(part.file.path, 'more');
    await assert.rejects(collect(body.value.open()), (e: { kind?: string; message?: string }) => e.kind === 'fileInvalid' && /live\.png grew/.test(e.message ?? ''));
    truncateSync(part.file.path, 10);
    await assert.rejects(collect(body.value.open()), (e: { kind?: string; message?: string }) => e.kind === 'fileInvalid' && /live\.png became shorter/.test(e.message ?? ''));
    unlinkSync(part.file.path);
    await assert.rejects(collect(body.value.open()), (e: { kind?: string; message?: string }) => e.kind === 'fileInvalid' && /live\.png/.test(e.message ?? ''));
  });

  it('reports a file deleted before the body is built', async () => {
    const part = file('gone.png', Buffer.alloc(5));
    unlinkSync(part.file.path);
    const body = await createMultipartBody([part]);
    assert.ok(!body.ok && body.error.kind === 'fileInvalid' && /gone\.png/.test(body.error.message));
  });
});
