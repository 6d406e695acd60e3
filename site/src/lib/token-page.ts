/**
 * Helpers for the pages a link in an email opens: the secret travels in the URL fragment (never
 * sent to a server or logged), and the page's button POSTs it. Nothing changes on load.
 */
export function tokenFromHash(): string {
  return decodeURIComponent(location.hash.replace(/^#/, ''));
}

/** A refusal's field errors as the API gives them (`details`), for messages beside each field. */
export type FieldError = { path: string; message: string };

export async function postJson<T>(path: string, body: unknown, method: 'POST' | 'PUT' = 'POST'): Promise<{ ok: true; data: T } | { ok: false; message: string; status?: number; details?: FieldError[] }> {
  try {
    const response = await fetch(path, {
      method,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
    const data: unknown = await response.json().catch(() => undefined);
    if (response.ok) return { ok: true, data: data as T };
    const error = (data as { error?: { message?: string; details?: unknown } } | undefined)?.error;
    const fields = Array.isArray(error?.details) ? (error.details as FieldError[]).filter((d) => typeof d?.path === 'string' && typeof d?.message === 'string') : [];
    const details = fields.map((d) => `${d.path}: ${d.message}`).join('; ');
    return { ok: false, status: response.status, ...(fields.length > 0 ? { details: fields } : {}), message: [error?.message, details].filter(Boolean).join(' ') || `The server answered ${response.status}.` };
  } catch {
    return { ok: false, message: 'The hub could not be reached. Check your connection and try again.' };
  }
}

export function say(element: HTMLElement | null, text: string, kind: 'success' | 'error' | '' = '') {
  if (!element) return;
  element.className = kind;
  element.textContent = text;
}
