import * as vscode from 'vscode';
import type { QueuedPost } from '../../core/forum/postQueue';
import { Commands } from '../constants';
import { openThread, sendPost, type ForumDeps } from './sendPost';

const firstLine = (post: QueuedPost) => post.message.split('\n').find((l) => l.trim())?.trim().slice(0, 60) ?? '';

/**
 * Image Host: Show Waiting Forum Posts, and the offer made at start-up:
 * posts that waited on flood control, failed, or were cut off by a restart
 * are listed with Post Now, Open Thread and Discard. One that was being sent
 * when VS Code stopped may be on the forum already, and says so.
 */
export function registerForumQueue(deps: ForumDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.forumQueue, async () => {
    const posts = await deps.queue.list();
    if (posts.length === 0) {
      void vscode.window.showInformationMessage('No forum posts are waiting.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      posts.map((post) => ({ label: `${post.forumName} thread ${post.threadId}`, description: firstLine(post), detail: describeState(post), post })),
      { title: 'Waiting forum posts' },
    );
    if (picked) await act(deps, picked.post);
  });
}

export async function offerQueuedPosts(deps: ForumDeps): Promise<void> {
  const posts = await deps.queue.list();
  if (posts.length === 0) return;
  const uncertain = posts.filter((p) => p.state === 'sending').length;
  const note = uncertain ? ` ${uncertain} was being sent when VS Code stopped and may already be on the forum.` : '';
  const choice = await vscode.window.showWarningMessage(`${posts.length} forum post${posts.length === 1 ? ' is' : 's are'} not sent yet.${note}`, 'Show Waiting Posts');
  if (choice) await vscode.commands.executeCommand(Commands.forumQueue);
}

function describeState(post: QueuedPost): string {
  if (post.state === 'sending') return 'Was being sent when VS Code stopped: it may already be on the forum. Check the thread first.';
  if (post.notBefore && Date.parse(post.notBefore) > Date.now()) return `Flood control: not before ${new Date(post.notBefore).toLocaleTimeString()}. ${post.reason ?? ''}`;
  return post.reason ?? 'Not sent yet.';
}

async function act(deps: ForumDeps, post: QueuedPost): Promise<void> {
  const choice = await vscode.window.showInformationMessage(`${post.forumName} thread ${post.threadId}: ${describeState(post)}`, { modal: true, detail: firstLine(post) }, 'Post Now', 'Open Thread', 'Discard');
  const loaded = await deps.runner.plugins();
  const forum = loaded.ok ? loaded.value.hosts.find((h) => h.id === post.forumId) : undefined;
  if (choice === 'Discard') return void (await deps.queue.remove(post.id));
  if (!forum) {
    if (choice) void vscode.window.showErrorMessage(`The forum plugin "${post.forumId}" is no longer installed; the post is kept.`);
    return;
  }
  if (choice === 'Open Thread') await openThread(deps, forum, post);
  if (choice === 'Post Now') await sendPost(deps, forum, post);
}
