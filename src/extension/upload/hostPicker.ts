import * as vscode from 'vscode';
import type { HostInfo } from '../../worker/protocol';
import { defaultHost } from '../config';

const RECENT_KEY = 'imageHost.recentHosts';

/**
 * The host for a batch: the configured default when it exists, otherwise a
 * quick pick with the most recently used hosts first. Never a silent
 * fallback to another host when the default is missing.
 */
export async function pickHost(hosts: readonly HostInfo[], state: vscode.Memento, options: { ask?: boolean } = {}): Promise<HostInfo | undefined> {
  const configured = options.ask ? '' : defaultHost();
  if (configured) {
    const host = hosts.find((h) => h.id === configured);
    if (host) return host;
    void vscode.window.showErrorMessage(
      `The default image host "${configured}" is not installed. Pick one of ${hosts.map((h) => h.id).join(', ')} in "imageHost.defaultHost".`,
    );
    return undefined;
  }
  const recent = state.get<string[]>(RECENT_KEY, []);
  const rank = (id: string) => {
    const i = recent.indexOf(id);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  const sorted = [...hosts].filter((h) => h.definition.kind === 'imageHost').sort((a, b) => rank(a.id) - rank(b.id) || a.name.localeCompare(b.name));
  const picked = await vscode.window.showQuickPick(
    sorted.map((h) => ({
      label: h.name,
      description: recent.includes(h.id) ? 'recently used' : h.builtin ? '' : 'user plugin',
      detail: h.definition.description,
      host: h,
    })),
    { title: 'Upload images to…', placeHolder: 'Choose an image host (set "imageHost.defaultHost" to skip this)' },
  );
  return picked?.host;
}

/** The host a paste or drop would use without asking: the default, else the most recently used; undefined when neither is known. */
export function preferredHost(hosts: readonly HostInfo[], state: vscode.Memento): HostInfo | undefined {
  const imageHosts = hosts.filter((h) => h.definition.kind === 'imageHost');
  const configured = defaultHost();
  if (configured) return imageHosts.find((h) => h.id === configured);
  for (const id of state.get<string[]>(RECENT_KEY, [])) {
    const host = imageHosts.find((h) => h.id === id);
    if (host) return host;
  }
  return undefined;
}

export async function rememberHost(state: vscode.Memento, hostId: string): Promise<void> {
  const recent = state.get<string[]>(RECENT_KEY, []).filter((id) => id !== hostId);
  await state.update(RECENT_KEY, [hostId, ...recent].slice(0, 10));
}
