import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

describe('Upload All Local Images in Document', () => {
  it('uploads each referenced file once, rewrites every reference in one undoable edit, and leaves missing ones', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'local-images.md');
    const original = [
      '![a](images/a.png) and again ![a2](./images/a.png)',
      '<img src="images/b.png" alt="b">',
      '[img]images/c.png[/img]',
      '![gone](images/missing.png) ![web](https://example.com/x.png)',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(original));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.commands.executeCommand('imageHost.uploadLocalImages');
    const text = editor.document.getText();
    const urls = [...text.matchAll(/http:\/\/127\.0\.0\.1:\d+\/i\/\w+\.png/g)].map((m) => m[0]);
    assert.equal(urls.length, 4, text);
    assert.equal(urls[0], urls[1], 'one upload for a file referenced twice');
    assert.equal(new Set(urls).size, 3);
    assert.match(text, /^!\[a\]\(http:[^)]+\) and again !\[a2\]\(http:[^)]+\)\n<img src="http:[^"]+" alt="b">\n\[img\]http:[^[]+\[\/img\]\n!\[gone\]\(images\/missing\.png\) !\[web\]\(https:\/\/example\.com\/x\.png\)\n$/);
    for (const url of new Set(urls)) assert.equal((await fetch(url)).status, 200);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original, 'one undo restores every reference');
  });
});
