import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { FileOutcome } from '../../core/engine/types';
import { formatLinks } from '../../core/links/formatLinks';
import { failedMarkerText, findMarker, placeholderText } from '../../core/links/placeholders';
import { linkSettings } from '../config';
import { linkFormatFor } from '../upload/deliverLinks';
import type { UploadDeps } from '../upload/runUpload';
import { chooseHost, uploadInBackground } from './backgroundUpload';

/** One image behind a placeholder, remembered until its link is in the document. */
export interface PendingImage {
  readonly id: string;
  readonly documentUri: string;
  readonly path: string;
  readonly name: string;
  /** Bytes from a paste or an OS drop, kept in our storage until the link is in. */
  readonly temp: boolean;
  readonly hostId?: string;
  readonly state: 'uploading' | 'failed';
  readonly reason?: string;
}

const KEY = 'imageHost.placeholderUploads';

/**
 * Uploads the images behind paste and drop placeholders and replaces each
 * placeholder with its link when it lands: found by id wherever it moved,
 * in a document that may have been closed meanwhile (it is then saved).
 * A failure leaves a visible marker that Retry and Choose another host act
 * on. What is pending survives a reload of the window.
 */
export class PlaceholderUploads {
  constructor(
    private readonly deps: UploadDeps,
    private readonly memory: vscode.Memento,
    private readonly storageDir: string,
  ) {}

  get(id: string): PendingImage | undefined {
    return this.list().find((e) => e.id === id);
  }

  /** Keeps pasted or dropped bytes as a file the runner can stream. */
  async keepBytes(id: string, name: string, bytes: Uint8Array): Promise<string> {
    const dir = path.join(this.storageDir, 'pasted-images', id);
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, path.basename(name) || 'pasted-image.png');
    await fs.writeFile(file, bytes);
    return file;
  }

  async start(images: readonly Pick<PendingImage, 'id' | 'path' | 'name' | 'temp'>[], documentUri: string, options: { hostId?: string; ask?: boolean } = {}): Promise<void> {
    const host = await chooseHost(this.deps, options.hostId, options.ask ?? false);
    if (!host) {
      for (const image of images) await this.fail({ ...image, documentUri, state: 'failed' }, 'No image host was chosen.');
      return;
    }
    await this.save([...this.list().filter((e) => !images.some((i) => i.id === e.id)), ...images.map((i) => ({ ...i, documentUri, hostId: host.id, state: 'uploading' as const }))]);
    const label = images.length === 1 ? images[0].name : `${images.length} images`;
    const result = await uploadInBackground(this.deps, host, images.map((i) => i.path), label);
    for (const [n, image] of images.entries()) {
      const entry = this.get(image.id);
      if (!entry) continue;
      const outcome: FileOutcome | undefined = result.ok ? result.value[n] : undefined;
      if (outcome?.links) await this.succeed(entry, outcome);
      else await this.fail(entry, outcome?.error ? describeError(outcome.error) : result.ok ? 'The upload did not finish.' : describeError(result.error));
    }
    const failed = images.filter((i) => this.get(i.id)?.state === 'failed').length;
    if (failed) {
      void vscode.window.showWarningMessage(`${failed} pasted image${failed === 1 ? '' : 's'} did not upload to ${host.name}; the document marks ${failed === 1 ? 'it' : 'them'} (use the light bulb to Retry or choose another host).`, 'Show Log').then((a) => a && this.deps.log.show());
    }
  }

  /** Puts the placeholder back in place of the failure marker and uploads again. */
  async retry(id: string, ask: boolean): Promise<void> {
    const entry = this.get(id);
    if (!entry) return void vscode.window.showErrorMessage('This upload is no longer known; paste or drop the image again.');
    try {
      await fs.access(entry.path);
    } catch {
      return void vscode.window.showErrorMessage(`${entry.name} is no longer there (${entry.path}); paste or drop it again.`);
    }
    if (!(await this.replaceMarker(entry.documentUri, id, placeholderText(id, entry.name)))) return;
    await this.start([entry], entry.documentUri, { hostId: ask ? undefined : entry.hostId, ask });
  }

  /** After a reload: uploads that were running stopped with the old window; mark them for Retry. */
  async recoverInterrupted(): Promise<void> {
    for (const entry of this.list().filter((e) => e.state === 'uploading')) await this.fail(entry, 'VS Code closed before the upload finished.');
  }

  private async succeed(entry: PendingImage, outcome: FileOutcome): Promise<void> {
    const document = await this.open(entry.documentUri);
    const text = formatLinks([{ links: outcome.links!, fileName: entry.name }], { format: linkFormatFor(document), template: linkSettings(document).template || undefined });
    if (!(await this.replaceMarker(entry.documentUri, entry.id, text))) {
      this.deps.log.info(`${entry.name} uploaded, but its placeholder is gone from the document; the link is in the History view.`);
    }
    await this.save(this.list().filter((e) => e.id !== entry.id));
    if (entry.temp) await fs.rm(path.dirname(entry.path), { recursive: true, force: true });
  }

  private async fail(entry: PendingImage, reason: string): Promise<void> {
    await this.save([...this.list().filter((e) => e.id !== entry.id), { ...entry, state: 'failed', reason }]);
    await this.replaceMarker(entry.documentUri, entry.id, failedMarkerText(entry.id, entry.name, reason));
  }

  private async open(uri: string): Promise<vscode.TextDocument | undefined> {
    try {
      return await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    } catch {
      return undefined;
    }
  }

  /**
   * Replaces the marker with this id, wherever it is now. A document no
   * editor shows any more is saved after the change, so the link is on disk.
   */
  private async replaceMarker(uri: string, id: string, text: string): Promise<boolean> {
    const document = await this.open(uri);
    const marker = document && findMarker(document.getText(), id);
    if (!document || !marker) return false;
    const shown = vscode.window.visibleTextEditors.some((e) => e.document === document) || vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri));
    const wasDirty = document.isDirty;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(marker.start), document.positionAt(marker.end)), text);
    if (!(await vscode.workspace.applyEdit(edit))) return false;
    if (!shown && !wasDirty && !document.isUntitled) await document.save();
    return true;
  }

  private list(): PendingImage[] {
    return this.memory.get<PendingImage[]>(KEY, []);
  }

  private save(entries: PendingImage[]): Thenable<void> {
    return this.memory.update(KEY, entries);
  }
}
