import * as vscode from 'vscode';
import type { ConfigValues, NetworkOptions } from '../core/engine/types';
import type { Politeness } from '../core/plugin/types';
import { LINK_FORMATS, type LinkFormat } from '../core/links/formatLinks';
import { CONFIG_SECTION } from './constants';

/** Typed getters for the `imageHost.*` settings; one place knows their shape. */
function section(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
}

export function defaultHost(): string {
  return section().get<string>('defaultHost', '').trim();
}

export function hostSettings(hostId: string): ConfigValues {
  const all = section().get<Record<string, ConfigValues>>('hosts', {});
  return { ...(all[hostId] ?? {}) };
}

/** Replaces one host's entry at one level; an empty entry is removed, and an empty setting with it. */
export async function updateHostSettings(hostId: string, values: ConfigValues, target: vscode.ConfigurationTarget): Promise<void> {
  const inspected = section().inspect<Record<string, ConfigValues>>('hosts');
  const next = { ...((target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue) ?? {}) };
  if (Object.keys(values).length > 0) next[hostId] = values;
  else delete next[hostId];
  await section().update('hosts', Object.keys(next).length > 0 ? next : undefined, target);
}

/** Whether the workspace sets this host's values, so they win over the user's and a save belongs there. */
export function hostSettingsInWorkspace(hostId: string): boolean {
  const inspected = section().inspect<Record<string, ConfigValues>>('hosts');
  return inspected?.workspaceValue?.[hostId] !== undefined;
}

/** The user's override of one host's politeness; the engine checks the numbers. */
export function hostPoliteness(hostId: string): Politeness | undefined {
  const all = section().get<Record<string, Politeness>>('politeness', {});
  const own = all[hostId];
  return own && typeof own === 'object' ? { ...own } : undefined;
}

export function historyLimit(): number {
  return Math.max(1, Math.floor(section().get<number>('history.maxBatches', 200)));
}

export function concurrency(): number {
  return Math.max(1, Math.min(64, Math.floor(section().get<number>('concurrency', 4))));
}

export function pluginDirectories(): string[] {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return section()
    .get<string[]>('pluginDirectories', [])
    .map((dir) => dir.replace(/^~(?=$|\/)/, process.env.HOME ?? '~'))
    .map((dir) => (dir.startsWith('/') || /^[A-Za-z]:[\\/]/.test(dir) || folders.length === 0 ? dir : vscode.Uri.joinPath(folders[0].uri, dir).fsPath));
}

export interface LinkSettings {
  readonly format: LinkFormat | 'auto';
  readonly template: string;
  readonly perRow: number;
  readonly wrapper: string;
  readonly copyToClipboard: boolean;
}

export function linkSettings(scope?: vscode.ConfigurationScope): LinkSettings {
  const s = section(scope);
  const format = s.get<string>('linkFormat', 'auto');
  return {
    format: format === 'auto' || (LINK_FORMATS as readonly string[]).includes(format) ? (format as LinkFormat | 'auto') : 'auto',
    template: s.get<string>('linkTemplate', ''),
    perRow: Math.max(0, Math.floor(s.get<number>('linksPerRow', 1))),
    wrapper: s.get<string>('batchWrapper', ''),
    copyToClipboard: s.get<boolean>('copyToClipboard', false),
  };
}

export async function networkOptions(): Promise<NetworkOptions> {
  const s = section();
  const caFiles = s.get<string[]>('network.extraCaCertificates', []);
  const extraCaCerts = await Promise.all(
    caFiles.map(async (file) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)))),
  );
  const proxy = vscode.workspace.getConfiguration('http').get<string>('proxy', '') || undefined;
  return {
    connectTimeoutMs: s.get<number>('timeouts.connectSeconds', 30) * 1000,
    headersTimeoutMs: s.get<number>('timeouts.responseHeadersSeconds', 60) * 1000,
    bodyTimeoutMs: s.get<number>('timeouts.bodyIdleSeconds', 180) * 1000,
    proxy,
    resolve: s.get<string[]>('network.resolve', []),
    connectTo: s.get<string[]>('network.connectTo', []),
    extraCaCerts,
  };
}

/** Settings whose change means the worker must be reconfigured. */
/** The settings the worker is configured from. */
const NETWORK_SETTINGS = ['imageHost.timeouts', 'imageHost.network', 'imageHost.pluginDirectories', 'http.proxy'];

/**
 * The network settings as written (CA files by path), cheap to read on every
 * request: when this changes, the worker needs configuring again.
 */
export function networkSettingsKey(): string {
  return JSON.stringify(NETWORK_SETTINGS.map((name) => vscode.workspace.getConfiguration().get(name)));
}

