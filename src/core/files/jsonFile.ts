/**
 * Small state files in the extension's storage: written atomically (temp
 * file + rename) so a crash never leaves half a file, and read forgivingly
 * (a missing or unreadable file is "nothing yet", never a failure).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export async function readJsonFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await fs.writeFile(temp, JSON.stringify(value));
  await fs.rename(temp, file);
}
