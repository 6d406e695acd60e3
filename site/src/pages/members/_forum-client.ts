/** Client helpers of the members' forum pages (the `_` keeps Astro from routing it). */
export type Answer<T> = { ok: true; status: number; data: T } | { ok: false; status: number; code: string; message: string };

/** Every call is same-origin with the session cookie; errors come back as the API's own words. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
  try {
    const response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const data: unknown = await response.json().catch(() => undefined);
    if (response.ok) return { ok: true, status: response.status, data: data as T };
    const error = (data as { error?: { code?: string; message?: string; details?: { path: string; message: string }[] } } | undefined)?.error;
    const details = error?.details?.map((d) => `${d.path}: ${d.message}`).join('; ');
    return { ok: false, status: response.status, code: error?.code ?? 'error', message: [error?.message ?? `The server answered ${response.status}.`, details].filter(Boolean).join(' ') };
  } catch {
    return { ok: false, status: 0, code: 'network', message: 'The hub could not be reached. Check your connection and try again.' };
  }
}

/** The page's UI strings, rendered by Astro from site/src/i18n into `data-messages`. */
export function messagesOf(root: HTMLElement) {
  const messages = JSON.parse(root.dataset.messages ?? '{}') as Record<string, string>;
  return (key: string, values: Record<string, string | number> = {}) =>
    (messages[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Shows a message in a live region; errors use role=alert so screen readers announce them. */
export function say(element: HTMLElement | null, message: string, kind: 'info' | 'error' = 'info') {
  if (!element) return;
  element.textContent = message;
  element.classList.toggle('error', kind === 'error');
  element.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}

/** Signed out: go to the sign-in page, coming back here afterwards. */
export function toSignIn() {
  location.assign(`/members/signin/?next=${encodeURIComponent(location.pathname + location.search)}`);
}

export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

export const when = (iso: string) => new Intl.DateTimeFormat(document.documentElement.lang || 'en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

export const param = (name: string) => new URLSearchParams(location.search).get(name) ?? '';
