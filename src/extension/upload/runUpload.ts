import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { BatchSummary, ConfigValues, FileOutcome, UploadLinks } from '../../core/engine/types';
import type { Journal } from '../../core/journal/journal';
import type { HistoryBatch } from '../../core/history/historyStore';
import { formatForLanguage, formatLinks, type LinkFormat } from '../../core/links/formatLinks';
import type { HostInfo } from '../../worker/protocol';
import { hostPoliteness, hostSettings, linkSettings, concurrency } from '../config';
import { Commands } from '../constants';
import type { RunnerService } from '../runnerService';
import type { SecretStore } from '../secretStore';
import { BatchProgress } from './batchProgress';
import { confirmSkipped } from './confirmSkipped';
import { pickHost, rememberHost } from './hostPicker';
import { InsertionTarget } from './insertionTarget';

export interface UploadDeps {
  readonly runner: RunnerService;
  readonly secrets: SecretStore;
  readonly log: vscode.LogOutputChannel;
  readonly state: vscode.Memento;
  /** Keeps a finished batch's links in the History view. */
  readonly recordHistory: (batch: HistoryBatch) => Promise<void>;
  /** Records the batch and each link the moment it lands, for recovery after a crash. */
  readonly journal: Journal;
}

export interface UploadOptions {
  /** Forces a link format instead of the document's. */
  readonly format?: LinkFormat;
  /** Reuse this host (Retry Failed) instead of asking. */
  readonly hostId?: string;
  /** Where links go; captured when the user started the batch. */
  readonly target?: InsertionTarget;
  /** The host settings to use (a resumed batch keeps its original ones). */
  readonly config?: ConfigValues;
  /** Links that finished before (a resumed batch), inserted with the new ones in original order. */
  readonly earlier?: readonly { path: string; links: UploadLinks }[];
  /** The order links are inserted in when it is not the order of `paths` (a resumed batch's original files). */
  readonly originalOrder?: readonly string[];
}

/** What a finished batch handed back, for callers and tests. */
export interface UploadReport {
  readonly hostId: string;
  readonly outcomes: FileOutcome[];
  readonly inserted: string;
}

function chooseFormat(options: UploadOptions, target: InsertionTarget | undefined): LinkFormat {
  if (options.format) return options.format;
  const configured = linkSettings(target?.document).format;
  if (configured !== 'auto') return configured;
  return (target && formatForLanguage(target.languageId)) ?? 'markdown';
}

async function resolveHost(deps: UploadDeps, hostId: string | undefined): Promise<HostInfo | undefined> {
  if (hostId) {
    const host = await deps.runner.host(hostId);
    if (host.ok) return host.value;
    void vscode.window.showErrorMessage(describeError(host.error));
    return undefined;
  }
  const loaded = await deps.runner.plugins();
  if (!loaded.ok) {
    void vscode.window.showErrorMessage(`Image hosts could not be loaded: ${describeError(loaded.error)}`);
    return undefined;
  }
  return pickHost(loaded.value.hosts, deps.state);
}

