/**
 * The engine as the worker and the CLI see it: the loaded plugins, one
 * HTTP client, per-host state, and the batches in flight (for cancelling).
 */
import { fail, ok, uploadError, type Result, type UploadError } from '../errors';
import { inspectFile } from '../files/inspectFile';
import { extractAll, extractValue } from '../extract';
import { createHttpClient, type HttpClient } from '../http';
import { loadPlugins } from '../plugin/loadPlugins';
import type { LoadedPlugin, PluginFile } from '../plugin/types';
import { createRedactor } from '../redact';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry';
import { runBatch } from './batchRunner';
import { postToForum } from './postRunner';
import { sessionFor } from './renewSession';
import { HostState } from './hostState';
import { DEFAULT_POLITENESS, resolvePoliteness } from './politeness';
import { resolveSettings } from './resolveSettings';
import { executeChain, type StepScope } from './stepExecutor';
import type { BatchEvent, BatchRequest, BatchSummary, ConfigValues, ForumPostOutcome, ForumPostRequest, NetworkOptions, SecretValues } from './types';

export interface EngineOptions {
  readonly network: NetworkOptions;
  readonly emit: (event: BatchEvent) => void;
  readonly retry?: RetryPolicy;
}

export interface PluginsSnapshot {
  readonly plugins: LoadedPlugin[];
  readonly problems: Awaited<ReturnType<typeof loadPlugins>>['problems'];
}

interface ActiveBatch {
  readonly controller: AbortController;
  readonly files: Map<string, AbortController>;
  /** Settles when the batch has reported its last file. */
  settled?: Promise<unknown>;
}

export class Engine {
  private readonly http: HttpClient;
  private plugins = new Map<string, LoadedPlugin>();
  private readonly hosts = new Map<string, HostState>();
  private readonly batches = new Map<string, ActiveBatch>();

  constructor(private readonly options: EngineOptions) {
    const n = options.network;
    this.http = createHttpClient({
      connectTimeoutMs: n.connectTimeoutMs,
      headersTimeoutMs: n.headersTimeoutMs,
      bodyTimeoutMs: n.bodyTimeoutMs,
      proxy: n.proxy,
      resolve: n.resolve ?? [],
      connectTo: n.connectTo ?? [],
      extraCaCerts: n.extraCaCerts ?? [],
    });
  }

  async loadPlugins(builtinDir: string, userDirs: readonly string[]): Promise<PluginsSnapshot> {
    const loaded = await loadPlugins({ builtinDir, userDirs: [...userDirs] });
    this.plugins = new Map(loaded.plugins.map((p) => [p.definition.id, p]));
    return loaded;
  }

  plugin(hostId: string): Result<PluginFile> {
    const found = this.plugins.get(hostId);
    if (!found) return fail(uploadError('configInvalid', `No host plugin with the id "${hostId}" is loaded.`));
    return ok(found.definition);
  }

  /** Pre-flight: checks every file against the host's limits without sending anything. */
  async inspectFiles(hostId: string, paths: readonly string[]): Promise<Result<{ path: string; size: number; error?: UploadError }[]>> {
    const plugin = this.plugin(hostId);
    if (!plugin.ok) return plugin;
    const checks = await Promise.all(
      paths.map(async (path) => {
        const info = await inspectFile(path, plugin.value.limits);
        return info.ok ? { path, size: info.value.size } : { path, size: 0, error: info.error };
      }),
    );
    return ok(checks);
  }

  async runBatch(request: BatchRequest): Promise<Result<BatchSummary>> {
    const plugin = this.plugin(request.hostId);
    if (!plugin.ok) return plugin;
    if (!plugin.value.upload) return fail(uploadError('configInvalid', `${plugin.value.name} is not an image host.`));
    const settings = resolveSettings(plugin.value, request.config, request.secrets);
    if (!settings.ok) return settings;
    const politeness = resolvePoliteness(plugin.value, request.politeness);
    if (!politeness.ok) return politeness;
    this.hostState(plugin.value).tune(politeness.value);
    const active: ActiveBatch = { controller: new AbortController(), files: new Map() };
    this.batches.set(request.batchId, active);
    try {
      const scope = this.scope(plugin.value, settings.value.config, settings.value.secrets, active.controller.signal);
      const running = runBatch(
        { ...request, secrets: settings.value.secrets },
        {
          plugin: plugin.value,
          scope,
          emit: this.options.emit,
          fileSignal: (fileId) => {
            const controller = new AbortController();
            active.files.set(fileId, controller);
            return AbortSignal.any([active.controller.signal, controller.signal]);
          },
        },
      );
      active.settled = running.catch(() => undefined);
      return ok(await running);
    } finally {
      this.batches.delete(request.batchId);
    }
  }

