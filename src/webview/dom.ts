/**
 * Building the page with DOM APIs only: text goes in as text nodes, so a
 * plugin's labels and help can never become markup.
 */
type Child = Node | string | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children) if (child !== undefined && child !== false) element.append(child);
  return element;
}

/** Shows a message, or hides the element when there is none. */
export function setMessage(element: HTMLElement, text: string | undefined, kind?: 'ok' | 'error' | 'busy'): void {
  element.textContent = text ?? '';
  element.hidden = !text;
  element.className = element.className.replace(/\bis-\w+\b/g, '').trim();
  if (kind) element.classList.add(`is-${kind}`);
}
