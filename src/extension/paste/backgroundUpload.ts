import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeError, fail, ok, type Result } from '../../core/errors';
import type { FileOutcome } from '../../core/engine/types';
import type { HostInfo } from '../../worker/protocol';
import { hostSettings } from '../config';
import { pickHost, preferredHost, rememberHost } from '../upload/hostPicker';
import { batchRequest, recordFinished, type UploadDeps } from '../upload/runUpload';

/** Which host: a given one, the preferred one (default or last used), or ask. */
export async function chooseHost(deps: UploadDeps, hostId: string | undefined, ask: boolean): Promise<HostInfo | undefined> {
  const loaded = await deps.runner.plugins();
  if (!loaded.ok) {
    void vscode.window.showErrorMessage(`Image hosts could not be loaded: ${describeError(loaded.error)}`);
    return undefined;
  }
  const hosts = loaded.value.hosts;
  if (ask) return pickHost(hosts, deps.state, { ask: true });
  return (hostId ? hosts.find((h) => h.id === hostId) : undefined) ?? preferredHost(hosts, deps.state) ?? pickHost(hosts, deps.state);
}

/**
 * Uploads files without inserting anything (the caller places the links):
 * a status-bar item while it runs, each finished link in the History view,
 * per-file outcomes in the given order.
 */
export async function uploadInBackground(deps: UploadDeps, host: HostInfo, paths: readonly string[], label: string): Promise<Result<FileOutcome[]>> {
  await rememberHost(deps.state, host.id);
  const batchId = randomUUID();
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 100);
  status.text = `$(cloud-upload) ${label} → ${host.name}`;
  status.show();
  try {
    const files = paths.map((p, i) => ({ id: String(i), path: p }));
    const result = await deps.runner.call('runBatch', { batch: await batchRequest(deps, host, batchId, files, hostSettings(host.id)) });
    if (!result.ok) return fail(result.error);
    const byId = new Map(result.value.outcomes.map((o) => [o.fileId, o]));
    const outcomes = paths.map((_, i) => byId.get(String(i))!);
    for (const o of outcomes) if (o.error) deps.log.warn(`${path.basename(o.path)}: ${describeError(o.error)}`);
    const finished = outcomes.filter((o) => o.links).map((o) => ({ path: o.path, links: o.links! }));
    if (finished.length) await recordFinished(deps, { id: batchId, hostId: host.id, hostName: host.name }, finished);
    return ok(outcomes);
  } finally {
    status.dispose();
  }
}
