import * as vscode from 'vscode';
import { errorDetail } from '../../core/errors';
import { assertNever, type HostInfo } from '../../worker/protocol';
import { parseWebviewMessage, SETTINGS_PROTOCOL_VERSION, type FromWebview, type HostEntry, type ToWebview } from '../../webview/settingsProtocol';
import { CONFIG_SECTION } from '../constants';
import { fetchHostOptions, hostStateMessage, saveHostSettings, testHostConnection, workspaceScopeAvailable, type HostSettingsDeps } from './hostSettingsActions';
import { createNonce, settingsHtml } from './settingsHtml';

/** The page may load only its own bundle and stylesheet. */
export function settingsWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}

const toEntry = (host: HostInfo): HostEntry => ({
  id: host.id,
  name: host.name,
  description: host.definition.description,
  builtin: host.builtin,
  fields: host.definition.settings ?? [],
});

/**
 * One Configure Hosts panel: serves the page, keeps it in step with the
 * loaded plugins, the settings and the secret store, and acts on the page's
 * validated requests.
 */
export class ConfigureHostsPanel implements vscode.Disposable {
  private hosts = new Map<string, HostInfo>();
  /** The host the page shows; its state is re-sent when its settings or secrets change elsewhere. */
  private shown: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: HostSettingsDeps,
  ) {
    const { webview } = panel;
    webview.options = settingsWebviewOptions(deps.extensionUri);
    const asUri = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, ...parts)).toString();
    webview.html = settingsHtml({ cspSource: webview.cspSource, nonce: createNonce(), scriptUri: asUri('dist', 'webview', 'settings.js'), styleUri: asUri('media', 'settings.css') });
    this.disposables.push(
      this.disposed,
      webview.onDidReceiveMessage((data: unknown) => void this.receive(data)),
      deps.runner.onDidLoadPlugins((loaded) => void this.post(this.hostsMessage(loaded.hosts))),
      deps.secrets.onDidChange((e) => e.hostId === this.shown && void this.sendHostState(e.hostId)),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${CONFIG_SECTION}.hosts`) && this.shown && void this.sendHostState(this.shown)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.sendHosts()),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  private post(message: ToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private hostsMessage(hosts: HostInfo[], error?: string): ToWebview {
    this.hosts = new Map(hosts.map((h) => [h.id, h]));
    return { type: 'hosts', hosts: hosts.map(toEntry), workspaceScope: workspaceScopeAvailable(), ...(error ? { error } : {}) };
  }

  private async sendHosts(): Promise<void> {
    const loaded = await this.deps.runner.plugins();
    await this.post(loaded.ok ? this.hostsMessage(loaded.value.hosts) : this.hostsMessage([], `The hosts could not be loaded: ${errorDetail(loaded.error)}`));
  }

  private async sendHostState(hostId: string): Promise<void> {
    const host = this.hosts.get(hostId);
    if (host) await this.post(await hostStateMessage(this.deps, host));
  }

  private async receive(data: unknown): Promise<void> {
    const parsed = parseWebviewMessage(data, (id) => (this.hosts.has(id) ? (this.hosts.get(id)!.definition.settings ?? []) : undefined));
    if (!parsed.ok) {
      this.deps.log.warn(`Configure Hosts ignored a message from its page: ${parsed.error}.`);
      return;
    }
    try {
      await this.handle(parsed.value);
    } catch (error) {
      this.deps.log.error(`Configure Hosts: ${String(error)}`);
    }
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (message.protocolVersion !== SETTINGS_PROTOCOL_VERSION) this.deps.log.warn(`Configure Hosts: the page speaks protocol ${message.protocolVersion}, not ${SETTINGS_PROTOCOL_VERSION}.`);
        return this.sendHosts();
      case 'selectHost':
        this.shown = message.hostId;
        return this.sendHostState(message.hostId);
      case 'save': {
        const host = this.hosts.get(message.hostId)!;
        await this.post({ type: 'saved', id: message.id, ...(await saveHostSettings(this.deps, host, message, message.scope)) });
        return this.sendHostState(host.id);
      }
      case 'testConnection':
        await this.post({ type: 'tested', id: message.id, ...(await testHostConnection(this.deps, this.hosts.get(message.hostId)!, message)) });
        return;
      case 'fetchOptions':
        await this.post({ type: 'options', id: message.id, key: message.key, ...(await fetchHostOptions(this.deps, this.hosts.get(message.hostId)!, message, message.key)) });
        return;
      default:
        assertNever(message);
    }
  }

  dispose(): void {
    if (this.disposables.length === 0) return;
    this.disposed.fire();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
