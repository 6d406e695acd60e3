/** The console's working groups: the list, archiving one, creating one. */
import { answer, hub, type Schema } from '../../lib/api.ts';
import { el, messagesOf, say, toSignIn, when } from '../../lib/forum-client.ts';
import { pathIn } from '../../lib/messages.ts';

const t = messagesOf(document.getElementById('console-groups')!);
const status = document.getElementById('status');
const table = document.getElementById('groups') as HTMLTableElement;
const form = document.getElementById('group-form') as HTMLFormElement;
const nameField = document.getElementById('group-name') as HTMLInputElement;
const idField = document.getElementById('group-id') as HTMLInputElement;

function row(group: Schema<'Group'>) {
  const actions = el('td', {});
  if (!group.archived) {
    const archive = el('button', { type: 'button' }, t('console.groups.archive'));
    archive.setAttribute('aria-label', t('console.groups.archiveOf', { name: group.name }));
    archive.addEventListener('click', async () => {
      if (!confirm(t('console.groups.confirmArchive', { name: group.name }))) return;
      const archived = await answer(hub.POST('/admin/groups/{group}/archive', { params: { path: { group: group.id } } }));
      if (!archived.ok) return say(status, archived.message, 'error');
      await showGroups();
      say(status, t('console.groups.archivedDone', { name: group.name }));
    });
    actions.append(archive);
  }
  const members = el('a', { href: `${pathIn('/console/members/')}?group=${encodeURIComponent(group.id)}` }, group.name);
  members.setAttribute('aria-label', t('console.groups.members', { name: group.name }));
  return el('tr', {}, el('td', {}, members, ...(group.description ? [el('br'), el('span', { className: 'meta' }, group.description)] : [])), el('td', {}, el('code', {}, group.id)),
    el('td', {}, t(group.archived ? 'console.groups.archived' : 'console.groups.active')), el('td', {}, when(group.createdAt)), actions);
}

async function showGroups() {
  const list = await answer(hub.GET('/admin/groups'));
  if (!list.ok) return say(status, list.message, 'error');
  const groups = list.data.groups;
  table.tBodies[0]!.replaceChildren(...groups.map(row));
  table.hidden = groups.length === 0;
  document.getElementById('empty')!.hidden = groups.length > 0;
}

const me = await answer(hub.GET('/me'));
if (!me.ok && me.status === 401) toSignIn();
else if (!me.ok) say(status, me.message, 'error');
else if (!me.data.secretariat) say(status, t('console.secretariatOnly'), 'error');
else {
  document.getElementById('workspace')!.hidden = false;
  say(status, '');
  await showGroups();
}
// Suggests an id from the name until the secretariat types one of their own.
let idTouched = false;
idField.addEventListener('input', () => (idTouched = true));
nameField.addEventListener('input', () => {
  if (!idTouched) idField.value = nameField.value.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63);
});
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const created = await answer(hub.POST('/admin/groups', { body: { id: String(data.get('id')).trim(), name: String(data.get('name')).trim(), description: String(data.get('description')).trim() } }));
  if (!created.ok) return say(status, created.message, 'error');
  form.reset();
  idTouched = false;
  await showGroups();
  say(status, t('console.groups.created', { name: created.data.name }));
});