async function runWithProgress(deps: UploadDeps, host: HostInfo, files: { path: string; size: number }[], config: ConfigValues): Promise<BatchSummary | undefined> {
  const secretKeys = (host.definition.settings ?? []).filter((s) => s.type === 'secret').map((s) => s.key);
  const batchId = randomUUID();
  const batchFiles = files.map((f, i) => ({ id: String(i), path: f.path }));
  deps.journal.append({ t: 'batch', batchId, hostId: host.id, config, files: batchFiles, at: new Date().toISOString() });
  const progress = new BatchProgress(files.length, files.reduce((a, f) => a + f.size, 0));
  const sizes = new Map(files.map((f, i) => [String(i), f.size]));
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 100);
  status.command = Commands.showLog;
  status.text = `$(cloud-upload) ${host.name}: 0/${files.length}`;
  status.show();
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Uploading to ${host.name}`, cancellable: true },
      async (report, token) => {
        let reported = 0;
        const update = () => {
          const fraction = progress.fraction * 100;
          report.report({ message: progress.describe(), increment: fraction - reported });
          reported = fraction;
          status.text = `$(cloud-upload) ${host.name}: ${progress.doneFiles}/${files.length}`;
        };
        const listener = deps.runner.listen(batchId, (event) => {
          if (event.type === 'fileProgress') progress.fileProgress(event.fileId, event.sentBytes);
          else if (event.type === 'fileDone') {
            const { outcome } = event;
            if (outcome.links) deps.journal.append({ t: 'done', batchId, fileId: outcome.fileId, links: outcome.links });
            progress.fileDone(outcome.fileId, sizes.get(outcome.fileId) ?? 0, !!outcome.links);
            if (outcome.error) deps.log.warn(`${path.basename(outcome.path)}: ${describeError(outcome.error)}`);
          }
          update();
        });
        const cancel = token.onCancellationRequested(() => void deps.runner.call('cancelBatch', { batchId }));
        try {
          const result = await deps.runner.call('runBatch', {
            batch: {
              batchId,
              hostId: host.id,
              files: batchFiles,
              config,
              secrets: await deps.secrets.get(host.id, secretKeys),
              batchName: path.basename(path.dirname(files[0].path)),
              concurrency: concurrency(),
              politeness: hostPoliteness(host.id),
            },
          });
          if (!result.ok) {
            deps.log.error(`Batch to ${host.name} failed: ${describeError(result.error)}`);
            void vscode.window.showErrorMessage(describeError(result.error), 'Show Log').then((a) => a && deps.log.show());
            return undefined;
          }
          deps.journal.append({ t: 'end', batchId });
          return result.value;
        } finally {
          cancel.dispose();
          listener.dispose();
        }
      },
    );
  } finally {
    status.dispose();
  }
}

async function deliver(text: string, format: LinkFormat, target: InsertionTarget | undefined): Promise<void> {
  const inserted = target ? await target.insert(text) : false;
  if (!inserted) {
    const language = format.startsWith('markdown') ? 'markdown' : format.startsWith('bbcode') ? 'bbcode' : format === 'html' ? 'html' : 'plaintext';
    const document = await vscode.workspace.openTextDocument({ language, content: text });
    await vscode.window.showTextDocument(document, { preview: false });
  }
  if (linkSettings(target?.document).copyToClipboard) await vscode.env.clipboard.writeText(text);
}

function summarise(deps: UploadDeps, host: HostInfo, summary: BatchSummary, retry: (paths: string[]) => void): void {
  const failed = summary.outcomes.filter((o) => o.error && o.error.kind !== 'cancelled');
  const uploaded = summary.outcomes.filter((o) => o.links).length;
  const cancelled = summary.outcomes.filter((o) => o.error?.kind === 'cancelled').length;
  if (failed.length === 0) {
    const note = cancelled ? ` Cancelled: ${cancelled} not uploaded.` : '';
    void vscode.window.showInformationMessage(`Uploaded ${uploaded} image${uploaded === 1 ? '' : 's'} to ${host.name}.${note}`);
    return;
  }
  const reasons = [...new Set(failed.map((o) => describeError(o.error!)))].slice(0, 3).join(' ');
  const message = `${host.name}: ${uploaded} uploaded, ${failed.length} failed. ${reasons}`;
  void vscode.window.showWarningMessage(message, 'Retry Failed', 'Show Log').then((action) => {
    if (action === 'Retry Failed') retry(failed.map((o) => o.path));
    else if (action === 'Show Log') deps.log.show();
  });
}

/**
 * One batch from the user's point of view: pick the host, pre-flight the
 * files, upload with progress, insert the links as one edit where the user
 * was writing, and summarise with Retry Failed.
 */
export async function runUpload(deps: UploadDeps, paths: readonly string[], options: UploadOptions = {}): Promise<UploadReport | undefined> {
  const target = options.target ?? InsertionTarget.fromActiveEditor();
  try {
    const host = await resolveHost(deps, options.hostId);
    if (!host) return undefined;
    await rememberHost(deps.state, host.id);
    const checks = await deps.runner.call('inspectFiles', { hostId: host.id, paths: [...paths] });
    if (!checks.ok) {
      void vscode.window.showErrorMessage(describeError(checks.error));
      return undefined;
    }
    const usable = checks.value.filter((c) => !c.error);
    if (!(await confirmSkipped(host.name, checks.value))) return undefined;
    deps.log.info(`Uploading ${usable.length} file(s) to ${host.name}`);
    const config = options.config ?? hostSettings(host.id);
    const summary = await runWithProgress(deps, host, usable, config);
    if (!summary) return undefined;
    const format = chooseFormat(options, target);
    const settings = linkSettings(target?.document);
    const order = new Map((options.originalOrder ?? paths).map((p, i) => [p, i]));
    const done = [...(options.earlier ?? []), ...summary.outcomes.filter((o) => o.links).map((o) => ({ path: o.path, links: o.links! }))].sort(
      (a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0),
    );
    const text = done.length
      ? formatLinks(
          done.map((o) => ({ links: o.links, fileName: path.basename(o.path) })),
          { format, template: settings.template || undefined, perRow: settings.perRow, wrapper: settings.wrapper || undefined },
        )
      : '';
    if (text) await deliver(text, format, target);
    await deps.recordHistory({
      id: summary.batchId,
      hostId: host.id,
      hostName: host.name,
      finishedAt: new Date().toISOString(),
      files: done.map((o) => ({ name: path.basename(o.path), path: o.path, links: o.links })),
    });
    summarise(deps, host, summary, (failedPaths) => void runUpload(deps, failedPaths, { ...options, hostId: host.id, target, config, earlier: undefined, originalOrder: undefined }));
    return { hostId: host.id, outcomes: summary.outcomes, inserted: text };
  } finally {
    if (!options.target) target?.dispose();
  }
}
