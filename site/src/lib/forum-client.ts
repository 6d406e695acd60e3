/** Client helpers of the members' forum pages (and the console's pages that share them). */
import { pathIn } from '../i18n/default.ts';
import { answer, hub, pageLanguage, refusalOf, unreachable, type Refusal } from './api.ts';
import { messagesOf } from './messages.ts';
import { say } from './status.ts';

// The page's UI strings and dates in its language: shared with the console, in site/src/lib/messages.ts.
export { messagesOf, formatDateTime as when } from './messages.ts';

// The one status line of every page: errors are alerts, the rest a polite status.
export { say };

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

/**
 * The page's `?name=`; opened without one (a link cut short, a bookmark), the page goes to the list
 * to choose from (`listPath`, in the page's language) and the rest of its script never runs.
 */
export async function paramOrList(name: string, listPath: string): Promise<string> {
  const value = param(name);
  if (value) return value;
  location.replace(pathIn(listPath));
  return new Promise<never>(() => undefined);
}

/**
 * Sends one file in the API's three steps: ask (type, size and membership are checked), PUT the
 * bytes where it says (S3 on AWS, the hub locally), confirm. The browser's guess of a type is sent
 * only when the allowlist knows it; otherwise the API takes the type from the extension.
 */
export async function uploadFile(groupId: string, file: File, allowedTypes: string[]): Promise<{ ok: true; id: string } | Refusal> {
  const contentType = allowedTypes.includes(file.type) ? file.type : 'application/octet-stream';
  const asked = await answer(hub.POST('/groups/{group}/attachments', { params: { path: { group: groupId } }, body: { filename: file.name, contentType, size: file.size } }));
  if (!asked.ok) return asked;
  // The bytes go to the storage's address, not the API's: a plain fetch, its refusal read the same way.
  try {
    const { upload } = asked.data;
    const sent = await fetch(upload.url, { method: upload.method, headers: { ...upload.headers, ...pageLanguage() }, body: file, credentials: 'same-origin' });
    if (!sent.ok) return await refusalOf(sent);
  } catch {
    return unreachable();
  }
  const confirmed = await answer(hub.POST('/attachments/{id}/confirm', { params: { path: { id: asked.data.id } } }));
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
