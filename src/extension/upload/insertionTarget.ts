import * as vscode from 'vscode';
import { shiftOffset } from '../../core/text/shiftOffset';

/**
 * Where a batch's links will go: the document and cursor offsets captured
 * when the batch started. Offsets follow later edits (the user may keep
 * typing above the cursor while uploads run), so the links land where the
 * cursor was, not where stale positions now point.
 */
let lastTextEditor: vscode.TextEditor | undefined;

/**
 * Before the extension was active nobody tracked the editors; a new tab
 * opens to the right of the active one, so the nearest text tab to the left
 * of an image preview is the document the user was in. Its cursor is not
 * known, so the links go at its end.
 */
function documentBesideActiveTab(): vscode.TextDocument | undefined {
  const group = vscode.window.tabGroups.activeTabGroup;
  const active = group.activeTab ? group.tabs.indexOf(group.activeTab) : group.tabs.length;
  const candidates = group.tabs.slice(0, Math.max(0, active)).reverse().concat(group.tabs.slice(active + 1));
  for (const tab of candidates) {
    if (!(tab.input instanceof vscode.TabInputText)) continue;
    const uri = tab.input.uri;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document) return document;
  }
  return undefined;
}

export class InsertionTarget implements vscode.Disposable {
  private offsets: number[];
  private readonly subscription: vscode.Disposable;

  private constructor(
    readonly document: vscode.TextDocument,
    selections: readonly vscode.Selection[],
  ) {
    // No known cursor (a document found through its tab): its end.
    this.offsets = selections.length ? selections.map((s) => document.offsetAt(s.active)) : [document.getText().length];
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== this.document) return;
      for (const change of e.contentChanges) this.offsets = this.offsets.map((o) => shiftOffset(o, change));
    });
  }

  /**
   * The editor the user is writing in. Clicking an image in the Explorer
   * opens its preview and leaves no active text editor, so the last text
   * editor that was active still counts while its document is open.
   */
  static fromActiveEditor(): InsertionTarget | undefined {
    const visible = vscode.window.visibleTextEditors;
    const editor =
      vscode.window.activeTextEditor ??
      (lastTextEditor && !lastTextEditor.document.isClosed ? lastTextEditor : undefined) ??
      visible.find((e) => e.document.uri.scheme === 'file' || e.document.uri.scheme === 'untitled');
    if (editor) return new InsertionTarget(editor.document, editor.selections);
    const document = documentBesideActiveTab();
    return document ? new InsertionTarget(document, []) : undefined;
  }

  /** Remembers the last active text editor; registered once at activation. */
  static trackLastEditor(): vscode.Disposable {
    lastTextEditor = vscode.window.activeTextEditor;
    return vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor && editor.document.uri.scheme !== 'output') lastTextEditor = editor;
    });
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
