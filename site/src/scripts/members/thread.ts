/** A thread: its posts, replies with attachments, the author's edits and the moderators' actions. */
import { pathIn } from '../../i18n/default.ts';
import { answer, hub, type Answer, type Ok, type Schema } from '../../lib/api.ts';
import { showFields, showRefusal } from '../../lib/field-errors.ts';
import { el, messagesOf, paramOrList, say, toSignIn, uploadChosen, when } from '../../lib/forum-client.ts';
import { attachPreview } from '../../lib/markdown-preview.ts';
import { formatSize } from '../../lib/messages.ts';

type Thread = Schema<'Thread'>;
type Post = Schema<'Post'>;
type Page = Ok<'/threads/{thread}', 'get'>;
const t = messagesOf(document.getElementById('thread')!);
const previewWords = { label: t('members.preview.label'), empty: t('members.preview.empty') };
const status = document.getElementById('status');
const id = await paramOrList('id', '/members/');
const list = document.getElementById('posts')!;
const more = document.getElementById('more') as HTMLButtonElement;
let thread: Thread | undefined;
let you: Page['you'] | undefined;
let cursor: string | undefined;

const postPath = (post: Post) => ({ params: { path: { thread: id, post: post.id } } });
/** A post as the API answered it, in place of the one shown; or the refusal in the status line. */
const replace = (item: HTMLLIElement, changed: Answer<Post>) => {
  if (changed.ok) item.replaceWith(render(changed.data));
  else say(status, changed.message, 'error');
};
function render(post: Post): HTMLLIElement {
  const item = el('li', { id: `post-${post.id}` });
  const meta = el('p', { className: 'meta' }, el('strong', {}, post.authorName), ` · ${when(post.createdAt)}`);
  if (post.edited) meta.append(` · ${t('members.thread.edited')}`);
  if (post.decision) meta.append(' ', el('span', { className: 'badge' }, t('members.thread.decision')));
  item.append(meta);
  if (post.deleted) {
    item.append(el('p', { className: 'meta' }, t('members.thread.deleted')));
    return item;
  }
  // Hidden from this reader: the API sent no words, only that the post was hidden.
  if (post.hidden && post.hiddenReason === undefined) {
    item.append(el('p', { className: 'meta' }, t('members.thread.hiddenPost')));
    return item;
  }
  if (post.hidden) item.append(el('p', { className: 'meta hidden-mark' }, el('strong', {}, t('members.thread.hiddenMark', { reason: post.hiddenReason ?? '' }))));
  // Only the API's sanitized HTML is put into the page.
  const content = el('div', { className: 'post-body' });
  content.innerHTML = post.html;
  item.append(content);
  if (post.attachments.length) {
    const heading = el('p', { className: 'meta', id: `files-of-${post.id}` }, t('members.attach.files'));
    const files = el('ul', {}, ...post.attachments.map((a) => el('li', {}, el('a', { href: `/api/attachments/${encodeURIComponent(a.id)}`, download: a.filename }, a.filename), ` (${formatSize(a.size)})`)));
    files.setAttribute('aria-labelledby', heading.id);
    item.append(heading, files);
  }
  if (post.edited && post.revisionCount > 0) item.append(revisions(post));
  // A post's actions are secondary to reading it: quiet, compact buttons in one row.
  const actions = el('p', { className: 'actions-row' });
  const button = (label: string, onClick: () => void) => {
    const b = el('button', { type: 'button', className: 'quiet', textContent: label });
    b.setAttribute('aria-label', `${label}: ${post.authorName}, ${when(post.createdAt)}`);
    b.addEventListener('click', onClick);
    actions.append(b);
  };
  if (you?.email === post.authorEmail && you.canPost) {
    button(t('members.thread.edit'), () => edit(item, post));
    button(t('members.thread.delete'), async () => {
      if (!confirm(t('members.thread.confirmDelete'))) return;
      replace(item, await answer(hub.DELETE('/threads/{thread}/posts/{post}', postPath(post))));
    });
  }
  if (you?.canModerate) {
    button(post.decision ? t('members.thread.undecide') : t('members.thread.decide'), async () => {
      replace(item, await answer(hub.POST('/threads/{thread}/posts/{post}/decision', { ...postPath(post), body: { decision: !post.decision } })));
    });
    if (post.hidden) {
      button(t('members.thread.unhide'), async () => {
        replace(item, await answer(hub.POST('/threads/{thread}/posts/{post}/unhide', postPath(post))));
      });
    } else {
      button(t('members.thread.hide'), () => hideForm(item, post));
    }
    if (post.authorEmail && post.authorEmail !== you.email) button(t('members.thread.mute'), () => muteForm(item, post));
  }
  if (actions.childNodes.length) item.append(actions);
  return item;
}
/** Earlier versions are fetched when first opened: most readers never open them. */
function revisions(post: Post) {
  const body = el('div', {}, t('members.thread.revisionsLoading'));
  const details = el('details', { className: 'revisions' }, el('summary', {}, t('members.thread.revisions', { n: post.revisionCount })), body);
  details.addEventListener('toggle', async () => {
    if (!details.open || details.dataset.loaded) return;
    details.dataset.loaded = 'yes';
    const earlier = await answer(hub.GET('/threads/{thread}/posts/{post}/revisions', postPath(post)));
    if (!earlier.ok) {
      delete details.dataset.loaded;
      return say(body, earlier.message, 'error');
    }
    body.replaceChildren(
      ...earlier.data.revisions.map((revision) => {
        // Only the API's sanitized HTML is put into the page.
        const content = el('div', { className: 'post-body' });
        content.innerHTML = revision.html;
        return el('section', {}, el('p', { className: 'meta' }, t('members.thread.revisionAt', { when: when(revision.editedAt) })), content);
      }),
    );
  });
  return details;
}
function edit(item: HTMLLIElement, post: Post) {
  const form = el('form', { className: 'form' });
  const fieldId = `edit-${post.id}`;
  const area = document.createElement('textarea');
  Object.assign(area, { id: fieldId, rows: 6, required: true, value: post.body });
  form.append(el('p', {}, el('label', { htmlFor: fieldId }, t('members.thread.editLabel')), area), el('p', {}, el('button', { type: 'submit' }, t('members.thread.save'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(item, await answer(hub.PUT('/threads/{thread}/posts/{post}', { ...postPath(post), body: { body: area.value } })));
  });
  item.append(form);
  attachPreview(area, previewWords);
  area.focus();
}
/** A small form inside the post: one labelled field or more, and a submit button. */
function inlineForm(item: HTMLLIElement, fields: HTMLElement[], submit: string, onSubmit: () => Promise<void>) {
  item.querySelector('form.moderation-form')?.remove();
  const form = el('form', { className: 'form moderation-form' }, ...fields, el('p', {}, el('button', { type: 'submit' }, submit)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void onSubmit();
  });
  item.append(form);
  form.querySelector<HTMLElement>('textarea, input')?.focus();
}
function field(id: string, label: string, control: HTMLInputElement | HTMLTextAreaElement) {
  control.id = id;
  control.required = true;
  return el('p', {}, el('label', { htmlFor: id }, label), control);
}
function hideForm(item: HTMLLIElement, post: Post) {
  const reason = Object.assign(document.createElement('textarea'), { rows: 2, maxLength: 500, minLength: 3 });
  inlineForm(item, [field(`hide-${post.id}`, t('members.thread.hideReason'), reason)], t('members.thread.hideSubmit'), async () => {
    replace(item, await answer(hub.POST('/threads/{thread}/posts/{post}/hide', { ...postPath(post), body: { reason: reason.value } })));
  });
}
/** The mute ends at a local date and time; the API takes it in UTC. */
function muteForm(item: HTMLLIElement, post: Post) {
  const until = Object.assign(document.createElement('input'), { type: 'datetime-local' });
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000 - new Date().getTimezoneOffset() * 60_000);
  until.value = tomorrow.toISOString().slice(0, 16);
  const reason = Object.assign(document.createElement('textarea'), { rows: 2, maxLength: 500, minLength: 3 });
  inlineForm(item, [field(`mute-until-${post.id}`, t('members.thread.muteUntil'), until), field(`mute-reason-${post.id}`, t('members.thread.muteReason'), reason)], t('members.thread.muteSubmit'), async () => {
    const muted = await answer(hub.POST('/groups/{group}/mutes', {
      params: { path: { group: thread!.groupId } },
      body: { member: post.authorEmail, until: new Date(until.value).toISOString(), reason: reason.value },
    }));
    if (!muted.ok) return say(status, muted.message, 'error');
    item.querySelector('form.moderation-form')?.remove();
    say(status, t('members.thread.mutedDone', { name: muted.data.mute.name, until: when(muted.data.mute.until) }));
  });
}
function showThread() {
  if (!thread || !you) return;
  document.getElementById('heading')!.textContent = thread.title;
  (document.getElementById('back') as HTMLAnchorElement).href = pathIn(`/members/group/?id=${encodeURIComponent(thread.groupId)}`);
  document.getElementById('flags')!.textContent = [thread.pinned ? t('members.group.pinned') : '', thread.locked ? t('members.group.locked') : ''].filter(Boolean).join(' · ');
  document.getElementById('reply')!.hidden = !you.canPost || thread.locked || you.mutedUntil !== undefined;
  document.getElementById('moderation')!.hidden = !you.canModerate;
  document.getElementById('pin')!.textContent = thread.pinned ? t('members.thread.unpin') : t('members.thread.pin');
  document.getElementById('lock')!.textContent = thread.locked ? t('members.thread.unlock') : t('members.thread.lock');
}
async function load() {
  const page = await answer(hub.GET('/threads/{thread}', { params: { path: { thread: id }, query: cursor ? { cursor } : {} } }));
  if (!page.ok) {
    if (page.status === 401) return toSignIn();
    return say(status, page.message, 'error');
  }
  if (page.data.thread) thread = page.data.thread;
  you = page.data.you;
  showThread();
  say(status, you.mutedUntil ? t('members.thread.youAreMuted', { until: when(you.mutedUntil) }) : '');
  list.append(...page.data.posts.map(render));
  cursor = page.data.nextCursor;
  more.hidden = !cursor;
}
await load();
more.addEventListener('click', load);
const threadPath = { params: { path: { thread: id } } };
for (const [button, change] of [
  ['pin', () => hub.POST('/threads/{thread}/pin', { ...threadPath, body: { pinned: !thread!.pinned } })],
  ['lock', () => hub.POST('/threads/{thread}/lock', { ...threadPath, body: { locked: !thread!.locked } })],
] as const) {
  document.getElementById(button)!.addEventListener('click', async () => {
    const changed = await answer(change());
    if (!changed.ok) return say(status, changed.message, 'error');
    thread = changed.data;
    showThread();
    say(status, t('members.thread.saved'));
  });
}
const form = document.getElementById('reply-form') as HTMLFormElement;
const replyBody = form.elements.namedItem('body') as HTMLTextAreaElement;
attachPreview(replyBody, previewWords);
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  showFields(form);
  const attachments = await uploadChosen(document.getElementById('files') as HTMLInputElement, thread!.groupId, status, t);
  if (!attachments) return;
  const sent = await answer(hub.POST('/threads/{thread}/posts', { ...threadPath, body: { body: String(new FormData(form).get('body') ?? ''), attachments } }));
  if (!sent.ok) {
    const shown = showRefusal(form, sent);
    say(status, shown.line, 'error');
    return shown.first?.focus();
  }
  if (!cursor) list.append(render(sent.data.post));
  form.reset();
  replyBody.dispatchEvent(new Event('input'));
  say(status, t('members.thread.sent'));
});
