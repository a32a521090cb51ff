import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Commands, WebviewPanels } from '../../src/extension/constants';

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('package.json manifest', () => {
  it('declares exactly the commands the code registers', () => {
    const declared = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, Object.values(Commands).sort());
  });

  it('puts every command in the "Image Host" category', () => {
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Image Host', c.command);
  });

  it('only names known commands in menus and keybindings', () => {
    const known = new Set<string>(Object.values(Commands));
    const menus = Object.values(manifest.contributes.menus).flat() as { command: string }[];
    for (const entry of [...menus, ...manifest.contributes.keybindings]) assert.ok(known.has(entry.command), entry.command);
  });

  it('activates only through its contributions', () => {
    assert.ok(!manifest.activationEvents.includes('*') && !manifest.activationEvents.includes('onStartupFinished'));
    // Besides its commands and views: the languages it writes links into, so it knows the editor in use,
    // a workspace holding plugin files, so their problems show in the Problems panel, and its webview
    // panels, which VS Code restores after a reload only through an active extension's serializer.
    const panels = Object.values(WebviewPanels).map((type) => `onWebviewPanel:${type}`);
    for (const event of manifest.activationEvents) {
      assert.ok(/^(onLanguage:(markdown|bbcode|html)|workspaceContains:\*\*\/\*\.imagehost\.json)$/.test(event) || panels.includes(event), event);
    }
    for (const event of panels) assert.ok(manifest.activationEvents.includes(event), `${event} is missing`);
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('targets a VS Code with stable paste and drop APIs, matching @types/vscode', () => {
    const engine = manifest.engines.vscode.replace(/^[\^~]/, '');
    const [major, minor] = engine.split('.').map(Number);
    assert.ok(major > 1 || minor >= 97, `engines.vscode ${engine} must be >= 1.97`);
    const types = manifest.devDependencies['@types/vscode'].replace(/^[\^~]/, '');
    assert.ok(types.split('.').map(Number)[1] <= minor, '@types/vscode must not be newer than engines.vscode');
  });

  it('shows Upload Images in the Explorer only on image files and folders', () => {
    const entry = manifest.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === Commands.uploadImages);
    const match = /resourceExtname =~ \/(.+)\/i/.exec(entry.when);
    assert.ok(match && entry.when.includes('explorerResourceIsFolder'));
    const re = new RegExp(match[1], 'i');
    for (const ext of ['.png', '.JPG', '.jpeg', '.gif', '.webp', '.bmp', '.avif', '.tiff']) assert.ok(re.test(ext), ext);
    for (const ext of ['.txt', '.md', '.pngx', '.svgz', '.json']) assert.ok(!re.test(ext), ext);
  });
});

describe('package.json views', () => {
  it('declares exactly the views the code registers', async () => {
    const { Views } = await import('../../src/extension/constants');
    const declared = Object.values(manifest.contributes.views).flat().map((v) => (v as { id: string }).id).sort();
    assert.deepEqual(declared, Object.values(Views).sort());
  });
});
