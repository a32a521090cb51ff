/**
 * Turns uploaded links into the text a user pastes: Markdown, BBCode
 * (thumbnail linked to the viewer page, as forums expect), HTML or plain
 * URLs, or a custom template. Rows of N items make thumbnail grids; a
 * wrapper (e.g. `[spoiler]${links}[/spoiler]`) encloses the whole batch.
 */
import * as path from 'node:path';
import type { UploadLinks } from '../engine/types';

export const LINK_FORMATS = ['markdown', 'markdownThumbnail', 'bbcode', 'bbcodeFull', 'html', 'plain'] as const;
export type LinkFormat = (typeof LINK_FORMATS)[number];

export interface LinkItem {
  readonly links: UploadLinks;
  /** The uploaded file's name, e.g. "beach 01.jpg". */
  readonly fileName: string;
}

export interface FormatOptions {
  readonly format: LinkFormat;
  /** Overrides the format's item template; `${url}`, `${thumb}`, `${viewer}`, `${delete}`, `${name}`, `${alt}`, `${index}`. */
  readonly template?: string;
  /** Items per line; 0 or 1 puts each on its own line. */
  readonly perRow?: number;
  /** Encloses the whole block; `${links}` marks where the items go. */
  readonly wrapper?: string;
}

const TEMPLATES: Record<LinkFormat, string> = {
  markdown: '![${alt}](${url})',
  markdownThumbnail: '[![${alt}](${thumb})](${viewer})',
  bbcode: '[url=${viewer}][img]${thumb}[/img][/url]',
  bbcodeFull: '[img]${url}[/img]',
  html: '<a href="${viewer}"><img src="${thumb}" alt="${alt}"></a>',
  plain: '${url}',
};

/** Markdown and HTML need their delimiters escaped in alt text; BBCode has none. */
function altText(fileName: string, format: LinkFormat): string {
  const stem = path.parse(fileName).name.replace(/[\r\n]+/g, ' ');
  if (format === 'html') return stem.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  if (format.startsWith('markdown')) return stem.replace(/([\\[\]])/g, '\\$1');
  return stem;
}

/** Markdown link targets with spaces or parentheses break; angle brackets keep them whole. */
function markdownUrl(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/>/g, '%3E')}>` : url;
}

export function formatItem(item: LinkItem, index: number, options: FormatOptions): string {
  const { links } = item;
  const wrapUrl = options.format.startsWith('markdown') && !options.template ? markdownUrl : (u: string) => u;
  const values: Record<string, string> = {
    url: wrapUrl(links.imageUrl),
    thumb: wrapUrl(links.thumbnailUrl ?? links.imageUrl),
    viewer: wrapUrl(links.viewerUrl ?? links.imageUrl),
    delete: links.deleteUrl ?? '',
    name: item.fileName,
    alt: altText(item.fileName, options.format),
    index: String(index + 1),
  };
  return (options.template ?? TEMPLATES[options.format]).replace(/\$\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

export function formatLinks(items: readonly LinkItem[], options: FormatOptions): string {
  const formatted = items.map((item, i) => formatItem(item, i, options));
  const perRow = Math.max(1, options.perRow ?? 1);
  const rows: string[] = [];
  for (let i = 0; i < formatted.length; i += perRow) rows.push(formatted.slice(i, i + perRow).join(' '));
  const block = rows.join('\n');
  if (!options.wrapper) return block;
  return options.wrapper.includes('${links}') ? options.wrapper.replace('${links}', block) : `${options.wrapper}\n${block}`;
}

/** The format a document's language suggests; undefined when it suggests none. */
export function formatForLanguage(languageId: string): LinkFormat | undefined {
  switch (languageId) {
    case 'markdown':
      return 'markdown';
    case 'bbcode':
      return 'bbcode';
    case 'html':
      return 'html';
    default:
      return undefined;
  }
}

/** The language of a new document that holds links in this format, so it opens highlighted as such. */
export function languageForFormat(format: LinkFormat): string {
  if (format.startsWith('markdown')) return 'markdown';
  if (format.startsWith('bbcode')) return 'bbcode';
  return format === 'html' ? 'html' : 'plaintext';
}
