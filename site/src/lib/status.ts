/** What a status line says: a success, an error, or plain news. */
export type StatusKind = '' | 'success' | 'error';

/** Says `text` in a page's status line, its class naming the kind. */
export function say(element: HTMLElement | null, text: string, kind: StatusKind = '') {
  if (!element) return;
  element.className = kind;
  element.textContent = text;
}

/** `say`, bound to one status line. */
export const statusLine = (element: HTMLElement | null) => (text: string, kind: StatusKind = '') => say(element, text, kind);
