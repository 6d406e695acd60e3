/** One event for members: its facts, the member's registration, and the link to report on it afterwards. */
import { pathIn } from '../../i18n/default.ts';
import { answer, hub, whoAmI, type Schema } from '../../lib/api.ts';
import { inZone, messagesOf } from '../../lib/agenda-client.ts';
import { el } from '../../lib/console-client.ts';
import { paramOrList } from '../../lib/forum-client.ts';
import { dateLocale } from '../../lib/messages.ts';
import { statusLine } from '../../lib/status.ts';

const root = document.getElementById('event-page')!;
const t = messagesOf(root);
const locale = dateLocale(root.dataset.locale);
const status = document.getElementById('status')!;
const id = await paramOrList('id', '/members/events/');
const path = { params: { path: { id } } };
const say = statusLine(status);

function show(event: Schema<'AgendaEvent'>) {
  document.title = `${event.title} · ${document.title.split(' · ').slice(1).join(' · ')}`;
  document.getElementById('event-title')!.textContent = event.title;
  document.getElementById('event-when')!.textContent = `${inZone(event.startsAt, event.timeZone, locale)} – ${inZone(event.endsAt, event.timeZone, locale)}`;
  const where = document.getElementById('event-where')!;
  where.replaceChildren(document.createTextNode(event.place ?? ''));
  if (event.online) {
    if (event.place) where.append(document.createTextNode(' · '));
    where.append(el('a', t('agenda.online'), { href: event.online, rel: 'noopener' }));
  }
  document.getElementById('event-actions')!.textContent = event.actions.join(', ') || '–';
  document.getElementById('event-seats')!.textContent = event.capacity
    ? `${t('agenda.seats', { left: event.seatsLeft ?? 0, capacity: event.capacity })}${event.waitlisted ? ` · ${t('agenda.waiting', { n: event.waitlisted })}` : ''}`
    : '';
  document.getElementById('event-deadline')!.textContent = event.registrationDeadline ? t('agenda.deadline', { date: event.registrationDeadline.replace('T', ' ') }) : '';
  document.getElementById('event-description')!.textContent = event.description;
  document.getElementById('my-status')!.textContent = event.myStatus ? t(`agenda.status.${event.myStatus}`) : t('agenda.status.none');
  const now = Date.now();
  const started = Date.parse(event.startsAt) <= now;
  (document.getElementById('register') as HTMLButtonElement).hidden = started || event.myStatus !== null;
  (document.getElementById('cancel') as HTMLButtonElement).hidden = started || event.myStatus === null;
  const report = document.getElementById('report-link') as HTMLAnchorElement;
  report.hidden = !(started && event.myStatus === 'registered');
  report.href = pathIn(`/members/report/?event=${encodeURIComponent(event.id)}`);
  document.getElementById('event')!.hidden = false;
}

async function load() {
  const event = await answer(hub.GET('/events/{id}', path));
  if (!event.ok) return say(event.message, 'error');
  show(event.data);
}

document.getElementById('register')!.addEventListener('click', async () => {
  say(t('agenda.working'));
  const registered = await answer(hub.POST('/events/{id}/registration', path));
  if (!registered.ok) return say(registered.message, 'error');
  say(t(`agenda.${registered.data.status}`), 'success');
  await load();
});
document.getElementById('cancel')!.addEventListener('click', async () => {
  say(t('agenda.working'));
  const cancelled = await answer(hub.DELETE('/events/{id}/registration', path));
  if (!cancelled.ok) return say(cancelled.message, 'error');
  say(t('agenda.cancelled'), 'success');
  await load();
});

if (await whoAmI(status)) await load();
