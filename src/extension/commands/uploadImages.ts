import * as vscode from 'vscode';
import { collectImages } from '../../core/files/collectImages';
import { Commands, IMAGE_EXTENSIONS } from '../constants';
import { InsertionTarget } from '../upload/insertionTarget';
import { runUpload, type UploadDeps, type UploadReport } from '../upload/runUpload';

/**
 * The Explorer passes `(clicked, selected)`; the palette and the editor
 * menu pass nothing, so we ask with a file dialog that takes files and folders.
 */
async function resolveSelection(clicked?: unknown, selected?: unknown): Promise<vscode.Uri[] | undefined> {
  if (Array.isArray(selected) && selected.length > 0 && selected.every((u) => u instanceof vscode.Uri)) return selected;
  if (clicked instanceof vscode.Uri) return [clicked];
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
