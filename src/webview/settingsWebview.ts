/**
 * The Configure Hosts page (a browser bundle; it cannot reach `vscode` or
 * Node). It renders what the extension sends and asks it to save, test or
 * load options; the extension validates every request. Its webview state
 * holds the selected host, unsaved non-secret values and choices loaded from
 * hosts, never a secret.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-form-group/index.js';
import '@vscode-elements/elements/dist/vscode-form-helper/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-tree/index.js';
import '@vscode-elements/elements/dist/vscode-tree-item/index.js';
import type { ConfigValues } from '../core/engine/types';
import type { SettingOption } from '../core/plugin/types';
import { h, setMessage } from './dom';
import { createHostForm, type HostForm } from './hostForm';
import { createHostList } from './hostList';
import { SETTINGS_PROTOCOL_VERSION, type FromWebview, type HostEntry, type ToWebview } from './settingsProtocol';

interface PageState {
  readonly hostId?: string;
  /** Unsaved non-secret values of the selected host, so hiding the panel loses nothing. */
  readonly draft?: ConfigValues;
  /** Choices loaded from hosts ("hostId/key" → options), so a recreated page still names them. */
  readonly loaded?: Record<string, readonly SettingOption[]>;
}

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void; getState(): PageState | undefined; setState(state: PageState): void };

const vscode = acquireVsCodeApi();
let pageState: PageState = vscode.getState() ?? {};
const setPageState = (next: PageState) => {
  pageState = next;
  vscode.setState(next);
};

const app = document.getElementById('app')!;
const formSlot = h('div', { class: 'form-slot' });
const status = h('p', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite', hidden: true });
let hosts: HostEntry[] = [];
let workspaceScope = false;
let form: HostForm | undefined;
let lastHostState = '';
let lastHosts = '';
/** Which host each pending request was for: a late answer must not land on another host's form. */
const pending = new Map<number, string>();
let nextId = 1;

function request(hostId: string): number {
  const id = nextId++;
  pending.set(id, hostId);
  return id;
}

function select(hostId: string): void {
  if (pageState.hostId !== hostId) setPageState({ hostId, loaded: pageState.loaded });
  form = undefined;
  lastHostState = '';
  setMessage(status, undefined);
  formSlot.replaceChildren(h('p', {}, 'Loading…'));
  vscode.postMessage({ type: 'selectHost', hostId });
}

function renderHosts(message: Extract<ToWebview, { type: 'hosts' }>): void {
  // Loading the plugins for this page also announces them: the same list twice must not reset the form.
  if (JSON.stringify(message) === lastHosts) return;
  lastHosts = JSON.stringify(message);
  hosts = message.hosts;
  workspaceScope = message.workspaceScope;
  app.removeAttribute('aria-busy');
  if (hosts.length === 0) {
    app.replaceChildren(h('p', { class: 'is-error' }, message.error ?? 'No hosts are installed.'));
    return;
  }
  const selected = hosts.some((h) => h.id === pageState.hostId) ? pageState.hostId! : hosts[0].id;
  const list = createHostList(hosts, select);
  app.replaceChildren(h('div', { class: 'layout' }, list.element, h('div', { class: 'detail' }, formSlot, status)));
  list.show(selected);
  select(selected);
}

function renderForm(state: Extract<ToWebview, { type: 'hostState' }>): void {
  const host = hosts.find((h) => h.id === state.hostId);
  // The same state again (a save fires a configuration and a secret change) must not wipe what is being typed.
  if (!host || host.id !== pageState.hostId || JSON.stringify(state) === lastHostState) return;
  lastHostState = JSON.stringify(state);
  form = createHostForm({
    host,
    state,
    draft: pageState.draft,
    workspaceScope,
    status,
    loadedOptions: (key) => pageState.loaded?.[`${host.id}/${key}`],
    actions: {
      onInput: (values) => setPageState({ ...pageState, draft: values }),
      save: (values, secrets, scope) => vscode.postMessage({ type: 'save', id: request(host.id), hostId: host.id, values, secrets, scope }),
      test: (values, secrets) => vscode.postMessage({ type: 'testConnection', id: request(host.id), hostId: host.id, values, secrets }),
      loadOptions: (key, values, secrets) => vscode.postMessage({ type: 'fetchOptions', id: request(host.id), hostId: host.id, key, values, secrets }),
    },
  });
  formSlot.replaceChildren(form.element);
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  const forShownHost = 'id' in message && pending.get(message.id) === pageState.hostId;
  if ('id' in message) pending.delete(message.id);
  switch (message.type) {
    case 'hosts':
      return renderHosts(message);
    case 'hostState':
      return renderForm(message);
    case 'saved':
      if (!forShownHost) return;
      if (message.ok) setPageState({ ...pageState, draft: undefined });
      return form?.showResult(message.ok, message.message);
    case 'tested':
      return forShownHost ? form?.showResult(message.ok, message.message) : undefined;
    case 'options':
      if (!forShownHost) return;
      if (message.ok) setPageState({ ...pageState, loaded: { ...pageState.loaded, [`${pageState.hostId}/${message.key}`]: message.options } });
      return form?.showOptions(message.key, message.ok, message.message, message.options);
  }
});

vscode.postMessage({ type: 'ready', protocolVersion: SETTINGS_PROTOCOL_VERSION });
