/** The console's members of a group: roles, removal, invitations. */
import { answer, hub, type paths, type Schema } from '../../lib/api.ts';
import { el, messagesOf, param, say, toSignIn, when } from '../../lib/forum-client.ts';
import { oneOf } from './forms.ts';
import { showFields, showRefusal } from '../../lib/field-errors.ts';

type Group = Schema<'Group'>;
type Member = paths['/admin/groups/{group}/members']['get']['responses'][200]['content']['application/json']['members'][number];
type Role = Member['role'];
const t = messagesOf(document.getElementById('console-members')!);
const status = document.getElementById('status');
const select = document.getElementById('group') as HTMLSelectElement;
const table = document.getElementById('members') as HTMLTableElement;
const inviteForm = document.getElementById('invite-form') as HTMLFormElement;
const roles: Role[] = ['leader', 'member', 'observer'];
const everyRole: Role[] = [...roles, 'contributor'];
let groups: Group[] = [];
const current = () => groups.find((g) => g.id === select.value);
// The address goes in the body: a path would leave it in the access logs.
const inGroup = () => ({ params: { path: { group: select.value } } });

function row(member: Member, group: Group) {
  const roleId = `role-${member.email.replace(/[^A-Za-z0-9]/g, '-')}`;
  const roleSelect = document.createElement('select');
  Object.assign(roleSelect, { id: roleId, name: 'role', disabled: group.archived });
  for (const role of member.role === 'contributor' ? everyRole : roles) {
    roleSelect.append(new Option(t(`members.role.${role}`), role, false, role === member.role));
  }
  const change = el('button', { type: 'submit', disabled: group.archived }, t('console.members.changeRole'));
  change.setAttribute('aria-label', t('console.members.changeRoleOf', { name: member.name }));
  const label = el('label', { htmlFor: roleId, className: 'visually-hidden' }, t('console.members.roleOf', { name: member.name }));
  const roleForm = document.createElement('form');
  roleForm.append(label, roleSelect, change);
  roleForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const changed = await answer(hub.POST('/admin/groups/{group}/members/role', { ...inGroup(), body: { email: member.email, role: oneOf(everyRole, roleSelect.value) ?? member.role } }));
    if (!changed.ok) return say(status, changed.message, 'error');
    await showMembers();
    say(status, t('console.members.roleChanged', { name: member.name, role: t(`members.role.${roleSelect.value}`), group: group.name }));
  });
  const remove = el('button', { type: 'button' }, t('console.members.remove'));
  remove.setAttribute('aria-label', t('console.members.removeOf', { name: member.name }));
  remove.addEventListener('click', async () => {
    if (!confirm(t('console.members.confirmRemove', { name: member.name, group: group.name }))) return;
    const removed = await answer(hub.POST('/admin/groups/{group}/members/remove', { ...inGroup(), body: { email: member.email } }));
    if (!removed.ok) return say(status, removed.message, 'error');
    await showMembers();
    say(status, t('console.members.removed', { name: member.name, group: group.name }));
  });
  return el('tr', {}, el('td', {}, member.name), el('td', {}, el('a', { href: `mailto:${member.email}` }, member.email)), el('td', {}, member.organisation),
    el('td', {}, roleForm), el('td', {}, when(member.since)), el('td', {}, remove));
}

async function showMembers() {
  const group = current();
  if (!group) return;
  document.getElementById('list-heading')!.textContent = t('console.members.list', { group: group.name });
  document.getElementById('archived')!.hidden = !group.archived;
  document.getElementById('invite')!.hidden = group.archived;
  history.replaceState(null, '', `?group=${encodeURIComponent(group.id)}`);
  const listed = await answer(hub.GET('/admin/groups/{group}/members', { params: { path: { group: group.id } } }));
  if (!listed.ok) {
    table.hidden = true;
    return say(status, listed.message, 'error');
  }
  const members = listed.data.members.sort((a, b) => a.name.localeCompare(b.name));
  table.tBodies[0]!.replaceChildren(...members.map((m) => row(m, group)));
  document.getElementById('members-caption')!.textContent = t('console.members.count', { n: members.length });
  table.hidden = members.length === 0;
  document.getElementById('empty')!.hidden = members.length > 0;
}

const me = await answer(hub.GET('/me'));
if (!me.ok && me.status === 401) toSignIn();
else if (!me.ok) say(status, me.message, 'error');
else if (!me.data.secretariat) say(status, t('console.secretariatOnly'), 'error');
else {
  const listed = await answer(hub.GET('/admin/groups'));
  if (!listed.ok) say(status, listed.message, 'error');
  else if (!listed.data.groups.length) say(status, t('console.members.noGroups'));
  else {
    groups = listed.data.groups;
    select.replaceChildren(...groups.map((g) => new Option(g.archived ? `${g.name} (${t('console.groups.archived')})` : g.name, g.id)));
    const wanted = param('group');
    if (groups.some((g) => g.id === wanted)) select.value = wanted;
    document.getElementById('workspace')!.hidden = false;
    say(status, '');
    await showMembers();
  }
}
select.addEventListener('change', () => {
  say(status, '');
  void showMembers();
});
inviteForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const group = current();
  if (!group) return;
  const data = new FormData(inviteForm);
  const invitation = {
    email: String(data.get('email')).trim(),
    name: String(data.get('name')).trim(),
    organisation: String(data.get('organisation')).trim(),
    language: oneOf(['en', 'fr'], data.get('language')) ?? 'en',
    role: oneOf(everyRole, data.get('role')) ?? 'member',
    groupId: group.id,
  };
  const invited = await answer(hub.POST('/admin/members', { body: invitation }));
  showFields(inviteForm);
  if (!invited.ok) return say(status, showRefusal(inviteForm, invited).line, 'error');
  inviteForm.reset();
  await showMembers();
  say(status, t(invited.data.invitationSent ? 'console.members.invited' : 'console.members.invitedNoMail', { email: invitation.email, group: group.name }));
});
