import * as vscode from 'vscode';
import { PLUGIN_SUFFIX } from '../../core/plugin/pluginFileName';
import type { PluginProblemInfo } from '../../worker/protocol';

/**
 * Shows the problems of user plugin files in the Problems panel, at the
 * failing JSON pointer, so a broken file is found where it is edited. A
 * broken file never stops the other plugins loading; it only shows here.
 */
export class PluginDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('imageHostPlugins');

  show(problems: readonly PluginProblemInfo[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const problem of problems) {
      // Built-in files are ours to fix, and a missing folder is no file to mark:
      // those go to the log only.
      if (problem.file.startsWith('builtin:') || !problem.file.endsWith(PLUGIN_SUFFIX)) continue;
      const list = byFile.get(problem.file) ?? [];
      list.push(toDiagnostic(problem));
      byFile.set(problem.file, list);
    }
    this.collection.clear();
    for (const [file, diagnostics] of byFile) this.collection.set(vscode.Uri.file(file), diagnostics);
  }

  dispose(): void {
    this.collection.dispose();
  }
}

function toDiagnostic(problem: PluginProblemInfo): vscode.Diagnostic {
  // Problems carry 1-based positions; without one the file's start is the place.
  const line = Math.max(0, (problem.line ?? 1) - 1);
  const column = Math.max(0, (problem.column ?? 1) - 1);
  const range = new vscode.Range(line, column, line, column + 1);
  const message = problem.hint ? `${problem.message}\n${problem.hint}` : problem.message;
  const severity = problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
  const diagnostic = new vscode.Diagnostic(range, message, severity);
  diagnostic.source = 'Image Host';
  if (problem.pointer) diagnostic.code = problem.pointer;
  return diagnostic;
}
