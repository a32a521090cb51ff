import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { findLocalImageRefs } from '../../core/links/localImageRefs';
import { Commands } from '../constants';
import { chooseHost, uploadInBackground } from '../paste/backgroundUpload';
import type { UploadDeps } from '../upload/runUpload';

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Image Host: Upload All Local Images in Document. Finds local image
 * references (Markdown, HTML, BBCode), uploads each file once however often
 * it is referenced, and rewrites every reference to its link in one
 * undoable edit; references to missing files are listed and left as they are.
 */
export function registerUploadLocalImages(deps: UploadDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.uploadLocalImages, async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return void vscode.window.showErrorMessage('Open the document whose images you want to upload.');
    const document = editor.document;
    const base = document.isUntitled ? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath : path.dirname(document.uri.fsPath);
    if (!base) return void vscode.window.showErrorMessage('Save the document first: its image paths are relative to where it is.');
    const resolve = (target: string) => path.resolve(base, target);
    const refs = findLocalImageRefs(document.getText());
    if (refs.length === 0) return void vscode.window.showInformationMessage('The document has no local image references.');
    const unique = [...new Set(refs.map((r) => resolve(r.target)))];
    const present = new Set<string>();
    for (const file of unique) if (await isFile(file)) present.add(file);
    const missing = unique.filter((f) => !present.has(f));
    if (present.size === 0) return void vscode.window.showErrorMessage(`None of the referenced images exist: ${missing.map((f) => path.relative(base, f)).join(', ')}.`);
    const host = await chooseHost(deps, undefined, false);
    if (!host) return;
    const files = [...present];
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Uploading ${files.length} local image${files.length === 1 ? '' : 's'} to ${host.name}…` }, () =>
      uploadInBackground(deps, host, files, `${files.length} local images`),
    );
    if (!result.ok) return void vscode.window.showErrorMessage(describeError(result.error));
    const links = new Map(result.value.filter((o) => o.links).map((o) => [o.path, o.links!.imageUrl]));
    // The document may have changed while uploading: rewrite what is there now.
    const edit = new vscode.WorkspaceEdit();
    let rewritten = 0;
    for (const ref of findLocalImageRefs(document.getText())) {
      const url = links.get(resolve(ref.target));
      if (!url) continue;
      edit.replace(document.uri, new vscode.Range(document.positionAt(ref.start), document.positionAt(ref.end)), url);
      rewritten++;
    }
    if (rewritten) await vscode.workspace.applyEdit(edit);
    const failed = result.value.filter((o) => o.error);
    const parts = [`Uploaded ${links.size} image${links.size === 1 ? '' : 's'} to ${host.name} and rewrote ${rewritten} reference${rewritten === 1 ? '' : 's'}.`];
    if (missing.length) parts.push(`Missing (left as they are): ${missing.map((f) => path.relative(base, f)).join(', ')}.`);
    if (failed.length) parts.push(`Failed: ${failed.map((o) => `${path.basename(o.path)} (${describeError(o.error!)})`).join('; ')}.`);
    const show = missing.length || failed.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(parts.join(' '));
  });
}
