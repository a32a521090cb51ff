/**
 * Local image references in a document: Markdown `![alt](path "title")`,
 * HTML `<img src="path">` and BBCode `[img]path[/img]`. Links with a scheme
 * (https:, data:, …) are not local and are left alone. Offsets cover the
 * path text only, so it can be replaced without touching the rest.
 */
export interface ImageRef {
  /** The reference as written (angle brackets and percent-encoding undone). */
  readonly target: string;
  readonly start: number;
  readonly end: number;
}

const MARKDOWN = /!\[[^\]\n]*\]\(\s*(<[^>\n]+>|[^\s)]+)(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)/g;
const HTML = /<img\b[^>]*?\bsrc\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const BBCODE = /\[img(?:=[^\]]*)?\]([^[\n]+?)\[\/img\]/gi;

const isLocal = (target: string) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//') && !target.startsWith('#');

function decode(target: string): string {
  try {
    return decodeURI(target);
  } catch {
    return target;
  }
}

export function findLocalImageRefs(text: string): ImageRef[] {
  const refs: ImageRef[] = [];
  for (const m of text.matchAll(MARKDOWN)) {
    const raw = m[1];
    const angled = raw.startsWith('<');
    const inner = angled ? raw.slice(1, -1) : raw;
    const start = m.index! + m[0].indexOf(raw, 2) + (angled ? 1 : 0);
    refs.push({ target: decode(inner), start, end: start + inner.length });
  }
  for (const m of text.matchAll(HTML)) {
    const value = m[2] ?? m[3] ?? m[4];
    const quoted = m[2] !== undefined || m[3] !== undefined;
    const start = m.index! + m[0].length - m[1].length + (quoted ? 1 : 0);
    refs.push({ target: decode(value), start, end: start + value.length });
  }
  for (const m of text.matchAll(BBCODE)) {
    const value = m[1].trim();
    const start = m.index! + m[0].indexOf(m[1]) + (m[1].length - m[1].trimStart().length);
    refs.push({ target: value, start, end: start + value.length });
  }
  return refs.filter((r) => isLocal(r.target)).sort((a, b) => a.start - b.start);
}
