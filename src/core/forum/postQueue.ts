/**
 * Forum posts not yet confirmed, in one JSON file in the extension's global
 * storage, so a post waiting on flood control or cut off by a restart is
 * offered again and nothing typed is lost. A post is marked `sending` just
 * before it goes out and removed the moment the forum confirms it: one found
 * `sending` after a restart may already be on the forum, and is offered as
 * such rather than silently sent twice.
 */
import { readJsonFile, writeJsonFile } from '../files/jsonFile';

export type QueuedPostState = 'waiting' | 'sending' | 'failed';

export interface QueuedPost {
  readonly id: string;
  readonly forumId: string;
  readonly forumName: string;
  /** The thread as the user gave it, and its id. */
  readonly thread: string;
  readonly threadId: string;
  readonly message: string;
  /** The document it came from, to remember the thread per document. */
  readonly documentUri?: string;
  readonly createdAt: string;
  readonly state: QueuedPostState;
  /** Why it is waiting or failed, as the user should read it. */
  readonly reason?: string;
  /** For flood control: not before this time (ISO). */
  readonly notBefore?: string;
}

const isQueuedPost = (value: unknown): value is QueuedPost => {
  const v = value as Partial<QueuedPost> | undefined;
  return typeof v?.id === 'string' && typeof v.forumId === 'string' && typeof v.threadId === 'string' && typeof v.message === 'string' && typeof v.state === 'string';
};

export class PostQueue {
  private posts: QueuedPost[] | undefined;

  constructor(private readonly file: string) {}

  async list(): Promise<readonly QueuedPost[]> {
    if (!this.posts) {
      const parsed = (await readJsonFile(this.file)) as { posts?: unknown[] } | undefined;
      this.posts = Array.isArray(parsed?.posts) ? parsed.posts.filter(isQueuedPost) : [];
    }
    return this.posts;
  }

  async get(id: string): Promise<QueuedPost | undefined> {
    return (await this.list()).find((p) => p.id === id);
  }

  /** Adds or replaces an entry. */
  async put(post: QueuedPost): Promise<void> {
    const others = (await this.list()).filter((p) => p.id !== post.id);
    this.posts = [...others, post];
    await this.save();
  }

  async update(id: string, change: Partial<Omit<QueuedPost, 'id'>>): Promise<void> {
    const current = await this.get(id);
    if (current) await this.put({ ...current, ...change });
  }

  /** Confirmed by the forum, or discarded by the user. */
  async remove(id: string): Promise<void> {
    this.posts = (await this.list()).filter((p) => p.id !== id);
    await this.save();
  }

  private async save(): Promise<void> {
    await writeJsonFile(this.file, { version: 1, posts: this.posts ?? [] });
  }
}
