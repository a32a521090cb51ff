import * as vscode from 'vscode';
import { finishedFiles, runningElsewhere, type InterruptedBatch } from '../../core/journal/journal';
import { deliverLinks } from './deliverLinks';
import { InsertionTarget } from './insertionTarget';
import { recordFinished, runUpload, type UploadDeps } from './runUpload';

/**
 * After a crash, a killed window or a shutdown mid-batch, offers each
 * interrupted batch from the journal: resume the remaining files (same host,
 * same settings; the links that had landed are inserted with the new ones),
 * insert the links that had already landed, or discard it. A batch whose
 * offer is dismissed stays in the journal for the next start.
 */
export async function offerResume(deps: UploadDeps, token?: vscode.CancellationToken): Promise<void> {
  try {
    const { interrupted, skippedLines } = await deps.journal.read();
    if (skippedLines > 0) deps.log.warn(`The upload journal had ${skippedLines} unreadable line(s); they were skipped.`);
    // Another window shares the journal: its running batches are not ours to offer or compact.
    const elsewhere = interrupted.filter((b) => runningElsewhere(b));
    if (elsewhere.length === 0) await deps.journal.compact();
    for (const batch of interrupted) if (!elsewhere.includes(batch)) void offerOne(deps, batch);
    // The previous extension host of a reloaded window may still be shutting down (up to 5 s):
    // watch such batches a while, and offer each once its owner has gone.
    let waiting = elsewhere;
    for (let i = 0; i < RECHECKS && waiting.length > 0 && !token?.isCancellationRequested; i++) {
      await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
      const gone = waiting.filter((b) => !runningElsewhere(b));
      waiting = waiting.filter((b) => !gone.includes(b));
      if (!token?.isCancellationRequested) for (const batch of gone) void offerOne(deps, batch);
    }
  } catch (error) {
    deps.log.warn(`The upload journal could not be read: ${String(error)}`);
  }
}

const RECHECK_MS = 1000;
const RECHECKS = 30;

async function offerOne(deps: UploadDeps, batch: InterruptedBatch): Promise<void> {
  const finished = finishedFiles(batch);
  const message = `An upload of ${batch.files.length} image(s) to ${batch.hostId} was interrupted: ${finished.length} finished, ${batch.remaining.length} not.`;
  const actions = [...(batch.remaining.length ? ['Resume'] : []), ...(finished.length ? ['Insert Finished Links'] : []), 'Discard'];
  const action = await vscode.window.showWarningMessage(message, ...actions);
  if (action === 'Resume') {
    await runUpload(deps, batch.remaining.map((f) => f.path), { resume: batch });
  } else if (action === 'Insert Finished Links') {
    const target = InsertionTarget.fromActiveEditor();
    try {
      await deliverLinks(finished, target);
    } finally {
      target?.dispose();
    }
    await recordFinished(deps, { id: batch.batchId, hostId: batch.hostId, hostName: batch.hostId }, finished);
    deps.journal.append({ t: 'end', batchId: batch.batchId });
  } else if (action === 'Discard') {
    deps.journal.append({ t: 'end', batchId: batch.batchId });
  }
}
