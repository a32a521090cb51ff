import * as vscode from 'vscode';
import { collectImages } from '../../core/files/collectImages';
import { Commands, IMAGE_EXTENSIONS } from '../constants';
import { InsertionTarget } from '../upload/insertionTarget';
import { runUpload, type UploadDeps, type UploadReport } from '../upload/runUpload';

/**
 * The Explorer passes `(clicked, selected)`; the palette and the editor
 * menu pass nothing, so we ask with a file dialog that takes files and folders.
 */
function toUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  // Arguments from a remote workbench can arrive as plain URI components.
  const parts = value as { scheme?: unknown; path?: unknown } | undefined;
  return typeof parts?.scheme === 'string' && typeof parts.path === 'string' ? vscode.Uri.from(parts as { scheme: string; path: string }) : undefined;
}

async function resolveSelection(clicked?: unknown, selected?: unknown): Promise<vscode.Uri[] | undefined> {
  const many = Array.isArray(selected) ? selected.map(toUri).filter((u): u is vscode.Uri => !!u) : [];
  if (many.length > 0) return many;
  const one = toUri(clicked);
  if (one) return [one];
  return vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: true,
    openLabel: 'Upload',
    title: 'Upload images',
    filters: { Images: [...IMAGE_EXTENSIONS] },
  });
}

export async function uploadUris(deps: UploadDeps, uris: readonly vscode.Uri[], target?: InsertionTarget): Promise<UploadReport | undefined> {
  const { files, skipped } = await collectImages(
    uris.map((u) => u.fsPath),
    IMAGE_EXTENSIONS,
  );
  for (const s of skipped) deps.log.warn(`Not uploading ${s.path}: ${s.reason}`);
  if (files.length === 0) {
    void vscode.window.showWarningMessage('No images found in the selection (looked for ' + IMAGE_EXTENSIONS.join(', ') + ').');
    return undefined;
  }
  return runUpload(deps, files, { target });
}

export function registerUploadImages(deps: UploadDeps): vscode.Disposable {
  const run = async (clicked?: unknown, selected?: unknown) => {
    // Capture the editor before any dialog takes focus away from it.
    const target = InsertionTarget.fromActiveEditor();
    deps.log.info(`Upload Images: ${Array.isArray(selected) ? selected.length : clicked ? 1 : 0} item(s) from the caller; links go to ${target?.document.uri.toString() ?? 'a new document'}`);
    try {
      const uris = await resolveSelection(clicked, selected);
      if (uris?.length) return await uploadUris(deps, uris, target);
      return undefined;
    } finally {
      target?.dispose();
    }
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.uploadImages, run),
    vscode.commands.registerCommand(Commands.uploadImagesAndInsert, () => run()),
  );
}
