/**
 * Helpers for the pages a link in an email opens: the secret travels in the URL fragment (never
 * sent to a server or logged), and the page's button POSTs it. Nothing changes on load.
 */
import { refusalOf, unreachable, type FieldError, type Refusal } from './api.ts';

/** The secret of the link that opened the page, from its fragment. */
export function tokenFromHash(): string {
  return decodeURIComponent(location.hash.replace(/^#/, ''));
}

/** A refusal's field errors as the API gives them (`details`), for messages beside each field. */
export type { FieldError };

/**
 * Untyped JSON posts for the console's pages not yet on the typed client (`hub` in ./api.ts, which
 * new code uses); a refusal is read as every call's is (`refusalOf`), its fields also as `details`.
 */
export async function postJson<T>(path: string, body: unknown, method: 'POST' | 'PUT' = 'POST'): Promise<{ ok: true; data: T } | (Refusal & { details?: FieldError[] })> {
  try {
    const response = await fetch(path, {
      method,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
    if (!response.ok) {
      const refusal = await refusalOf(response);
      return refusal.fields.length > 0 ? { ...refusal, details: refusal.fields } : refusal;
    }
    return { ok: true, data: (await response.json().catch(() => undefined)) as T };
  } catch {
    return unreachable();
  }
}

export function say(element: HTMLElement | null, text: string, kind: 'success' | 'error' | '' = '') {
  if (!element) return;
  element.className = kind;
  element.textContent = text;
}
