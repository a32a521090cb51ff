import * as vscode from 'vscode';
import { findMarkers } from '../../core/links/placeholders';
import { Commands } from '../constants';
import type { PlaceholderUploads } from './placeholderUploads';

/**
 * The light bulb on a failed upload's marker: Retry (same host) and Upload
 * to another host. Only markers whose image is still known get actions.
 */
export function registerFailedMarkerActions(uploads: PlaceholderUploads): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(document, range) {
      const from = document.offsetAt(new vscode.Position(range.start.line, 0));
      const to = document.offsetAt(document.lineAt(range.end.line).range.end);
      const actions: vscode.CodeAction[] = [];
      for (const marker of findMarkers(document.getText())) {
        if (marker.kind !== 'failed' || marker.end < from || marker.start > to) continue;
        const entry = uploads.get(marker.id);
        if (!entry) continue;
        const retry = new vscode.CodeAction(`Retry uploading ${entry.name}`, vscode.CodeActionKind.QuickFix);
        retry.command = { command: Commands.retryPlaceholder, title: retry.title, arguments: [{ id: marker.id }] };
        retry.isPreferred = true;
        const other = new vscode.CodeAction(`Upload ${entry.name} to another host…`, vscode.CodeActionKind.QuickFix);
        other.command = { command: Commands.retryPlaceholder, title: other.title, arguments: [{ id: marker.id, chooseHost: true }] };
        actions.push(retry, other);
      }
      return actions;
    },
  };
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider([{ language: 'markdown' }, { language: 'bbcode' }, { language: 'html' }], provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand(Commands.retryPlaceholder, (args?: { id?: string; chooseHost?: boolean }) => (args?.id ? uploads.retry(args.id, Boolean(args.chooseHost)) : undefined)),
  );
}
