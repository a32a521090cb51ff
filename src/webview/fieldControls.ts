/**
 * One form control per non-secret setting type, from the plugin's schema:
 * label, help, default, and the same validation the engine applies.
 */
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { settingProblem } from '../core/plugin/settingValue';
import type { SettingField, SettingOption } from '../core/plugin/types';
import { h, setMessage } from './dom';

export type FieldValue = string | number | boolean;

/** A value the engine would refuse blocks a save; a missing required one may be filled in later. */
export interface Problem {
  readonly message: string;
  readonly blocksSave: boolean;
}

export interface FieldControl {
  readonly field: SettingField;
  readonly element: HTMLElement;
  value(): FieldValue;
  /** Shows what is wrong with the value (or clears it) and returns it. */
  validate(): Problem | undefined;
  focus(): void;
}

export interface DropdownControl extends FieldControl {
  /** Replaces the choices with the host's, keeping the current value selectable. */
  setOptions(options: readonly SettingOption[]): void;
  /** Where "Load from host" reports how it went. */
  readonly loadStatus: HTMLElement;
}

export interface ControlContext {
  /** A DOM id unique in the page (setting keys are not guaranteed to be valid ids). */
  readonly id: string;
  readonly onInput: () => void;
  readonly onLoadOptions: (control: DropdownControl) => void;
  /** A dropdown's choices when they were loaded from the host earlier. */
  readonly options?: readonly SettingOption[];
}

/** Label, control, help and problem line, laid out like VS Code's own settings. */
export function fieldGroup(field: SettingField, id: string, control: HTMLElement, ...extra: HTMLElement[]): { group: HTMLElement; problem: HTMLElement } {
  const problem = h('p', { class: 'problem', id: `${id}-problem`, role: 'alert', hidden: true });
  const label = field.type === 'checkbox' ? undefined : h('vscode-label', { for: id, required: field.required }, field.label);
  const help = field.help ? h('vscode-form-helper', {}, h('p', {}, field.help)) : undefined;
  const group = h('vscode-form-group', { variant: 'vertical', 'data-key': field.key }, label, control, ...extra, help, problem);
  return { group, problem };
}

function problemOf(field: SettingField, value: FieldValue): Problem | undefined {
  if (value === '') return field.required ? { message: `"${field.label}" is required.`, blocksSave: false } : undefined;
  const message = settingProblem(field, value);
  return message ? { message, blocksSave: true } : undefined;
}

/** Shows a problem under its field and marks the control invalid (or clears both). */
export function showProblem(line: HTMLElement, found: Problem | undefined, mark: (invalid: boolean) => void): Problem | undefined {
  setMessage(line, found?.message, 'error');
  mark(found !== undefined);
  return found;
}

const withValidation = (field: SettingField, line: HTMLElement, read: () => FieldValue, mark: (invalid: boolean) => void) => () => showProblem(line, problemOf(field, read()), mark);

function optionElements(field: SettingField, options: readonly SettingOption[], selected: string): HTMLElement[] {
  const list = [...options];
  // A dropdown without a default starts unset; so does one whose saved value the host no longer lists until it is loaded.
  if (field.default === undefined) list.unshift({ value: '', label: field.required ? 'Choose…' : '(not set)' });
  if (selected !== '' && !list.some((o) => o.value === selected)) list.push({ value: selected, label: selected });
  return list.map((o) => h('vscode-option', { value: o.value, selected: o.value === selected }, o.label ?? o.value));
}

function createDropdown(field: SettingField, initial: FieldValue, ctx: ControlContext): DropdownControl {
  const select = h('vscode-single-select', { id: ctx.id }) as VscodeSingleSelect;
  select.label = field.label;
  let current = String(initial);
  select.append(...optionElements(field, ctx.options ?? field.options ?? [], current));
  select.addEventListener('change', () => {
    current = select.value;
    ctx.onInput();
  });
  const loadStatus = h('p', { class: 'load-status', role: 'status', hidden: true });
  const load = field.optionsFrom ? h('vscode-button', { secondary: true, class: 'load-options' }, 'Load from host') : undefined;
  const row = h('div', { class: 'row' }, select, load);
  const { group, problem } = fieldGroup(field, ctx.id, row, loadStatus);
  const control: DropdownControl = {
    field,
    element: group,
    value: () => current,
    validate: withValidation(field, problem, () => current, (invalid) => (select.invalid = invalid)),
    focus: () => select.focus(),
    loadStatus,
    setOptions: (options) => {
      select.replaceChildren(...optionElements(field, options, current));
      select.value = current;
    },
  };
  load?.addEventListener('click', () => ctx.onLoadOptions(control));
  return control;
}

function createTextfield(field: SettingField, initial: FieldValue, ctx: ControlContext): FieldControl {
  const input = h('vscode-textfield', { id: ctx.id, type: field.type === 'number' ? 'number' : 'text' }) as VscodeTextfield;
  input.label = field.label;
  input.value = String(initial);
  if (field.type === 'number') {
    if (field.min !== undefined) input.min = field.min;
    if (field.max !== undefined) input.max = field.max;
  }
  const read = (): FieldValue => (field.type === 'number' && input.value !== '' ? Number(input.value) : input.value);
  const { group, problem } = fieldGroup(field, ctx.id, input);
  const validate = withValidation(field, problem, read, (invalid) => (input.invalid = invalid));
  input.addEventListener('input', () => {
    validate();
    ctx.onInput();
  });
  return { field, element: group, value: read, validate, focus: () => input.focus() };
}

function createCheckbox(field: SettingField, initial: FieldValue, ctx: ControlContext): FieldControl {
  const box = h('vscode-checkbox', { id: ctx.id, label: field.label }) as VscodeCheckbox;
  box.checked = initial === true || initial === 'true';
  box.addEventListener('change', () => ctx.onInput());
  const { group } = fieldGroup(field, ctx.id, box);
  return { field, element: group, value: () => box.checked, validate: () => undefined, focus: () => box.focus() };
}

/** The control for a non-secret setting, showing `initial` (the saved value, else the plugin's default). */
export function createFieldControl(field: SettingField, initial: FieldValue, ctx: ControlContext): FieldControl {
  switch (field.type) {
    case 'dropdown':
      return createDropdown(field, initial, ctx);
    case 'checkbox':
      return createCheckbox(field, initial, ctx);
    default:
      return createTextfield(field, initial, ctx);
  }
}
