import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileCheck } from '../../worker/protocol';

/**
 * Shows what the pre-flight will skip and why, before anything is sent.
 * Returns whether to go on with the rest.
 */
export async function confirmSkipped(hostName: string, checks: readonly FileCheck[]): Promise<boolean> {
  const skipped = checks.filter((c) => c.error);
  if (skipped.length === 0) return true;
  const lines = skipped.slice(0, 20).map((c) => `• ${path.basename(c.path)}: ${c.error!.message}`);
  if (skipped.length > 20) lines.push(`…and ${skipped.length - 20} more (see the log).`);
  const usable = checks.length - skipped.length;
  if (usable === 0) {
    void vscode.window.showErrorMessage(`None of the files can be uploaded to ${hostName}.`, { modal: true, detail: lines.join('\n') });
    return false;
  }
  const go = `Upload the other ${usable}`;
  const answer = await vscode.window.showWarningMessage(
    `${skipped.length} of ${checks.length} files cannot be uploaded to ${hostName} and will be skipped.`,
    { modal: true, detail: lines.join('\n') },
    go,
  );
  return answer === go;
}
