import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UploadLinks } from '../../core/engine/types';
import { formatForLanguage, formatLinks, languageForFormat, type LinkFormat } from '../../core/links/formatLinks';
import { linkSettings } from '../config';
import type { InsertionTarget } from './insertionTarget';

/** A file whose upload finished, with what the host returned. */
export interface FinishedFile {
  readonly path: string;
  readonly links: UploadLinks;
}

/** The link format for a document: the forced one, else the setting, else what its language suggests, else Markdown. */
export function linkFormatFor(document: vscode.TextDocument | undefined, forced?: LinkFormat): LinkFormat {
  if (forced) return forced;
  const configured = linkSettings(document).format;
  if (configured !== 'auto') return configured;
  return (document && formatForLanguage(document.languageId)) ?? 'markdown';
}

/**
 * Formats the links of finished files, in the order given, for the document
 * they go to (or the forced format), and inserts them as one edit at the
 * target's cursors; with no target, or one that can no longer take them, they
 * open in a new document. Also copies them when the user asked. Returns the text.
 */
export async function deliverLinks(files: readonly FinishedFile[], target: InsertionTarget | undefined, forced?: LinkFormat): Promise<string> {
  if (files.length === 0) return '';
  const format = linkFormatFor(target?.document, forced);
  const settings = linkSettings(target?.document);
  const text = formatLinks(
    files.map((f) => ({ links: f.links, fileName: path.basename(f.path) })),
    { format, template: settings.template || undefined, perRow: settings.perRow, wrapper: settings.wrapper || undefined },
  );
  const inserted = target ? await target.insert(text) : false;
  if (!inserted) {
    const document = await vscode.workspace.openTextDocument({ language: languageForFormat(format), content: text });
    await vscode.window.showTextDocument(document, { preview: false });
  }
  if (settings.copyToClipboard) await vscode.env.clipboard.writeText(text);
  return text;
}
