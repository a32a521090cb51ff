import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'image-host-uploader.image-host-uploader';

async function openFresh(name: string, language: string, text: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(uri);
  assert.equal(document.languageId, language);
  const editor = await vscode.window.showTextDocument(document);
  editor.selection = new vscode.Selection(document.lineAt(1).range.end, document.lineAt(1).range.end);
  return editor;
}

describe('uploading from VS Code to the sandbox host', () => {
  const images = () => ['b.png', 'a.png'].map((n) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'images', n).fsPath);

  it('inserts Markdown links at the cursor, in order, that the host serves', async () => {
    const editor = await openFresh('notes.md', 'markdown', '# Notes\nhere:\nend\n');
    const api = await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const report = await api.uploadFiles(images());
    assert.ok(report, 'the batch ran');
    assert.equal(report.outcomes.filter((o: { links?: unknown }) => o.links).length, 2, JSON.stringify(report.outcomes));
    const text = editor.document.getText();
    const links = [...text.matchAll(/!\[(\w+)\]\((http:\/\/127\.0\.0\.1:\d+\/i\/\w+\.png)\)/g)];
    assert.deepEqual(links.map((m) => m[1]), ['a', 'b'], text);
    assert.ok(text.startsWith('# Notes\nhere:![a]'), text);
    const served = await fetch(links[0][2]);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
  });

  it('inserts BBCode thumbnails linked to the viewer in a .bbcode document', async () => {
    const editor = await openFresh('post2.bbcode', 'bbcode', '[b]Gallery[/b]\n\n');
    const api = await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await api.uploadFiles(images());
    assert.match(editor.document.getText(), /\[url=http:\/\/127\.0\.0\.1:\d+\/v\/\w+\]\[img\]http:\/\/127\.0\.0\.1:\d+\/t\/\w+\.png\[\/img\]\[\/url\]\n\[url=/);
  });

  it('undoes a whole batch in one step', async () => {
    const editor = await openFresh('undo.md', 'markdown', 'a\nb\n');
    const before = editor.document.getText();
    const api = await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await api.uploadFiles(images());
    assert.notEqual(editor.document.getText(), before);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
  });
});
