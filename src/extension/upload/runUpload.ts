import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { BatchRequest, BatchSummary, ConfigValues, FileOutcome } from '../../core/engine/types';
import { finishedFiles, type InterruptedBatch, type Journal } from '../../core/journal/journal';
import type { HistoryBatch } from '../../core/history/historyStore';
import type { LinkFormat } from '../../core/links/formatLinks';
import { secretKeys } from '../../core/plugin/secretKeys';
import type { HostInfo } from '../../worker/protocol';
import { hostPoliteness, hostSettings, concurrency } from '../config';
import { Commands } from '../constants';
import type { RunnerService } from '../runnerService';
import type { SecretStore } from '../secretStore';
import { BatchProgress } from './batchProgress';
import { confirmSkipped } from './confirmSkipped';
import { deliverLinks, type FinishedFile } from './deliverLinks';
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
  /** The host settings to use (Retry Failed keeps the batch's). */
  readonly config?: ConfigValues;
  /**
   * An interrupted batch from the journal: its remaining files go on under
   * the same journal record, to the same host with the same settings, and its
   * finished links are inserted with the new ones in the original order.
   */
  readonly resume?: InterruptedBatch;
}

/** What a finished batch handed back, for callers and tests. */
export interface UploadReport {
  readonly hostId: string;
  readonly outcomes: FileOutcome[];
  readonly inserted: string;
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

/** Keeps finished files' links in the History view. */
export function recordFinished(deps: UploadDeps, batch: Pick<HistoryBatch, 'id' | 'hostId' | 'hostName'>, files: readonly FinishedFile[]): Promise<void> {
  return deps.recordHistory({ ...batch, finishedAt: new Date().toISOString(), files: files.map((f) => ({ name: path.basename(f.path), path: f.path, links: f.links })) });
}

/** A batch as the journal knows it: its id and each file's id, path and size. */
interface JournalledBatch {
  readonly batchId: string;
  readonly files: { id: string; path: string; size: number }[];
}

/**
 * Records a new batch before its first request; a resumed batch goes on
 * under its original record and file ids, so a second interruption still
 * knows every link that landed.
 */
function journalBatch(journal: Journal, hostId: string, config: ConfigValues, files: readonly { path: string; size: number }[], resume?: InterruptedBatch): JournalledBatch {
  if (resume) {
    const ids = new Map(resume.files.map((f) => [f.path, f.id]));
    journal.append({ t: 'owner', batchId: resume.batchId, pid: process.pid });
    return { batchId: resume.batchId, files: files.map((f) => ({ ...f, id: ids.get(f.path)! })) };
  }
  const batch = { batchId: randomUUID(), files: files.map((f, i) => ({ ...f, id: String(i) })) };
  journal.append({ t: 'batch', batchId: batch.batchId, hostId, config, files: batch.files.map(({ id, path }) => ({ id, path })), at: new Date().toISOString(), pid: process.pid });
  return batch;
}

/** The worker's request for a batch to a host: the user's settings for it, its stored secrets, its limits. */
export async function batchRequest(deps: Pick<UploadDeps, 'secrets'>, host: HostInfo, batchId: string, files: readonly { id: string; path: string }[], config: ConfigValues): Promise<BatchRequest> {
  return {
    batchId,
    hostId: host.id,
    files: files.map(({ id, path }) => ({ id, path })),
    config,
    secrets: await deps.secrets.get(host.id, secretKeys(host.definition.settings)),
    batchName: path.basename(path.dirname(files[0]?.path ?? '')),
    concurrency: concurrency(),
    politeness: hostPoliteness(host.id),
  };
}

async function runWithProgress(deps: UploadDeps, host: HostInfo, { batchId, files }: JournalledBatch, config: ConfigValues): Promise<BatchSummary | undefined> {
  const progress = new BatchProgress(files.length, files.reduce((a, f) => a + f.size, 0));
  const sizes = new Map(files.map((f) => [f.id, f.size]));
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
          const result = await deps.runner.call('runBatch', { batch: await batchRequest(deps, host, batchId, files, config) });
          // Shutting down (window closing, extension host stopping): the batch stays open in the
          // journal with every link that landed, and is offered for Resume on the next start.
          if (deps.runner.stopping) {
            deps.log.info(`The upload to ${host.name} was interrupted by shutdown; it will be offered for Resume.`);
            return undefined;
          }
          if (!result.ok) {
            // A crashed worker leaves the batch open too; anything else failed before uploading.
            if (result.error.kind !== 'workerCrashed') deps.journal.append({ t: 'end', batchId });
            deps.log.error(`Batch to ${host.name} failed: ${describeError(result.error)}`);
            void vscode.window.showErrorMessage(describeError(result.error), 'Show Log').then((a) => a && deps.log.show());
            return undefined;
          }
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
  const { resume } = options;
  const target = options.target ?? InsertionTarget.fromActiveEditor();
  try {
    const host = await resolveHost(deps, resume?.hostId ?? options.hostId);
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
    const config = resume?.config ?? options.config ?? hostSettings(host.id);
    const batch = journalBatch(deps.journal, host.id, config, usable, resume);
    const summary = await runWithProgress(deps, host, batch, config);
    if (!summary) return undefined;
    const order = new Map((resume?.files.map((f) => f.path) ?? paths).map((p, i) => [p, i]));
    const done = [...(resume ? finishedFiles(resume) : []), ...summary.outcomes.filter((o) => o.links).map((o) => ({ path: o.path, links: o.links! }))].sort(
      (a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0),
    );
    const text = await deliverLinks(done, target, options.format);
    await recordFinished(deps, { id: summary.batchId, hostId: host.id, hostName: host.name }, done);
    // Only now, with the links delivered and in History, is the batch done for the journal.
    deps.journal.append({ t: 'end', batchId: batch.batchId });
    summarise(deps, host, summary, (failedPaths) => void runUpload(deps, failedPaths, { ...options, hostId: host.id, target, config, resume: undefined }));
    return { hostId: host.id, outcomes: summary.outcomes, inserted: text };
  } finally {
    if (!options.target) target?.dispose();
  }
}
