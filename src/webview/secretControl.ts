/**
 * A secret setting. The page is never told a stored value, only that one
 * exists: it shows "Stored" with Replace and Clear. What the user types
 * stays in the password field until it is sent with Save or Test connection,
 * and is never written to the webview's state.
 */
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { SettingField } from '../core/plugin/types';
import type { SecretEdit } from './settingsProtocol';
import { h } from './dom';
import { fieldGroup, showProblem, type ControlContext, type Problem } from './fieldControls';

export interface SecretControl {
  readonly field: SettingField;
  readonly element: HTMLElement;
  /** The change Save would make; undefined keeps what is stored. */
  edit(): SecretEdit | undefined;
  validate(): Problem | undefined;
  focus(): void;
}

type Mode = 'stored' | 'replacing' | 'clearing' | 'empty';

export function createSecretControl(field: SettingField, stored: boolean, ctx: Omit<ControlContext, 'onLoadOptions'>): SecretControl {
  let mode: Mode = stored ? 'stored' : 'empty';
  const input = h('vscode-textfield', { id: ctx.id, type: 'password', autocomplete: 'off' }) as VscodeTextfield;
  input.label = field.label;
  const state = h('span', { class: 'secret-state' });
  const button = (label: string, next: Mode) => {
    const b = h('vscode-button', { secondary: true }, label);
    b.addEventListener('click', () => {
      mode = next;
      input.value = '';
      render();
      if (next === 'replacing') input.focus();
      ctx.onInput();
    });
    return b;
  };
  const replace = button('Replace', 'replacing');
  const clear = button('Clear', 'clearing');
  const cancel = button('Cancel', 'stored');
  const undo = button('Undo', 'stored');
  const row = h('div', { class: 'row secret' }, state, input, replace, clear, cancel, undo);
  const { group, problem } = fieldGroup(field, ctx.id, row);

  const edit = (): SecretEdit | undefined => {
    if (mode === 'clearing') return { action: 'clear' };
    return (mode === 'replacing' || mode === 'empty') && input.value !== '' ? { action: 'replace', value: input.value } : undefined;
  };
  const validate = () => {
    const missing = field.required && (mode === 'clearing' || (mode === 'empty' && input.value === ''));
    return showProblem(problem, missing ? { message: `"${field.label}" is required: the host refuses uploads without it.`, blocksSave: false } : undefined, (invalid) => (input.invalid = invalid));
  };
  function render() {
    state.textContent = mode === 'stored' ? 'Stored' : mode === 'clearing' ? 'Will be cleared when you save.' : mode === 'replacing' ? 'Replacing the stored value:' : 'Not set';
    input.hidden = mode === 'stored' || mode === 'clearing';
    replace.hidden = clear.hidden = mode !== 'stored';
    cancel.hidden = mode !== 'replacing';
    undo.hidden = mode !== 'clearing';
    validate();
  }
  input.addEventListener('input', () => {
    validate();
    ctx.onInput();
  });
  render();
  return { field, element: group, edit, validate, focus: () => (input.hidden ? replace.focus() : input.focus()) };
}
