import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { Commands } from '../constants';
import type { RunnerService } from '../runnerService';
import type { SecretStore } from '../secretStore';

/**
 * Stores or clears a host's secret (API key, password) in VS Code's secret
 * storage: pick the host, pick the field, type the value in a password box.
 * The value is never shown back; only whether one is stored.
 */
export function registerSetHostSecret(runner: RunnerService, secrets: SecretStore): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.setHostSecret, async () => {
    const loaded = await runner.plugins();
    if (!loaded.ok) {
      void vscode.window.showErrorMessage(describeError(loaded.error));
      return;
    }
    const withSecrets = loaded.value.hosts.filter((h) => h.definition.settings?.some((s) => s.type === 'secret'));
    if (withSecrets.length === 0) {
      void vscode.window.showInformationMessage('No installed host needs a secret.');
      return;
    }
    const host = await vscode.window.showQuickPick(
      withSecrets.map((h) => ({ label: h.name, description: h.id, host: h })),
      { title: 'Set a host secret', placeHolder: 'Which host?' },
    );
    if (!host) return;
    const fields = host.host.definition.settings!.filter((s) => s.type === 'secret');
    const items = await Promise.all(
      fields.map(async (f) => ({ label: f.label, description: (await secrets.has(host.host.id, f.key)) ? 'stored' : 'not set', detail: f.help, field: f })),
    );
    const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: `${host.label}: which secret?` });
    if (!picked) return;
    const stored = picked.description === 'stored';
    if (stored) {
      const action = await vscode.window.showQuickPick(['Replace', 'Clear'], { title: `${host.label}: ${picked.label} is stored` });
      if (action === 'Clear') {
        await secrets.clear(host.host.id, picked.field.key);
        void vscode.window.showInformationMessage(`${host.label}: ${picked.label} cleared.`);
        return;
      }
      if (action !== 'Replace') return;
    }
    const value = await vscode.window.showInputBox({
      title: `${host.label}: ${picked.label}`,
      prompt: picked.field.help ?? 'Kept in VS Code\'s secret storage, never in settings or logs.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.length === 0 ? 'Enter a value, or press Escape to cancel.' : undefined),
    });
    if (!value) return;
    await secrets.set(host.host.id, picked.field.key, value);
    void vscode.window.showInformationMessage(`${host.label}: ${picked.label} stored.`);
  });
}
