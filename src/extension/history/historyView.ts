import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HistoryBatch, HistoryFile, HistoryStore } from '../../core/history/historyStore';
import { formatLinks, languageForFormat, LINK_FORMATS, type LinkFormat } from '../../core/links/formatLinks';
import { Commands, Views } from '../constants';

type Node = { kind: 'batch'; batch: HistoryBatch } | { kind: 'file'; batch: HistoryBatch; file: HistoryFile };

const FORMAT_LABELS: Record<LinkFormat, string> = {
  markdown: 'Markdown image',
  markdownThumbnail: 'Markdown thumbnail linked to the viewer',
  bbcode: 'BBCode thumbnail linked to the viewer',
  bbcodeFull: 'BBCode full image',
  html: 'HTML',
  plain: 'Plain URLs',
};

class HistoryTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly store: HistoryStore) {}

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return (await this.store.list()).map((batch) => ({ kind: 'batch', batch }));
    if (node.kind === 'batch') return node.batch.files.map((file) => ({ kind: 'file', batch: node.batch, file }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'batch') {
      const when = new Date(node.batch.finishedAt).toLocaleString();
      const item = new vscode.TreeItem(`${node.batch.hostName} · ${node.batch.files.length} image${node.batch.files.length === 1 ? '' : 's'}`, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = when;
      item.contextValue = 'imageHostBatch';
      item.iconPath = new vscode.ThemeIcon('cloud-upload');
      return item;
    }
    const item = new vscode.TreeItem(node.file.name, vscode.TreeItemCollapsibleState.None);
    item.description = node.file.links.viewerUrl ?? node.file.links.imageUrl;
    item.tooltip = new vscode.MarkdownString(
      [`**${node.file.name}**`, `Image: ${node.file.links.imageUrl}`, node.file.links.thumbnailUrl && `Thumbnail: ${node.file.links.thumbnailUrl}`, node.file.links.viewerUrl && `Viewer: ${node.file.links.viewerUrl}`, node.file.links.deleteUrl && `Delete: ${node.file.links.deleteUrl}`]
        .filter(Boolean)
        .join('\n\n'),
    );
    item.contextValue = 'imageHostFile';
    item.iconPath = new vscode.ThemeIcon('file-media');
    return item;
  }
}

const filesOf = (node: Node) => (node.kind === 'batch' ? node.batch.files : [node.file]);

async function pickFormat(): Promise<LinkFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    LINK_FORMATS.map((format) => ({ label: FORMAT_LABELS[format], format })),
    { title: 'Link format' },
  );
  return picked?.format;
}

const render = (files: readonly HistoryFile[], format: LinkFormat) =>
  formatLinks(files.map((f) => ({ links: f.links, fileName: path.basename(f.name) })), { format });

/** The History view and its item actions: insert, copy, open, remove. */
export function registerHistoryView(store: HistoryStore): { disposable: vscode.Disposable; refresh(): void } {
  const tree = new HistoryTree(store);
  const disposable = vscode.Disposable.from(
    vscode.window.registerTreeDataProvider(Views.history, tree),
    vscode.commands.registerCommand(Commands.historyInsert, async (node: Node) => {
      const editor = vscode.window.activeTextEditor;
      const format = await pickFormat();
      if (!format) return;
      const text = render(filesOf(node), format);
      if (editor) await editor.edit((b) => editor.selections.forEach((s) => b.replace(s, text)));
      else await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: languageForFormat(format), content: text }), { preview: false });
    }),
    vscode.commands.registerCommand(Commands.historyCopy, async (node: Node) => {
      const format = await pickFormat();
      if (!format) return;
      await vscode.env.clipboard.writeText(render(filesOf(node), format));
      vscode.window.setStatusBarMessage('Links copied', 3000);
    }),
    vscode.commands.registerCommand(Commands.historyOpen, async (node: Node) => {
      for (const file of filesOf(node).slice(0, 10)) await vscode.env.openExternal(vscode.Uri.parse(file.links.viewerUrl ?? file.links.imageUrl));
    }),
    vscode.commands.registerCommand(Commands.historyRemove, async (node: Node) => {
      if (node.kind === 'batch') await store.removeBatch(node.batch.id);
      else await store.removeFile(node.batch.id, node.file.path);
      tree.refresh();
    }),
    vscode.commands.registerCommand(Commands.historyClear, async () => {
      const answer = await vscode.window.showWarningMessage('Remove every batch from the upload history? The images stay on the hosts.', { modal: true }, 'Clear History');
      if (answer !== 'Clear History') return;
      await store.clear();
      tree.refresh();
    }),
  );
  return { disposable, refresh: () => tree.refresh() };
}
