import * as vscode from 'vscode';
import { errorDetail } from '../../core/errors';
import type { ConfigValues } from '../../core/engine/types';
import type { HostInfo } from '../../worker/protocol';
import type { FormState, SettingsScope, ToWebview } from '../../webview/settingsProtocol';
import { hostSettings, hostSettingsInWorkspace, updateHostSettings } from '../config';
import type { RunnerService } from '../runnerService';
import type { SecretStore } from '../secretStore';
import { secretKeys } from '../../core/plugin/secretKeys';
import { formProblems, secretsForRun, valuesToStore } from './formValues';

export interface HostSettingsDeps {
  readonly runner: RunnerService;
  readonly secrets: SecretStore;
  readonly log: vscode.LogOutputChannel;
  readonly extensionUri: vscode.Uri;
}

export interface Outcome {
  readonly ok: boolean;
  readonly message: string;
}

const fieldsOf = (host: HostInfo) => host.definition.settings ?? [];

/** Workspace settings only make sense with a folder open, and an untrusted workspace cannot set hosts. */
export const workspaceScopeAvailable = () => (vscode.workspace.workspaceFolders?.length ?? 0) > 0 && vscode.workspace.isTrusted;

/** What the form shows for a host: saved values and which secrets are stored, never a secret itself. */
export async function hostStateMessage(deps: HostSettingsDeps, host: HostInfo): Promise<Extract<ToWebview, { type: 'hostState' }>> {
  const saved = hostSettings(host.id);
  const values: ConfigValues = {};
  for (const field of fieldsOf(host)) if (field.type !== 'secret' && saved[field.key] !== undefined) values[field.key] = saved[field.key];
  const storedSecrets: string[] = [];
  for (const key of secretKeys(fieldsOf(host))) if (await deps.secrets.has(host.id, key)) storedSecrets.push(key);
  const scope: SettingsScope = workspaceScopeAvailable() && hostSettingsInWorkspace(host.id) ? 'workspace' : 'user';
  return { type: 'hostState', hostId: host.id, values, storedSecrets, scope };
}

/** Non-secret values to configuration, secrets to SecretStorage; nothing is written if any value is invalid. */
export async function saveHostSettings(deps: HostSettingsDeps, host: HostInfo, form: FormState, scope: SettingsScope): Promise<Outcome> {
  const problems = formProblems(fieldsOf(host), form.values);
  if (problems.length > 0) return { ok: false, message: `Not saved: ${problems.join(' ')}` };
  if (scope === 'workspace' && !workspaceScopeAvailable()) return { ok: false, message: 'Not saved: workspace settings need an open, trusted workspace.' };
  try {
    const target = scope === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await updateHostSettings(host.id, valuesToStore(fieldsOf(host), form.values), target);
    for (const [key, edit] of Object.entries(form.secrets)) {
      if (edit.action === 'replace') await deps.secrets.set(host.id, key, edit.value);
      else await deps.secrets.clear(host.id, key);
    }
  } catch (error) {
    deps.log.error(`Saving the settings of ${host.id} failed: ${String(error)}`);
    return { ok: false, message: `Not saved: ${error instanceof Error ? error.message : String(error)}` };
  }
  deps.log.info(`Saved the settings of ${host.id} (${scope}); secrets changed: ${Object.keys(form.secrets).join(', ') || 'none'}.`);
  return { ok: true, message: `Saved to ${scope === 'workspace' ? 'this workspace' : 'your user settings'}.` };
}

async function runInputs(deps: HostSettingsDeps, host: HostInfo, form: FormState) {
  const stored = await deps.secrets.get(host.id, secretKeys(fieldsOf(host)));
  return { hostId: host.id, config: valuesToStore(fieldsOf(host), form.values), secrets: secretsForRun(stored, form.secrets) };
}

/** Runs the host's login chain (or its test steps) with the form as it is now, saved or not. */
export async function testHostConnection(deps: HostSettingsDeps, host: HostInfo, form: FormState): Promise<Outcome> {
  const result = await deps.runner.call('testConnection', await runInputs(deps, host, form));
  return result.ok ? { ok: true, message: result.value } : { ok: false, message: errorDetail(result.error) };
}

/** Asks the host for a dropdown's choices (e.g. the user's galleries), logging in with the form's credentials. */
export async function fetchHostOptions(deps: HostSettingsDeps, host: HostInfo, form: FormState, key: string): Promise<Outcome & { options: { value: string; label: string }[] }> {
  const result = await deps.runner.call('fetchOptions', { ...(await runInputs(deps, host, form)), settingKey: key });
  if (!result.ok) return { ok: false, message: errorDetail(result.error), options: [] };
  const count = result.value.length;
  return { ok: true, message: count === 0 ? 'The host offered no choices.' : `${count} choice${count === 1 ? '' : 's'} loaded from the host.`, options: result.value };
}
