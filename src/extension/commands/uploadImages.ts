import * as vscode from 'vscode';
import { collectImages } from '../../core/files/collectImages';
import { Commands, IMAGE_EXTENSIONS } from '../constants';

export interface UploadImagesDeps {
  readonly log: vscode.LogOutputChannel;
}

/**
 * The Explorer passes `(clicked, selected)`; the palette passes nothing, so we
 * ask with a file dialog that accepts files and folders.
 */
async function resolveSelection(clicked?: vscode.Uri, selected?: vscode.Uri[]): Promise<vscode.Uri[] | undefined> {
  if (selected && selected.length > 0) return selected;
  if (clicked instanceof vscode.Uri) return [clicked];
  return vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: true,
    openLabel: 'Upload',
    filters: { Images: [...IMAGE_EXTENSIONS] },
  });
}

export function registerUploadImages(deps: UploadImagesDeps): vscode.Disposable {
  const run = async (clicked?: vscode.Uri, selected?: vscode.Uri[]) => {
    const uris = await resolveSelection(clicked, selected);
    if (!uris || uris.length === 0) return;
    const { files, skipped } = await collectImages(
      uris.map((u) => u.fsPath),
      IMAGE_EXTENSIONS,
    );
    for (const s of skipped) deps.log.warn(`Skipping ${s.path}: ${s.reason}`);
    deps.log.info(`Upload requested for ${files.length} image(s)`);
    if (files.length === 0) {
      void vscode.window.showWarningMessage('No images found in the selection.');
      return;
    }
    void vscode.window.showInformationMessage(`Selected ${files.length} image(s) for upload.`);
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.uploadImages, run),
    vscode.commands.registerCommand(Commands.uploadImagesAndInsert, () => run()),
  );
}
