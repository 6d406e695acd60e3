/** Client helpers of the members' forum pages (and the console's pages that share them). */
import { pathIn } from '../i18n/default.ts';

import { messagesOf } from './messages.ts';
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
    const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    // Validation errors list fields; other errors may carry an object (e.g. the field of a rule).
    const details = Array.isArray(error?.details) ? (error.details as { path: string; message: string }[]).map((d) => `${d.path}: ${d.message}`).join('; ') : undefined;
    return { ok: false, status: response.status, code: error?.code ?? 'error', message: [error?.message ?? `The server answered ${response.status}.`, details].filter(Boolean).join(' ') };
  } catch {
    return { ok: false, status: 0, code: 'network', message: 'The hub could not be reached. Check your connection and try again.' };
  }
}

// The page's UI strings and dates in its language: shared with the console, in site/src/lib/messages.ts.
export { messagesOf, formatDateTime as when } from './messages.ts';

/** Shows a message in a live region; errors use role=alert so screen readers announce them. */
export function say(element: HTMLElement | null, message: string, kind: 'info' | 'error' = 'info') {
  if (!element) return;
  element.textContent = message;
  element.classList.toggle('error', kind === 'error');
  element.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}

/** Signed out: go to the sign-in page, coming back here afterwards. */
export function toSignIn() {
  location.assign(pathIn(`/members/signin/?next=${encodeURIComponent(location.pathname + location.search)}`));
}

export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

export const param = (name: string) => new URLSearchParams(location.search).get(name) ?? '';

type Upload = { id: string; upload: { method: 'PUT'; url: string; headers: Record<string, string> }; confirm: string };

/**
 * Sends one file in the API's three steps: ask (type, size and membership are checked), PUT the
 * bytes where it says (S3 on AWS, the hub locally), confirm. The browser's guess of a type is sent
 * only when the allowlist knows it; otherwise the API takes the type from the extension.
 */
export async function uploadFile(groupId: string, file: File, allowedTypes: string[]): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
  const contentType = allowedTypes.includes(file.type) ? file.type : 'application/octet-stream';
  const asked = await api<Upload>('POST', `/api/groups/${encodeURIComponent(groupId)}/attachments`, { filename: file.name, contentType, size: file.size });
  if (!asked.ok) return asked;
  try {
    const sent = await fetch(asked.data.upload.url, { method: asked.data.upload.method, headers: asked.data.upload.headers, body: file, credentials: 'same-origin' });
    if (!sent.ok) {
      const error = (await sent.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
      return { ok: false, message: error?.error?.message ?? `The storage refused the file (${sent.status}).` };
    }
  } catch {
    return { ok: false, message: 'The file could not be sent. Check your connection and try again.' };
  }
  const confirmed = await api('POST', asked.data.confirm);
  return confirmed.ok ? { ok: true, id: asked.data.id } : confirmed;
}

/** Uploads the files chosen in `input`, saying each step in `status`; the ids, or undefined after an error shown. */
export async function uploadChosen(input: HTMLInputElement, groupId: string, status: HTMLElement | null, t: ReturnType<typeof messagesOf>) {
  const files = [...(input.files ?? [])];
  const allowedTypes = (input.dataset.types ?? '').split(',');
  if (files.length > 5) return void say(status, t('members.attach.tooMany'), 'error');
  const tooBig = files.find((f) => f.size > Number(input.dataset.maxBytes));
  if (tooBig) return void say(status, t('members.attach.tooBig', { name: tooBig.name }), 'error');
  const ids: string[] = [];
  for (const file of files) {
    say(status, t('members.attach.uploading', { name: file.name }));
    const sent = await uploadFile(groupId, file, allowedTypes);
    if (!sent.ok) return void say(status, t('members.attach.failed', { name: file.name, reason: sent.message }), 'error');
    ids.push(sent.id);
  }
  return ids;
}
