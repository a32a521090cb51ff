import { mkdirSync, writeFileSync, cpSync } from 'node:fs';
import * as path from 'node:path';
import { sandboxPlugin } from '../test/fakes/sandboxHost';
import { pngBytes } from '../test/support/images';

const COLOURS: Record<string, [number, number, number]> = {
  sunset: [240, 120, 40],
  ocean: [30, 110, 200],
  forest: [40, 140, 70],
  night: [30, 30, 70],
};

/**
 * Lays out the demo workspace: the repo's demo/ files, a few generated
 * images, and the settings and plugin file that point at the sandbox host.
 */
export function createDemoWorkspace(dir: string, sandboxUrl: string): void {
  cpSync(path.resolve(__dirname, '..', 'demo'), dir, { recursive: true });
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  for (const [name, rgb] of Object.entries(COLOURS)) writeFileSync(path.join(dir, 'images', `${name}.png`), pngBytes(320, 200, rgb));
  mkdirSync(path.join(dir, 'image-host-plugins'), { recursive: true });
  writeFileSync(path.join(dir, 'image-host-plugins', 'sandbox.imagehost.json'), `${JSON.stringify(sandboxPlugin(sandboxUrl), null, 2)}\n`);
  mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  writeFileSync(
    path.join(dir, '.vscode', 'settings.json'),
    `${JSON.stringify({ 'imageHost.pluginDirectories': ['image-host-plugins'], 'imageHost.defaultHost': 'sandbox' }, null, 2)}\n`,
  );
}
