/**
 * The list of hosts, built-in and the user's own plugins, as a VS Code-style
 * tree: arrow keys move, Enter or a click selects.
 */
import type { VscodeTree } from '@vscode-elements/elements/dist/vscode-tree/vscode-tree.js';
import type { VscodeTreeItem } from '@vscode-elements/elements/dist/vscode-tree-item/vscode-tree-item.js';
import { h } from './dom';
import type { HostEntry } from './settingsProtocol';

export interface HostList {
  readonly element: HTMLElement;
  /** Marks a host selected; call once the list is in the page, where the items join the tree's selection. */
  show(hostId: string): void;
}

export function createHostList(hosts: readonly HostEntry[], onSelect: (hostId: string) => void): HostList {
  const tree = h('vscode-tree', { 'aria-label': 'Hosts', id: 'host-list' }) as VscodeTree;
  const items = hosts.map((host) => h('vscode-tree-item', { 'data-host-id': host.id }, host.name, h('span', { slot: 'description' }, host.builtin ? 'built-in' : 'your plugin')) as VscodeTreeItem);
  tree.append(...items);
  let shown: string | undefined;
  // Read the selection from the items: the event's detail is typed differently from what 2.5 sends.
  tree.addEventListener('vsc-tree-select', () => {
    const hostId = items.find((item) => item.selected)?.dataset.hostId;
    if (hostId && hostId !== shown) {
      shown = hostId;
      onSelect(hostId);
    }
  });
  return {
    element: h('nav', { class: 'hosts', 'aria-label': 'Hosts' }, h('h2', {}, 'Hosts'), tree),
    show: (hostId) => {
      shown = hostId;
      for (const item of items) item.selected = item.dataset.hostId === hostId;
    },
  };
}
