import * as vscode from 'vscode';
import { shiftOffset } from '../../core/text/shiftOffset';

/**
 * Where a batch's links will go: the document and cursor offsets captured
 * when the batch started. Offsets follow later edits (the user may keep
 * typing above the cursor while uploads run), so the links land where the
 * cursor was, not where stale positions now point.
 */
export class InsertionTarget implements vscode.Disposable {
  private offsets: number[];
  private readonly subscription: vscode.Disposable;

  private constructor(
    readonly document: vscode.TextDocument,
    selections: readonly vscode.Selection[],
  ) {
    this.offsets = selections.map((s) => document.offsetAt(s.active));
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== this.document) return;
      for (const change of e.contentChanges) this.offsets = this.offsets.map((o) => shiftOffset(o, change));
    });
  }

  static fromActiveEditor(): InsertionTarget | undefined {
    const editor = vscode.window.activeTextEditor;
    return editor ? new InsertionTarget(editor.document, editor.selections) : undefined;
  }

  get languageId(): string {
    return this.document.languageId;
  }

  /** Inserts the block at every captured cursor as one undoable edit. */
  async insert(text: string): Promise<boolean> {
    if (this.document.isClosed && this.document.isUntitled) return false;
    // A closed file is opened again (without showing it) so the links still land.
    const document = this.document.isClosed ? await vscode.workspace.openTextDocument(this.document.uri) : this.document;
    const edit = new vscode.WorkspaceEdit();
    for (const offset of [...new Set(this.offsets)].sort((a, b) => a - b)) edit.insert(document.uri, document.positionAt(offset), text);
    return vscode.workspace.applyEdit(edit);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
