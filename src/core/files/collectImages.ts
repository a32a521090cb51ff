import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface CollectedImages {
  /** Absolute paths, folders expanded, in natural order, each once. */
  readonly files: string[];
  /** Inputs that could not be used, with the reason. */
  readonly skipped: { path: string; reason: string }[];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Natural order, so `img2.png` sorts before `img10.png`. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function hasExtension(file: string, extensions: ReadonlySet<string>): boolean {
  return extensions.has(path.extname(file).slice(1).toLowerCase());
}

async function walk(dir: string, extensions: ReadonlySet<string>, out: string[]): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => naturalCompare(a.name, b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, extensions, out);
    else if (entry.isFile() && hasExtension(entry.name, extensions)) out.push(full);
  }
}

/**
 * Expands the user's selection: explicitly chosen files keep their order of
 * choice (sorted naturally among themselves), folders contribute their images
 * recursively; duplicates (a file chosen and inside a chosen folder) appear once.
 */
export async function collectImages(inputs: readonly string[], extensions: readonly string[]): Promise<CollectedImages> {
  const allowed = new Set(extensions.map((e) => e.toLowerCase()));
  const files: string[] = [];
  const skipped: { path: string; reason: string }[] = [];
  const sorted = [...new Set(inputs.map((p) => path.resolve(p)))].sort(naturalCompare);
  for (const input of sorted) {
    let stat;
    try {
      stat = await fs.stat(input);
    } catch (error) {
      skipped.push({ path: input, reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : String(error) });
      continue;
    }
    if (stat.isDirectory()) await walk(input, allowed, files);
    else if (!stat.isFile()) skipped.push({ path: input, reason: 'not a regular file' });
    else if (!hasExtension(input, allowed)) skipped.push({ path: input, reason: 'not an image type' });
    else files.push(input);
  }
  return { files: [...new Set(files)], skipped };
}
