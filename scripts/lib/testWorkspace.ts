import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { sandboxPlugin, type SandboxPluginOptions } from '../../test/fakes/sandboxHost';
import { pngBytes } from '../../test/support/images';

export interface TestWorkspaceOptions {
  /** Merged over the default workspace settings (e.g. `imageHost.defaultHost: ''` to be asked for a host). */
  readonly settings?: Record<string, unknown>;
  /** How the sandbox plugin file is written (e.g. a small `maxFileSize` for the pre-flight). */
  readonly plugin?: SandboxPluginOptions;
}

/**
 * A workspace for the integration and e2e tiers: a few images, a text file,
 * and the settings and plugin file that send uploads to a running sandbox.
 */
export function createTestWorkspace(dir: string, sandboxUrl: string, options: TestWorkspaceOptions = {}): void {
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  const colours: [string, [number, number, number]][] = [['a', [220, 60, 60]], ['b', [60, 160, 80]], ['c', [50, 90, 200]]];
  for (const [name, rgb] of colours) writeFileSync(path.join(dir, 'images', `${name}.png`), pngBytes(64, 48, rgb));
  writeFileSync(path.join(dir, 'notes.txt'), 'not an image\n');
  mkdirSync(path.join(dir, 'image-host-plugins'), { recursive: true });
  writeFileSync(path.join(dir, 'image-host-plugins', 'sandbox.imagehost.json'), JSON.stringify(sandboxPlugin(sandboxUrl, options.plugin), null, 2));
  mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  const settings = { 'imageHost.pluginDirectories': ['image-host-plugins'], 'imageHost.defaultHost': 'sandbox', 'files.autoSave': 'off', ...options.settings };
  writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
}
