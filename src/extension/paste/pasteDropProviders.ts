import * as path from 'node:path';
import * as vscode from 'vscode';
import { newPlaceholderId, findMarker, placeholderText } from '../../core/links/placeholders';
import { IMAGE_EXTENSIONS } from '../constants';
import type { RunnerService } from '../runnerService';
import { preferredHost } from '../upload/hostPicker';
import type { PlaceholderUploads } from './placeholderUploads';

/** Put first in `editor.pasteAs.preferences` / `editor.drop.preferences` to make uploading the default. */
export const UPLOAD_KIND = vscode.DocumentDropOrPasteEditKind.Empty.append('imageHost', 'upload');
const SELECTOR: vscode.DocumentSelector = [{ language: 'markdown' }, { language: 'bbcode' }, { language: 'html' }];
const MIME_TYPES = ['image/*', 'text/uri-list', 'files'];
const IMAGE_NAME = new RegExp(`\\.(${IMAGE_EXTENSIONS.join('|')})$`, 'i');
/** A placeholder that never reaches the document means the user chose another paste or drop option. */
const PLACEHOLDER_WAIT_MS = 15_000;

interface PreparedImage {
  readonly id: string;
  readonly name: string;
  readonly path?: string;
  readonly bytes?: Uint8Array;
}

class UploadPasteEdit extends vscode.DocumentPasteEdit {
  constructor(readonly images: PreparedImage[], readonly documentUri: string, title: string) {
    super(images.map((i) => placeholderText(i.id, i.name)).join('\n'), title, UPLOAD_KIND);
  }
}

class UploadDropEdit extends vscode.DocumentDropEdit {
  constructor(readonly images: PreparedImage[], readonly documentUri: string, title: string) {
    super(images.map((i) => placeholderText(i.id, i.name)).join('\n'), title, UPLOAD_KIND);
  }
}

function pastedName(mime: string): string {
  const stamp = new Date().toISOString().replace(/[:T]/g, '-').replace(/\..*$/, '');
  return `pasted-${stamp}.${mime.split('/')[1]?.replace('jpeg', 'jpg').replace(/[^a-z0-9]/g, '') || 'png'}`;
}

/** Image files in a paste or drop: files from the Explorer (by path) or bytes from the OS or the clipboard. */
async function imagesIn(dataTransfer: vscode.DataTransfer): Promise<PreparedImage[]> {
  const images: PreparedImage[] = [];
  const uriList = await dataTransfer.get('text/uri-list')?.asString();
  for (const line of (uriList ?? '').split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const uri = vscode.Uri.parse(line.trim());
    if (uri.scheme === 'file' && IMAGE_NAME.test(uri.path)) images.push({ id: newPlaceholderId(), name: path.basename(uri.fsPath), path: uri.fsPath });
  }
  if (images.length > 0) return images;
  for (const [mime, item] of dataTransfer) {
    const file = item.asFile();
    if (!file || !(mime.startsWith('image/') || IMAGE_NAME.test(file.name))) continue;
    // Clipboard images come as "image.png"; a dated name says when it was pasted.
    const name = !file.name || /^image\.\w+$/.test(file.name) ? pastedName(mime) : file.name;
    images.push({ id: newPlaceholderId(), name, bytes: await file.data() });
  }
  return images;
}

/**
 * "Upload to <host>" as a paste and a drop option in Markdown, BBCode and
 * HTML: the edit inserts one placeholder per image at once; the upload
 * starts when the placeholder is really in the document (the user may pick
 * VS Code's own option instead) and each placeholder becomes its link.
 */
export function registerPasteDropProviders(runner: RunnerService, state: vscode.Memento, uploads: PlaceholderUploads): vscode.Disposable {
  const titleFor = async () => {
    const loaded = await runner.plugins();
    const host = loaded.ok ? preferredHost(loaded.value.hosts, state) : undefined;
    return host ? `Upload to ${host.name}` : 'Upload to an image host';
  };
  const begin = async (images: PreparedImage[], documentUri: string) => {
    const first = images[0];
    if (!first || !(await placeholderArrives(documentUri, first.id))) return;
    const kept = await Promise.all(images.map(async (i) => ({ id: i.id, name: i.name, path: i.path ?? (await uploads.keepBytes(i.id, i.name, i.bytes!)), temp: !i.path })));
    await uploads.start(kept, documentUri);
  };
  const yieldTo = [vscode.DocumentDropOrPasteEditKind.Text, vscode.DocumentDropOrPasteEditKind.Empty.append('markdown'), vscode.DocumentDropOrPasteEditKind.Empty.append('uri')];

  const paste: vscode.DocumentPasteEditProvider<UploadPasteEdit> = {
    async provideDocumentPasteEdits(document, _ranges, dataTransfer, context) {
      if (context.only && !UPLOAD_KIND.intersects(context.only)) return undefined;
      const images = await imagesIn(dataTransfer);
      if (images.length === 0) return undefined;
      const edit = new UploadPasteEdit(images, document.uri.toString(), await titleFor());
      edit.yieldTo = yieldTo;
      return [edit];
    },
    resolveDocumentPasteEdit(edit) {
      void begin(edit.images, edit.documentUri);
      return edit;
    },
  };
  const drop: vscode.DocumentDropEditProvider<UploadDropEdit> = {
    async provideDocumentDropEdits(document, _position, dataTransfer) {
      const images = await imagesIn(dataTransfer);
      if (images.length === 0) return undefined;
      const edit = new UploadDropEdit(images, document.uri.toString(), await titleFor());
      edit.yieldTo = yieldTo;
      return edit;
    },
    resolveDocumentDropEdit(edit) {
      void begin(edit.images, edit.documentUri);
      return edit;
    },
  };
  return vscode.Disposable.from(
    vscode.languages.registerDocumentPasteEditProvider(SELECTOR, paste, { providedPasteEditKinds: [UPLOAD_KIND], pasteMimeTypes: MIME_TYPES }),
    vscode.languages.registerDocumentDropEditProvider(SELECTOR, drop, { providedDropEditKinds: [UPLOAD_KIND], dropMimeTypes: MIME_TYPES }),
  );
}

/** Resolves true once the placeholder is in the document, false if it never arrives. */
function placeholderArrives(documentUri: string, id: string): Promise<boolean> {
  const present = () => vscode.workspace.textDocuments.some((d) => d.uri.toString() === documentUri && findMarker(d.getText(), id));
  if (present()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(value);
    };
    const listener = vscode.workspace.onDidChangeTextDocument((e) => e.document.uri.toString() === documentUri && present() && done(true));
    const timer = setTimeout(() => done(false), PLACEHOLDER_WAIT_MS);
  });
}
