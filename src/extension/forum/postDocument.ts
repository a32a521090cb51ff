import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { parseThread } from '../../core/forum/threadInput';
import type { HostInfo } from '../../worker/protocol';
import { Commands } from '../constants';
import type { PostPreview } from './postPreview';
import { sendPost, threadMemoryKey, threadUrlFor, type ForumDeps } from './sendPost';

/** Given by tests and scripts to skip the questions; the preview and its confirmation still show. */
export interface PostDocumentArgs {
  readonly forumId?: string;
  readonly thread?: string;
}

/**
 * Image Host: Post Document to Forum Thread. Takes the active document (or
 * its selection), asks for the thread (remembered per document), shows
 * exactly what will be posted and asks to confirm, then posts through the
 * queue so nothing typed is lost if the forum makes it wait or VS Code
 * closes meanwhile.
 */
export function registerPostDocument(deps: ForumDeps, preview: PostPreview): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.postToForum, async (args?: PostDocumentArgs) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showErrorMessage('Open the BBCode document you want to post first.');
      return;
    }
    const selected = editor.selections.filter((s) => !s.isEmpty).map((s) => editor.document.getText(s));
    const message = selected.length > 0 ? selected.join('\n') : editor.document.getText();
    if (message.trim() === '') {
      void vscode.window.showErrorMessage('There is nothing to post: the document (or selection) is empty.');
      return;
    }
    const forum = await chooseForum(deps, args?.forumId);
    if (!forum) return;
    const documentUri = editor.document.uri.toString();
    const thread = args?.thread ?? (await askThread(forum, deps.workspaceState.get<string>(threadMemoryKey(documentUri))));
    if (!thread) return;
    const threadId = parseThread(forum.definition.post!.threadPatterns, thread)!;
    const id = randomUUID();
    const shown = await preview.show(id, `Post to ${forum.name} thread ${threadId}`, message);
    const what = selected.length > 0 ? 'the selection' : 'the whole document';
    const confirmed = await vscode.window.showInformationMessage(
      `Post ${what} (${message.length.toLocaleString('en-US')} characters) to thread ${threadId} on ${forum.name}?`,
      { modal: true, detail: 'The preview beside the document shows exactly what will be posted.' },
      'Post',
    );
    await preview.close(shown);
    if (confirmed !== 'Post') return;
    await deps.workspaceState.update(threadMemoryKey(documentUri), thread);
    const post = { id, forumId: forum.id, forumName: forum.name, thread, threadId, message, documentUri, createdAt: new Date().toISOString(), state: 'waiting' as const };
    await deps.queue.put(post);
    await sendPost(deps, forum, post);
  });
}

async function chooseForum(deps: ForumDeps, wanted?: string): Promise<HostInfo | undefined> {
  const loaded = await deps.runner.plugins();
  if (!loaded.ok) {
    void vscode.window.showErrorMessage(describeError(loaded.error));
    return undefined;
  }
  const forums = loaded.value.hosts.filter((h) => h.definition.kind === 'forum' && h.definition.post);
  if (wanted) {
    const found = forums.find((f) => f.id === wanted);
    if (!found) void vscode.window.showErrorMessage(`No forum plugin "${wanted}" is installed.`);
    return found;
  }
  if (forums.length === 0) {
    void vscode.window.showErrorMessage('No forum plugin is installed.');
    return undefined;
  }
  if (forums.length === 1) return forums[0];
  return (await vscode.window.showQuickPick(forums.map((f) => ({ label: f.name, description: f.id, forum: f })), { title: 'Post to which forum?' }))?.forum;
}

function askThread(forum: HostInfo, remembered: string | undefined): Thenable<string | undefined> {
  const patterns = forum.definition.post!.threadPatterns;
  return vscode.window.showInputBox({
    title: `Post to ${forum.name}`,
    prompt: 'The thread to reply to: its link or its number.',
    value: remembered,
    placeHolder: threadUrlFor(forum, '12345'),
    ignoreFocusOut: true,
    validateInput: (value) => (parseThread(patterns, value) ? undefined : `Not a thread link or number of ${forum.name}.`),
  });
}
