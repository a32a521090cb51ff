import * as vscode from 'vscode';
import { uploadError, type Result } from '../core/errors';
import type { BatchEvent } from '../core/engine/types';
import type { HostInfo, PluginsLoaded, RequestMap, RequestName } from '../worker/protocol';
import { RunnerClient } from '../worker/runnerClient';
import { networkOptions, networkSettingsKey, pluginDirectories } from './config';

/**
 * The extension's handle on the runner worker: starts it on first use,
 * keeps it configured from settings, and routes batch events to whoever
 * started the batch.
 */
export class RunnerService implements vscode.Disposable {
  private readonly client: RunnerClient;
  private loaded: Promise<Result<PluginsLoaded>> | undefined;
  /** The network settings (as written) the worker was configured with, to notice when they change. */
  private configuredWith = '';
  private readonly listeners = new Map<string, (event: BatchEvent) => void>();
  private readonly pluginsChanged = new vscode.EventEmitter<PluginsLoaded>();
  readonly onDidLoadPlugins = this.pluginsChanged.event;
  private readonly disposables: vscode.Disposable[] = [];
  private stopped = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.client = new RunnerClient({
      workerPath: vscode.Uri.joinPath(extensionUri, 'dist', 'runnerWorker.js').fsPath,
      onEvent: (event) => this.route(event),
      onCrash: (reason) => log.error(`The upload worker ${reason}; it will restart on the next upload.`),
    });
    // A change of the network settings is noticed by plugins() itself (networkSettingsKey).
    this.disposables.push(this.pluginsChanged);
  }

  /** Loads (once, or again after a settings change) and returns the hosts. */
  async plugins(): Promise<Result<PluginsLoaded>> {
    const key = networkSettingsKey();
    // Settings can arrive after activation (a remote window's machine settings); the worker must never
    // go on with network settings that are no longer the ones in force.
    if (this.loaded && key !== this.configuredWith) this.loaded = undefined;
    if (!this.loaded) {
      this.configuredWith = key;
      this.loaded = (async () => {
        const result = await this.client.call('configure', {
          network: await networkOptions(),
          builtinDir: vscode.Uri.joinPath(this.extensionUri, 'plugins').fsPath,
          userPluginDirs: pluginDirectories(),
        });
        if (result.ok) {
          this.report(result.value);
        } else {
          this.loaded = undefined;
        }
        return result;
      })();
    }
    return this.loaded;
  }

  /** Reads the plugin files again now (a file changed), and tells whoever listens. */
  async reloadPlugins(): Promise<Result<PluginsLoaded>> {
    const current = this.loaded && (await this.loaded);
    if (!current?.ok) {
      this.loaded = undefined;
      return this.plugins();
    }
    const result = await this.client.call('reloadPlugins', { userPluginDirs: pluginDirectories() });
    if (result.ok) {
      this.loaded = Promise.resolve(result);
      this.report(result.value);
    }
    return result;
  }

  private report(loaded: PluginsLoaded): void {
    for (const p of loaded.problems) this.log.warn(`Plugin ${p.file}${p.pointer ? ` at ${p.pointer}` : ''}: ${p.message}`);
    this.pluginsChanged.fire(loaded);
  }

  async host(hostId: string): Promise<Result<HostInfo>> {
    const loaded = await this.plugins();
    if (!loaded.ok) return loaded;
    const host = loaded.value.hosts.find((h) => h.id === hostId);
    return host ? { ok: true, value: host } : { ok: false, error: uploadError('configInvalid', `No host "${hostId}" is installed. Check "imageHost.defaultHost".`) };
  }

  async call<K extends RequestName>(name: K, payload: RequestMap[K][0]): Promise<Result<RequestMap[K][1]>> {
    const loaded = await this.plugins();
    if (!loaded.ok) return loaded;
    return this.client.call(name, payload);
  }

  /** Receives the events of one batch until the returned disposable is disposed. */
  listen(batchId: string, listener: (event: BatchEvent) => void): vscode.Disposable {
    this.listeners.set(batchId, listener);
    return new vscode.Disposable(() => this.listeners.delete(batchId));
  }

  private route(event: BatchEvent): void {
    if (event.type === 'log') {
      this.log[event.level](event.message);
      return;
    }
    this.listeners.get(event.batchId)?.(event);
  }

  /** True once shutdown has begun: a batch that ends now was interrupted, not finished. */
  get stopping(): boolean {
    return this.stopped;
  }

  /**
   * Stops the worker: nothing new is dispatched, in-flight requests are
   * aborted, every link that landed reaches its listener (and so the journal)
   * first, and the worker is terminated after 5 s at most.
   */
  shutdown(): Promise<void> {
    this.stopped = true;
    return this.client.dispose(5000);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    void this.shutdown();
  }
}
