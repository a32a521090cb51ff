import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'image-host-uploader.image-host-uploader';

/** Waits for a condition the extension reaches on its own (a watcher, a reload). */
async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const pluginDir = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'image-host-plugins');
const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
const hostIds = async (): Promise<string[]> => (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()).hostIds();

function brokenPlugin(kind: string): string {
  return JSON.stringify(
    {
      id: 'broken-host',
      name: 'Broken Host',
      kind: 'imageHost',
      formatVersion: 1,
      upload: {
        request: { url: 'https://broken.example/upload', body: { multipart: [{ name: 'image', kind }] } },
        extract: { image: 'json:url' },
        result: { imageUrl: '{image}' },
      },
    },
    null,
    2,
  );
}

describe('user plugin files', () => {
  const file = () => vscode.Uri.joinPath(pluginDir(), 'broken-host.imagehost.json');

  after(async () => {
    await vscode.workspace.fs.delete(file(), { useTrash: false }).then(undefined, () => undefined);
  });

  it('show a broken file in the Problems panel at the failing pointer, while every other host keeps working', async () => {
    const text = brokenPlugin('picture');
    await write(file(), text);
    const diagnostics = await eventually('the plugin diagnostic', () => {
      const found = vscode.languages.getDiagnostics(file());
      return found.length > 0 ? found : undefined;
    });
    const problem = diagnostics.find((d) => d.code === '/upload/request/body/multipart/0/kind');
    assert.ok(problem, JSON.stringify(diagnostics.map((d) => [d.code, d.message])));
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(problem.source, 'Image Host');
    // The diagnostic sits on the line of the failing "kind".
    const line = text.split('\n').findIndex((l) => l.includes('"kind": "picture"'));
    assert.equal(problem.range.start.line, line);
    const ids = await hostIds();
    for (const id of ['imx.to', 'pixhost.to', 'vipr.im', 'turboimagehost.com', 'imagebam.com', 'sandbox']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
    assert.ok(!ids.includes('broken-host'));
  });

  it('reload when the file is fixed: the problem goes and the host appears', async () => {
    await write(file(), brokenPlugin('file'));
    await eventually('the diagnostic to clear', () => vscode.languages.getDiagnostics(file()).length === 0 || undefined);
    await eventually('the fixed host to load', async () => (await hostIds()).includes('broken-host') || undefined);
  });

  it('New Host Plugin scaffolds a valid plugin file, opens it, and the host loads', async () => {
    await vscode.commands.executeCommand('imageHost.newHostPlugin', { name: 'pics.example.org', folder: pluginDir().fsPath });
    const created = vscode.Uri.joinPath(pluginDir(), 'pics.example.org.imagehost.json');
    const editor = await eventually('the new file in an editor', () => (vscode.window.activeTextEditor?.document.uri.fsPath === created.fsPath ? vscode.window.activeTextEditor : undefined));
    assert.match(editor.document.getText(), /"id": "pics\.example\.org"/);
    await eventually('the new host to load', async () => (await hostIds()).includes('pics.example.org') || undefined);
    assert.deepEqual(vscode.languages.getDiagnostics(created), []);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(created, { useTrash: false });
  });
});
