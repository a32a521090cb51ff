import * as path from 'node:path';
import * as vscode from 'vscode';
import { pluginFileName } from '../../core/plugin/pluginFileName';
import { newPluginTemplate, pluginIdFrom } from '../../core/plugin/pluginTemplate';
import { pluginDirectories } from '../config';
import { CONFIG_SECTION, Commands } from '../constants';

/** Given by scripts and tests to skip the questions. */
export interface NewHostPluginArgs {
  readonly name?: string;
  readonly folder?: string;
}

/**
 * Scaffolds a host plugin file in a plugin folder from a working template
 * and opens it; the folder is added to `imageHost.pluginDirectories` when it
 * is not there yet, so the new host loads as soon as the file is saved.
 */
export function registerNewHostPlugin(): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.newHostPlugin, async (args?: NewHostPluginArgs) => {
    const name = args?.name ?? (await askName());
    if (!name) return;
    const folder = args?.folder ?? (await chooseFolder());
    if (!folder) return;
    const id = pluginIdFrom(name);
    const file = vscode.Uri.file(path.join(folder, pluginFileName(id)));
    if (await exists(file)) {
      const open = await vscode.window.showErrorMessage(`A plugin file for "${id}" already exists in ${folder}.`, 'Open It');
      if (open) await vscode.window.showTextDocument(file);
      return;
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(folder));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${JSON.stringify(newPluginTemplate(id, name.trim()), null, 2)}\n`));
    await addPluginDirectory(folder);
    await vscode.window.showTextDocument(file);
  });
}

function askName(): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'New Host Plugin',
    prompt: 'The host\'s name or domain; the plugin id and file name are made from it.',
    placeHolder: 'pics.example.org',
    validateInput: (value) => (pluginIdFrom(value) ? undefined : 'Type a name with letters or digits, e.g. pics.example.org.'),
  });
}

async function chooseFolder(): Promise<string | undefined> {
  const dirs = pluginDirectories();
  if (dirs.length === 1) return dirs[0];
  if (dirs.length > 1) {
    return (await vscode.window.showQuickPick(dirs.map((dir) => ({ label: dir })), { title: 'New Host Plugin', placeHolder: 'Which plugin folder?' }))?.label;
  }
  const picked = await vscode.window.showOpenDialog({
    title: 'Choose a folder for your host plugins',
    openLabel: 'Use as Plugin Folder',
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0]?.fsPath;
}

/** Adds the folder to the setting, relative to the workspace when it lies inside it. */
async function addPluginDirectory(folder: string): Promise<void> {
  if (pluginDirectories().some((dir) => path.resolve(dir) === path.resolve(folder))) return;
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const inside = root !== undefined && !path.relative(root, folder).startsWith('..') && !path.isAbsolute(path.relative(root, folder));
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const target = inside ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const inspected = config.inspect<string[]>('pluginDirectories');
  const current = (inside ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
  await config.update('pluginDirectories', [...current, inside ? path.relative(root, folder) || '.' : folder], target);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
