import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { QueuedPost, PostQueue } from '../../core/forum/postQueue';
import { secretKeys } from '../../core/plugin/secretKeys';
import { renderTemplate } from '../../core/template';
import type { HostInfo } from '../../worker/protocol';
import { hostSettings } from '../config';
import { Commands } from '../constants';
import type { RunnerService } from '../runnerService';
import type { SecretStore } from '../secretStore';

export interface ForumDeps {
  readonly runner: RunnerService;
  readonly secrets: SecretStore;
  readonly log: vscode.LogOutputChannel;
  readonly queue: PostQueue;
  /** Per-workspace memory: the thread each document was last posted to. */
  readonly workspaceState: vscode.Memento;
}

export const threadMemoryKey = (documentUri: string) => `imageHost.forumThread:${documentUri}`;

/**
 * Sends one queued post with a cancellable progress notification and
 * settles the queue by what happened: removed the moment the forum confirms
 * it, kept (with the reason) when it must wait or failed, and marked as
 * possibly posted when the connection dropped after it was sent.
 */
export async function sendPost(deps: ForumDeps, forum: HostInfo, post: QueuedPost): Promise<void> {
  await deps.queue.update(post.id, { state: 'sending', reason: undefined });
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Posting to ${forum.name}, thread ${post.threadId}…`, cancellable: true },
    async (_progress, token) => {
      const cancel = token.onCancellationRequested(() => void deps.runner.call('cancelBatch', { batchId: post.id }));
      try {
        return await deps.runner.call('postToForum', {
          post: { postId: post.id, forumId: forum.id, thread: post.thread, message: post.message, config: hostSettings(forum.id), secrets: await deps.secrets.get(forum.id, secretKeys(forum.definition.settings)) },
        });
      } finally {
        cancel.dispose();
      }
    },
  );
  if (result.ok) {
    await deps.queue.remove(post.id);
    if (post.documentUri) await deps.workspaceState.update(threadMemoryKey(post.documentUri), post.thread);
    deps.log.info(`Posted to ${forum.name}: ${result.value.postUrl}`);
    const wait = result.value.floodWaitSeconds ? ` (after waiting ${result.value.floodWaitSeconds} s for flood control)` : '';
    const open = await vscode.window.showInformationMessage(`Posted to thread ${result.value.threadId} on ${forum.name}${wait}.`, 'Open Post');
    if (open) await vscode.env.openExternal(vscode.Uri.parse(result.value.postUrl));
    return;
  }
  const error = result.error;
  deps.log.warn(`Posting to ${forum.name} failed: ${describeError(error)}`);
  if (error.kind === 'cancelled') {
    await deps.queue.remove(post.id);
    void vscode.window.showInformationMessage('Posting cancelled; nothing was posted.');
    return;
  }
  if (error.kind === 'rateLimited') {
    const notBefore = new Date(Date.now() + (error.retryAfterSeconds ?? 60) * 1000).toISOString();
    await deps.queue.update(post.id, { state: 'waiting', reason: error.message, notBefore });
    const choice = await vscode.window.showWarningMessage(
      `${forum.name} asks to wait before posting again (${error.message}). The post is kept and offered again; nothing was posted.`,
      'Show Waiting Posts',
    );
    if (choice) await vscode.commands.executeCommand(Commands.forumQueue);
    return;
  }
  // A dropped connection after the post went out: it may be on the forum already.
  // Unless the forum was never reached (no such host, refused, no connection): then nothing went out.
  const unreached = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|UND_ERR_CONNECT_TIMEOUT/.test(error.cause ?? '');
  const uncertain = (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'workerCrashed') && !unreached;
  await deps.queue.update(post.id, { state: 'failed', reason: uncertain ? `${error.message} It may have been posted: check the thread before posting again.` : error.message });
  const message = uncertain
    ? `The connection to ${forum.name} failed after the post was sent (${error.message}); it may have been posted. Check the thread before posting again.`
    : `${forum.name} did not take the post: ${describeError(error)}`;
  const actions = uncertain ? ['Open Thread', 'Show Waiting Posts'] : ['Post Again', 'Show Log'];
  const choice = await vscode.window.showErrorMessage(message, ...actions);
  if (choice === 'Open Thread') await openThread(deps, forum, post);
  if (choice === 'Show Waiting Posts') await vscode.commands.executeCommand(Commands.forumQueue);
  if (choice === 'Post Again') await sendPost(deps, forum, (await deps.queue.get(post.id)) ?? post);
  if (choice === 'Show Log') deps.log.show();
}

/** The thread's address for people, from the forum plugin's `threadUrl` template. */
export function threadUrlFor(forum: HostInfo, threadId: string): string | undefined {
  const rendered = renderTemplate(forum.definition.post?.threadUrl ?? '', { config: hostSettings(forum.id), secret: {}, vars: { threadId }, maps: forum.definition.maps ?? {} });
  return rendered.ok && /^https?:\/\//.test(rendered.value) ? rendered.value : undefined;
}

export async function openThread(deps: ForumDeps, forum: HostInfo, post: QueuedPost): Promise<void> {
  const url = threadUrlFor(forum, post.threadId);
  if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
  else deps.log.warn(`${forum.name} has no thread address to open.`);
}