  /** Posts a message to a forum thread (a `kind: forum` plugin); `cancelBatch(postId)` stops it. */
  async postToForum(request: ForumPostRequest): Promise<Result<ForumPostOutcome>> {
    const plugin = this.plugin(request.forumId);
    if (!plugin.ok) return plugin;
    const settings = resolveSettings(plugin.value, request.config, request.secrets);
    if (!settings.ok) return settings;
    const active: ActiveBatch = { controller: new AbortController(), files: new Map() };
    this.batches.set(request.postId, active);
    try {
      const running = postToForum(request, plugin.value, this.scope(plugin.value, settings.value.config, settings.value.secrets, active.controller.signal));
      active.settled = running.catch(() => undefined);
      return await running;
    } finally {
      this.batches.delete(request.postId);
    }
  }

  cancelBatch(batchId: string): void {
    this.batches.get(batchId)?.controller.abort();
  }

  cancelFile(batchId: string, fileId: string): void {
    this.batches.get(batchId)?.files.get(fileId)?.abort();
  }

  /** Runs the host's login chain (or its test steps) and reports what happened. */
  async testConnection(hostId: string, config: ConfigValues, secrets: SecretValues): Promise<Result<string>> {
    const plugin = this.plugin(hostId);
    if (!plugin.ok) return plugin;
    const settings = resolveSettings(plugin.value, config, secrets);
    if (!settings.ok) return settings;
    const steps = plugin.value.testConnection ?? plugin.value.session?.steps ?? [];
    if (steps.length === 0) return ok(`${plugin.value.name} needs no login; nothing to test.`);
    const scope = this.scope(plugin.value, settings.value.config, settings.value.secrets, AbortSignal.timeout(60_000));
    const result = await executeChain(steps, scope, {});
    return result.ok ? ok(`Connected to ${plugin.value.name}.`) : result;
  }

  /** Fetches a dropdown's options from the host (e.g. the user's galleries). */
  async fetchOptions(hostId: string, settingKey: string, config: ConfigValues, secrets: SecretValues): Promise<Result<{ value: string; label: string }[]>> {
    const plugin = this.plugin(hostId);
    if (!plugin.ok) return plugin;
    const field = plugin.value.settings?.find((f) => f.key === settingKey);
    if (!field?.optionsFrom) return fail(uploadError('configInvalid', `${plugin.value.name} has no host-provided options for "${settingKey}".`));
    const settings = resolveSettings(plugin.value, config, secrets);
    if (!settings.ok) return settings;
    const scope = this.scope(plugin.value, settings.value.config, settings.value.secrets, AbortSignal.timeout(60_000));
    // The same login (and cached session) an upload with these settings would use.
    const session = await sessionFor(plugin.value, scope).session();
    if (!session.ok) return session;
    const { steps, items, value, label } = field.optionsFrom;
    let lastView: Parameters<typeof extractAll>[1] | undefined;
    const result = await executeChain(steps, { ...scope, onResponse: (view) => (lastView = view) }, session.value);
    if (!result.ok) return result;
    if (!lastView) return ok([]);
    const found = extractAll(items, lastView);
    if (!found.ok) return found;
    const options: { value: string; label: string }[] = [];
    for (const html of found.value) {
      const itemView = { status: 200, headers: {}, url: lastView.url, body: html };
      const v = extractValue(value, itemView);
      const l = extractValue(label, itemView);
      if (v.ok && v.value) options.push({ value: v.value, label: l.ok && l.value ? l.value : v.value });
    }
    return ok(options);
  }

  /**
   * Cancels every batch and waits until each has reported its files (what
   * finished is posted before the worker ends), then closes the connections.
   */
  async close(): Promise<void> {
    const running = [...this.batches.values()];
    for (const batch of running) batch.controller.abort();
    await Promise.all(running.map((batch) => batch.settled));
    await this.http.close();
  }

  private hostState(plugin: PluginFile): HostState {
    let state = this.hosts.get(plugin.id);
    if (!state) {
      state = new HostState({ ...DEFAULT_POLITENESS, ...plugin.politeness });
      this.hosts.set(plugin.id, state);
    }
    return state;
  }

  private scope(plugin: PluginFile, config: ConfigValues, secrets: SecretValues, signal: AbortSignal): StepScope {
    const redact = createRedactor(Object.values(secrets));
    return {
      http: this.http,
      host: this.hostState(plugin),
      retry: this.options.retry ?? DEFAULT_RETRY_POLICY,
      signal,
      redact,
      base: { config, secret: secrets, maps: plugin.maps ?? {} },
      log: (level, message) => this.options.emit({ type: 'log', level, message: redact(message) }),
    };
  }
}
