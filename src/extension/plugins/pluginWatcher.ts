import * as vscode from 'vscode';
import { PLUGIN_SUFFIX } from '../../core/plugin/pluginFileName';
import { pluginDirectories } from '../config';
import type { RunnerService } from '../runnerService';

/** Saves come in bursts (format on save, several files); one reload serves them all. */
const SETTLE_MS = 250;

/**
 * Watches the folders of `imageHost.pluginDirectories` and reloads the
 * plugins when a plugin file is created, changed or deleted, or when the
 * setting itself changes; the watchers follow the setting.
 */
export function watchPluginDirectories(runner: RunnerService): vscode.Disposable {
  let watchers: vscode.Disposable[] = [];
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void runner.reloadPlugins(), SETTLE_MS);
  };
  const watch = () => {
    for (const w of watchers) w.dispose();
    watchers = pluginDirectories().map((dir) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), `*${PLUGIN_SUFFIX}`));
      return vscode.Disposable.from(watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload));
    });
  };
  watch();
  const onSetting = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('imageHost.pluginDirectories')) return;
    watch();
    reload();
  });
  // Problems of user plugins should show without waiting for a first upload.
  if (pluginDirectories().length > 0) void runner.plugins();
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    onSetting.dispose();
    for (const w of watchers) w.dispose();
  });
}
