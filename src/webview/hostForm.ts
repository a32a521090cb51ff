/**
 * The form for one host, generated from its plugin's `settings`: a control
 * per field, where to save (user or workspace), Save and Test connection,
 * and a status line that reads out results.
 */
import type { VscodeRadio } from '@vscode-elements/elements/dist/vscode-radio/vscode-radio.js';
import type { ConfigValues } from '../core/engine/types';
import type { SettingOption } from '../core/plugin/types';
import { h, setMessage } from './dom';
import { createFieldControl, type DropdownControl, type FieldControl } from './fieldControls';
import { createSecretControl, type SecretControl } from './secretControl';
import type { HostEntry, SecretEdits, SettingsScope, ToWebview } from './settingsProtocol';

export interface FormActions {
  /** A non-secret value changed (for keeping a draft across the panel being hidden). */
  onInput(values: ConfigValues): void;
  save(values: ConfigValues, secrets: SecretEdits, scope: SettingsScope): void;
  test(values: ConfigValues, secrets: SecretEdits): void;
  loadOptions(key: string, values: ConfigValues, secrets: SecretEdits): void;
}

export interface HostFormOptions {
  readonly host: HostEntry;
  readonly state: HostState;
  /** Unsaved values from before the panel was hidden or re-rendered. */
  readonly draft: ConfigValues | undefined;
  /** Whether "This workspace" can be offered (a trusted folder is open). */
  readonly workspaceScope: boolean;
  /** The page's status line; it outlives re-rendered forms. */
  readonly status: HTMLElement;
  /** Choices already loaded from the host for a dropdown. */
  readonly loadedOptions: (key: string) => readonly SettingOption[] | undefined;
  readonly actions: FormActions;
}

export interface HostForm {
  readonly element: HTMLElement;
  /** The outcome of Save or Test connection. */
  showResult(ok: boolean, message: string): void;
  showOptions(key: string, ok: boolean, message: string, options: readonly SettingOption[]): void;
}

type HostState = Extract<ToWebview, { type: 'hostState' }>;

function scopeChooser(initial: SettingsScope): { element: HTMLElement; value: () => SettingsScope } {
  const radio = (value: SettingsScope, label: string) => h('vscode-radio', { name: 'scope', value, label, checked: value === initial }) as VscodeRadio;
  const workspace = radio('workspace', 'This workspace');
  const group = h('vscode-radio-group', { id: 'scope' }, radio('user', 'User settings'), workspace);
  const help = h('vscode-form-helper', {}, h('p', {}, "Secrets always go to VS Code's secret storage, never to a settings file."));
  const element = h('vscode-form-group', { variant: 'vertical' }, h('vscode-label', { for: 'scope' }, 'Save non-secret settings to'), group, help);
  return { element, value: () => (workspace.checked ? 'workspace' : 'user') };
}

const isSecret = (c: FieldControl | SecretControl): c is SecretControl => 'edit' in c;

export function createHostForm({ host, state, draft, workspaceScope, status, loadedOptions, actions }: HostFormOptions): HostForm {
  const dropdowns = new Map<string, DropdownControl>();
  const controls = host.fields.map((field, i): FieldControl | SecretControl => {
    const ctx = {
      id: `field-${i}`,
      onInput: () => actions.onInput(values()),
      onLoadOptions: (c: DropdownControl) => {
        if (!readyToSend(c.loadStatus)) return;
        setMessage(c.loadStatus, 'Asking the host…', 'busy');
        actions.loadOptions(c.field.key, values(), edits());
      },
    };
    if (field.type === 'secret') return createSecretControl(field, state.storedSecrets.includes(field.key), ctx);
    const initial = draft?.[field.key] ?? state.values[field.key] ?? field.default ?? (field.type === 'checkbox' ? false : '');
    const control = createFieldControl(field, initial, { ...ctx, options: loadedOptions(field.key) });
    if ('setOptions' in control) dropdowns.set(field.key, control as DropdownControl);
    return control;
  });
  function values(): ConfigValues {
    return Object.fromEntries(controls.flatMap((c) => (isSecret(c) ? [] : [[c.field.key, c.value()]])));
  }
  function edits(): SecretEdits {
    return Object.fromEntries(controls.flatMap((c) => (isSecret(c) && c.edit() ? [[c.field.key, c.edit()!]] : [])));
  }
  /** Shows every problem; values the engine would refuse are never sent, and the first one gets the focus. */
  function readyToSend(line: HTMLElement): boolean {
    const blocking = controls.filter((c) => c.validate()?.blocksSave);
    if (blocking.length === 0) return true;
    blocking[0].focus();
    setMessage(line, 'Fix the highlighted value first.', 'error');
    return false;
  }

  const scope = workspaceScope ? scopeChooser(state.scope) : undefined;
  const save = h('vscode-button', { id: 'save' }, 'Save');
  const test = h('vscode-button', { id: 'test-connection', secondary: true }, 'Test connection');
  save.addEventListener('click', () => {
    if (!readyToSend(status)) return;
    setMessage(status, 'Saving…', 'busy');
    actions.save(values(), edits(), scope?.value() ?? 'user');
  });
  test.addEventListener('click', () => {
    if (!readyToSend(status)) return;
    setMessage(status, `Connecting to ${host.name}…`, 'busy');
    actions.test(values(), edits());
  });

  const intro = [
    h('h1', { id: 'host-title' }, host.name),
    h('p', { class: 'host-meta' }, `${host.id} · ${host.builtin ? 'built-in' : 'your plugin'}`),
    host.description ? h('p', { class: 'host-description' }, host.description) : undefined,
  ];
  const body = controls.length > 0 ? controls.map((c) => c.element) : [h('p', {}, `${host.name} has no settings.`)];
  const form = h('form', { 'aria-labelledby': 'host-title', novalidate: true }, ...body, scope?.element, h('div', { class: 'actions' }, save, test));
  form.addEventListener('submit', (e) => e.preventDefault());
  for (const c of controls) c.validate();
  return {
    element: h('section', { class: 'host' }, ...intro, form),
    showResult: (ok, message) => setMessage(status, message, ok ? 'ok' : 'error'),
    showOptions: (key, ok, message, options) => {
      const dropdown = dropdowns.get(key);
      if (!dropdown) return;
      if (ok) dropdown.setOptions(options);
      setMessage(dropdown.loadStatus, message, ok ? 'ok' : 'error');
    },
  };
}
