import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'image-host-uploader.image-host-uploader';

describe('the extension in a real extension host', () => {
  it('activates and reports its version', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'the extension is installed');
    const api = await extension.activate();
    assert.equal(api.version, extension.packageJSON.version);
  });

  it('registers every command it declares', async () => {
    const declared: string[] = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of declared) assert.ok(registered.has(id), `${id} is registered`);
  });

  it('recognises .bbcode files as BBCode', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'post.bbcode');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('[b]hello[/b]\n'));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'bbcode');
  });

  it('loads the built-in hosts and the workspace plugin in its worker', async () => {
    const api = await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const ids: string[] = await api.hostIds();
    for (const id of ['imx.to', 'pixhost.to', 'turboimagehost.com', 'sandbox']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
  });

  it('shows its log without failing', async () => {
    await vscode.commands.executeCommand('imageHost.showLog');
  });
});
