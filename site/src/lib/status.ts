/** What a status line says: a success, an error, or plain news. */
export type StatusKind = '' | 'success' | 'error';

/**
 * Says `text` in a page's status line, its class naming the kind (the line's other classes stay). An
 * error is an alert, which screen readers announce at once; anything else a polite status.
 */
export function say(element: HTMLElement | null, text: string, kind: StatusKind = '') {
  if (!element) return;
  element.classList.remove('success', 'error');
  if (kind) element.classList.add(kind);
  element.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  element.textContent = text;
}

/** `say`, bound to one status line. */
export const statusLine = (element: HTMLElement | null) => (text: string, kind: StatusKind = '') => say(element, text, kind);
