/** A working group: its threads, a new thread with attachments, and the member's notification setting. */
import { pathIn } from '../../i18n/default.ts';
import { answer, hub, type Schema } from '../../lib/api.ts';
import { showFields, showRefusal } from '../../lib/field-errors.ts';
import { el, messagesOf, paramOrList, say, toSignIn, uploadChosen, when } from '../../lib/forum-client.ts';
import { attachPreview } from '../../lib/markdown-preview.ts';

const t = messagesOf(document.getElementById('group')!);
const status = document.getElementById('status');
const id = await paramOrList('id', '/members/');
const path = { group: id };
const list = document.getElementById('threads')!;
const more = document.getElementById('more') as HTMLButtonElement;
let cursor: string | undefined;
const load = async () => {
  const threads = await answer(hub.GET('/groups/{group}/threads', { params: { path, query: cursor ? { cursor } : {} } }));
  if (!threads.ok) {
    if (threads.status === 401) return toSignIn();
    return say(status, threads.message, 'error');
  }
  const page = threads.data;
  document.getElementById('name')!.textContent = page.group.name;
  document.title = `${page.group.name} · ${document.title.split(' · ').at(-1)}`;
  document.getElementById('description')!.textContent = page.group.description;
  (document.getElementById('decisions') as HTMLAnchorElement).href = pathIn(`/members/decisions/?group=${encodeURIComponent(id)}`);
  document.getElementById('new-thread')!.hidden = !page.you.canPost;
  if (!cursor) say(status, page.threads.length ? '' : t('members.group.empty'));
  for (const thread of page.threads) {
    list.append(
      el('li', {},
        ...(thread.pinned ? [el('span', { className: 'badge' }, t('members.group.pinned')), ' '] : []),
        ...(thread.locked ? [el('span', { className: 'badge' }, t('members.group.locked')), ' '] : []),
        el('a', { href: pathIn(`/members/thread/?id=${encodeURIComponent(thread.id)}`) }, thread.title),
        el('span', { className: 'meta' }, ` · ${t('members.group.meta', { author: thread.authorName, posts: thread.postCount, when: when(thread.lastActivityAt) })}`)),
    );
  }
  cursor = page.nextCursor;
  more.hidden = !cursor;
};
await load();
more.addEventListener('click', load);
// Opening the list marks the group read (by POST: a GET changes nothing).
void answer(hub.POST('/groups/{group}/seen', { params: { path } }));
const form = document.getElementById('thread-form') as HTMLFormElement;
attachPreview(form.elements.namedItem('body') as HTMLTextAreaElement, { label: t('members.preview.label'), empty: t('members.preview.empty') });
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  showFields(form);
  const data = new FormData(form);
  const attachments = await uploadChosen(document.getElementById('files') as HTMLInputElement, id, status, t);
  if (!attachments) return;
  const started = await answer(hub.POST('/groups/{group}/threads', { params: { path }, body: { title: String(data.get('title') ?? ''), body: String(data.get('body') ?? ''), attachments } }));
  if (started.ok) return location.assign(pathIn(`/members/thread/?id=${encodeURIComponent(started.data.thread.id)}`));
  const shown = showRefusal(form, started);
  say(status, shown.line, 'error');
  shown.first?.focus();
});
type Setting = Schema<'SettingsLink'>['setting'];
const notifyForm = document.getElementById('notify-form') as HTMLFormElement;
const setting = await answer(hub.GET('/groups/{group}/notifications', { params: { path } }));
if (setting.ok) notifyForm.querySelector<HTMLInputElement>(`input[value="${setting.data.setting}"]`)!.checked = true;
notifyForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const saved = await answer(hub.PUT('/groups/{group}/notifications', { params: { path }, body: { setting: String(new FormData(notifyForm).get('setting')) as Setting } }));
  say(status, saved.ok ? t('members.notify.saved') : saved.message, saved.ok ? 'success' : 'error');
});
