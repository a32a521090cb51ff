import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PostQueue, type QueuedPost } from '../../../src/core/forum/postQueue';

describe('PostQueue', () => {
  let dir: string;
  const post = (id: string, extra: Partial<QueuedPost> = {}): QueuedPost => ({
    id, forumId: 'vipergirls.to', forumName: 'ViperGirls', thread: '12345', threadId: '12345', message: `[b]${id}[/b]`, createdAt: '2026-11-25T10:00:00Z', state: 'waiting', ...extra,
  });

  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'ihu-queue-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps posts across restarts until the forum confirms them', async () => {
    const file = path.join(dir, 'forum-posts.json');
    const queue = new PostQueue(file);
    await queue.put(post('a'));
    await queue.put(post('b'));
    await queue.update('a', { state: 'sending' });
    await queue.remove('b');
    const reopened = new PostQueue(file);
    assert.deepEqual(await reopened.list(), [post('a', { state: 'sending' })]);
  });

  it('starts empty from a corrupt file and skips entries that are not posts', async () => {
    const file = path.join(dir, 'forum-posts.json');
    writeFileSync(file, '{"posts": [');
    assert.deepEqual(await new PostQueue(file).list(), []);
    writeFileSync(file, JSON.stringify({ posts: [post('ok'), { id: 3 }, null, 'x'] }));
    assert.deepEqual((await new PostQueue(file).list()).map((p) => p.id), ['ok']);
  });
});
