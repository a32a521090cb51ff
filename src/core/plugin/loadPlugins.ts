/**
 * Loads every `*.imagehost.json` from the built-in folder and the user's
 * folders. A broken file never stops the others; it becomes a problem with
 * its location. A user plugin with a built-in's id replaces the built-in.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PLUGIN_SUFFIX } from './pluginFileName';
import type { PluginProblem } from './pluginProblem';
import type { LoadedPlugin } from './types';
import { parsePluginText } from './validatePlugin';

export async function loadPluginFile(file: string, builtin = false): Promise<{ plugin?: LoadedPlugin; problems: PluginProblem[] }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problems: [{ file, pointer: '', message: code === 'ENOENT' ? 'The file does not exist.' : `The file cannot be read (${code}).`, severity: 'error' }] };
  }
  const { plugin, problems } = parsePluginText(text.replace(/^\uFEFF/, ''), file);
  return plugin ? { plugin: { definition: plugin, source: file, builtin }, problems } : { problems };
}

async function pluginFiles(dir: string): Promise<string[] | NodeJS.ErrnoException> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() && e.name.endsWith(PLUGIN_SUFFIX)).map((e) => path.join(dir, e.name)).sort();
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

export async function loadPlugins(options: { builtinDir: string; userDirs: readonly string[] }): Promise<{ plugins: LoadedPlugin[]; problems: PluginProblem[] }> {
  const byId = new Map<string, LoadedPlugin>();
  const problems: PluginProblem[] = [];
  const sources = [{ dir: options.builtinDir, builtin: true }, ...options.userDirs.map((dir) => ({ dir, builtin: false }))];
  for (const { dir, builtin } of sources) {
    const files = await pluginFiles(dir);
    if (!Array.isArray(files)) {
      problems.push({
        file: dir,
        pointer: '',
        message: files.code === 'ENOENT' ? 'The plugin folder does not exist.' : `The plugin folder cannot be read (${files.code}).`,
        hint: 'Fix "imageHost.pluginDirectories" or create the folder.',
        severity: builtin ? 'error' : 'warning',
      });
      continue;
    }
    for (const file of files) {
      const loaded = await loadPluginFile(file, builtin);
      problems.push(...loaded.problems);
      if (!loaded.plugin) continue;
      const previous = byId.get(loaded.plugin.definition.id);
      if (previous) {
        problems.push({
          file,
          pointer: '/id',
          message: `This plugin replaces ${previous.builtin ? 'the built-in' : 'another'} plugin "${loaded.plugin.definition.id}" (${previous.source}).`,
          hint: 'Give it another id to keep both.',
          severity: 'warning',
        });
      }
      byId.set(loaded.plugin.definition.id, loaded.plugin);
    }
  }
  return { plugins: [...byId.values()], problems };
}
