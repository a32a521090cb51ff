import * as vscode from 'vscode';
import { registerNewHostPlugin } from './commands/newHostPlugin';
import { registerConfigureHosts } from './commands/configureHosts';
import { registerSetHostSecret } from './commands/setHostSecret';
import { registerUploadLocalImages } from './commands/uploadLocalImages';
import { registerShowLog } from './commands/showLog';
import { registerUploadImages, uploadUris } from './commands/uploadImages';
import { OUTPUT_CHANNEL_NAME } from './constants';
import { HistoryStore, type HistoryBatch } from '../core/history/historyStore';
import { PostQueue } from '../core/forum/postQueue';
import { Journal } from '../core/journal/journal';
import { historyLimit } from './config';
import { InsertionTarget } from './upload/insertionTarget';
import { offerResume } from './upload/resumeInterrupted';
import { registerHistoryView } from './history/historyView';
import { PluginDiagnostics } from './plugins/pluginDiagnostics';
import { watchPluginDirectories } from './plugins/pluginWatcher';
import { registerForumQueue, offerQueuedPosts } from './forum/forumQueue';
import { registerPostDocument } from './forum/postDocument';
import { PostPreview } from './forum/postPreview';
import { registerFailedMarkerActions } from './paste/failedMarkerActions';
import { registerPasteDropProviders } from './paste/pasteDropProviders';
import { PlaceholderUploads } from './paste/placeholderUploads';
import { RunnerService } from './runnerService';
import { SecretStore } from './secretStore';
import type { UploadReport } from './upload/runUpload';

/** What other extensions (and the integration tests) can reach. */
export interface ImageHostApi {
  readonly version: string;
  /** Uploads files or folders like the Explorer command, with the same UI. */
  uploadFiles(paths: readonly string[]): Promise<UploadReport | undefined>;
  /** The ids of the hosts currently loaded. */
  hostIds(): Promise<string[]>;
}

let runner: RunnerService | undefined;

export function activate(context: vscode.ExtensionContext): ImageHostApi {
  try {
    const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
    const secrets = new SecretStore(context.secrets);
    runner = new RunnerService(context.extensionUri, log);
    const history = new HistoryStore(vscode.Uri.joinPath(context.globalStorageUri, 'history.json').fsPath, historyLimit);
    const historyView = registerHistoryView(history);
    const recordHistory = async (batch: HistoryBatch) => {
      await history.add(batch);
      historyView.refresh();
    };
    const journal = new Journal(vscode.Uri.joinPath(context.globalStorageUri, 'journal.jsonl').fsPath);
    const deps = { runner, secrets, log, state: context.globalState, recordHistory, journal };
    context.subscriptions.push(log, secrets, runner, historyView.disposable, InsertionTarget.trackLastEditor(), registerShowLog(log), registerUploadImages(deps), registerSetHostSecret(runner, secrets), registerConfigureHosts({ runner, secrets, log, extensionUri: context.extensionUri }));
    const diagnostics = new PluginDiagnostics();
    context.subscriptions.push(diagnostics, runner.onDidLoadPlugins((loaded) => diagnostics.show(loaded.problems)), watchPluginDirectories(runner), registerNewHostPlugin());
    const forumDeps = { runner, secrets, log, queue: new PostQueue(vscode.Uri.joinPath(context.globalStorageUri, 'forum-posts.json').fsPath), workspaceState: context.workspaceState };
    const postPreview = new PostPreview();
    context.subscriptions.push(postPreview, registerPostDocument(forumDeps, postPreview), registerForumQueue(forumDeps));
    void offerQueuedPosts(forumDeps);
    const placeholderUploads = new PlaceholderUploads(deps, context.workspaceState, context.globalStorageUri.fsPath);
    context.subscriptions.push(registerPasteDropProviders(runner, context.globalState, placeholderUploads), registerFailedMarkerActions(placeholderUploads), registerUploadLocalImages(deps));
    void placeholderUploads.recoverInterrupted();
    const resumeWatch = new vscode.CancellationTokenSource();
    context.subscriptions.push(new vscode.Disposable(() => resumeWatch.cancel()), resumeWatch);
    void journal.ensureDir().then(() => offerResume(deps, resumeWatch.token));
    const version = String(context.extension.packageJSON.version);
    log.info(`Image Host Uploader ${version} activated`);
    const service = runner;
    return {
      version,
      uploadFiles: (paths) => uploadUris(deps, paths.map((p) => vscode.Uri.file(p))),
      hostIds: async () => {
        const loaded = await service.plugins();
        return loaded.ok ? loaded.value.hosts.map((h) => h.id) : [];
      },
    };
  } catch (error) {
    void vscode.window.showErrorMessage(`Image Host Uploader failed to start: ${String(error)}`);
    throw error;
  }
}

/** Lets the worker finish cleanly (within 5 s) before VS Code moves on. */
export async function deactivate(): Promise<void> {
  await runner?.shutdown();
  runner = undefined;
}
