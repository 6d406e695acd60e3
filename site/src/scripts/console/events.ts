/** The console's agenda: creating an event, the events and their registrations. */
import { answer, hub, whoAmI, type Schema } from '../../lib/api.ts';
import { el } from '../../lib/console-client.ts';
import { dateLocale, pathIn } from '../../lib/messages.ts';
import { inZone, messagesOf } from '../../lib/agenda-client.ts';
import { oneOf } from './forms.ts';
import { showFields, showRefusal } from '../../lib/field-errors.ts';
import { statusLine } from '../../lib/status.ts';
const root = document.getElementById('console-events')!;
const t = messagesOf(root);
const status = document.getElementById('status')!;
const form = document.getElementById('event-form') as HTMLFormElement;
const say = statusLine(status);

async function showRegistrations(event: Schema<'AgendaEvent'>) {
  const listed = await answer(hub.GET('/admin/events/{id}/registrations', { params: { path: { id: event.id } } }));
  if (!listed.ok) return say(listed.message, 'error');
  document.getElementById('registrations-heading')!.textContent = t('labelled', { label: t('console.events.registrations'), value: event.title });
  document.getElementById('registrations')!.replaceChildren(...listed.data.registrations.map((r) => {
    const row = el('tr');
    row.append(el('td', `${r.name} <${r.email}>`), el('td', r.organisation), el('td', r.status));
    return row;
  }));
  document.getElementById('registrations-section')!.hidden = false;
}

async function loadEvents() {
  const listed = await answer(hub.GET('/admin/events'));
  if (!listed.ok) return say(listed.message, 'error');
  document.getElementById('events')!.replaceChildren(...listed.data.events.map((e) => {
    const row = el('tr', '', { 'data-event': e.id });
    const link = el('a', e.title, { href: `${pathIn('/members/events/event/')}?id=${e.id}` });
    const name = el('td');
    name.append(link);
    const action = el('td');
    const button = el('button', t('console.events.show'), { type: 'button' });
    button.addEventListener('click', () => void showRegistrations(e));
    action.append(button);
    row.append(name, el('td', inZone(e.startsAt, e.timeZone, dateLocale())), el('td', e.groupId ? `${t(`console.events.shown.${e.visibility}`)}: ${e.groupId}` : t(`console.events.shown.${e.visibility}`)), el('td', `${e.registered} / ${e.capacity ?? '∞'}`), el('td', String(e.waitlisted)), action);
    return row;
  }));
  document.getElementById('list-section')!.hidden = false;
}

async function loadGroups() {
  const listed = await answer(hub.GET('/admin/groups'));
  if (!listed.ok) return;
  document.getElementById('groupId')!.append(...listed.data.groups.map((g) => el('option', g.name, { value: g.id })));
}

form.addEventListener('submit', async (submit) => {
  submit.preventDefault();
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const optional = (name: string) => (text(name) ? { [name]: text(name) } : {});
  const visibility = oneOf(['members', 'public', 'group'], text('visibility')) ?? 'members';
  const event = {
    title: text('title'),
    description: text('description'),
    start: text('start'),
    end: text('end'),
    timeZone: text('timeZone'),
    visibility,
    ...optional('place'),
    ...optional('online'),
    ...optional('registrationDeadline'),
    ...(text('visibility') === 'group' ? optional('groupId') : {}),
    ...(text('capacity') ? { capacity: Number(text('capacity')) } : {}),
    actions: data.getAll('actions').map(Number),
  };
  const created = await answer(hub.POST('/admin/events', { body: event }));
  showFields(form);
  if (!created.ok) return say(showRefusal(form, created).line, 'error');
  say(t('console.events.created'), 'success');
  form.reset();
  await loadEvents();
});

const me = await whoAmI(status);
if (me && me.secretariat) {
  document.getElementById('compose')!.hidden = false;
  await Promise.all([loadEvents(), loadGroups()]);
} else if (me) say(t('console.secretariatOnly'), 'error');
