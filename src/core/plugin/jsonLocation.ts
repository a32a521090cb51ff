import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';

/** 1-based line and column of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * Where a JSON pointer points in the source text, so a problem can be shown
 * at the failing place (Problems panel, `imghost validate`). Falls back to
 * the nearest existing parent when the pointer names a missing property.
 */
export function locatePointer(text: string, pointer: string, tree: Node | undefined = parseTree(text)): { line: number; column: number } | undefined {
  if (!tree) return undefined;
  const segments = pointer.split('/').slice(1).map(unescape).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  for (let length = segments.length; length >= 0; length--) {
    const node = findNodeAtLocation(tree, segments.slice(0, length));
    if (!node) continue;
    // A property's value node: point at its key, which is what a reader looks for.
    const target = node.parent?.type === 'property' && length === segments.length ? node.parent : node;
    return lineColumn(text, target.offset);
  }
  return undefined;
}
