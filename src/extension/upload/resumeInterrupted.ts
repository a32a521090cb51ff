import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatLinks } from '../../core/links/formatLinks';
import type { InterruptedBatch } from '../../core/journal/journal';
import { runUpload, type UploadDeps } from './runUpload';

/**
 * After a crash or a killed window, offers each interrupted batch from the
 * journal: resume the remaining files (same host, same settings), or insert
 * the links that had already landed, or discard it.
 */
export async function offerResume(deps: UploadDeps): Promise<void> {
  const { interrupted, skippedLines } = await deps.journal.read();
  if (skippedLines > 0) deps.log.warn(`The upload journal had ${skippedLines} unreadable line(s); they were skipped.`);
  await deps.journal.compact();
  for (const batch of interrupted) void offerOne(deps, batch);
}

async function offerOne(deps: UploadDeps, batch: InterruptedBatch): Promise<void> {
  const finished = batch.files.filter((f) => batch.finished.has(f.id));
  const message = `An upload of ${batch.files.length} image(s) to ${batch.hostId} was interrupted: ${finished.length} finished, ${batch.remaining.length} not.`;
  const actions = batch.remaining.length ? ['Resume', 'Insert Finished Links', 'Discard'] : ['Insert Finished Links', 'Discard'];
  const action = await vscode.window.showWarningMessage(message, ...actions);
  const earlier = finished.map((f) => ({ path: f.path, links: batch.finished.get(f.id)! }));
  if (action === 'Resume') {
    deps.journal.append({ t: 'end', batchId: batch.batchId });
    await runUpload(
      deps,
      batch.remaining.map((f) => f.path),
      { hostId: batch.hostId, config: batch.config, earlier, originalOrder: batch.files.map((f) => f.path) },
    );
  } else if (action === 'Insert Finished Links') {
    const text = formatLinks(earlier.map((e) => ({ links: e.links, fileName: path.basename(e.path) })), { format: 'markdown' });
    const editor = vscode.window.activeTextEditor;
    if (editor) await editor.edit((b) => b.insert(editor.selection.active, text));
    else await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: text }));
    if (!batch.remaining.length) deps.journal.append({ t: 'end', batchId: batch.batchId });
  } else if (action === 'Discard') {
    deps.journal.append({ t: 'end', batchId: batch.batchId });
  }
}
