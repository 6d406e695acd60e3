/** The members' agenda: upcoming and past events with the member's registration, and a private calendar feed. */
import { pathIn } from '../../i18n/default.ts';
import { answer, hub, whoAmI, type Schema } from '../../lib/api.ts';
import { inZone, messagesOf } from '../../lib/agenda-client.ts';
import { el } from '../../lib/console-client.ts';
import { dateLocale } from '../../lib/messages.ts';

const root = document.getElementById('agenda')!;
const t = messagesOf(root);
const locale = dateLocale(root.dataset.locale);
const status = document.getElementById('status');
const refused = (message: string) => {
  if (!status) return;
  status.className = 'error';
  status.textContent = message;
};

function item(event: Schema<'AgendaEvent'>) {
  const li = el('li', '', { 'data-event': event.id });
  const link = el('a', event.title, { href: pathIn(`/members/events/event/?id=${encodeURIComponent(event.id)}`) });
  const heading = el('h3');
  heading.append(link);
  li.append(heading, el('p', t('labelled', { label: t('agenda.when'), value: inZone(event.startsAt, event.timeZone, locale) }), { class: 'meta' }));
  if (event.place || event.online) li.append(el('p', t('labelled', { label: t('agenda.where'), value: [event.place, event.online ? t('agenda.online') : ''].filter(Boolean).join(' · ') }), { class: 'meta' }));
  li.append(el('p', event.myStatus ? t(`agenda.status.${event.myStatus}`) : t('agenda.status.none'), { class: 'meta my-status' }));
  return li;
}

async function load() {
  const events = await answer(hub.GET('/events'));
  if (!events.ok) return refused(events.message);
  for (const key of ['upcoming', 'past'] as const) {
    const list = document.getElementById(key)!;
    const shown = events.data[key];
    list.replaceChildren(...(shown.length ? shown.map(item) : [el('li', t('agenda.none'))]));
  }
}

async function loadFeed() {
  const feed = await answer(hub.GET('/calendar-feed'));
  if (!feed.ok) return refused(feed.message);
  document.getElementById('feed-state')!.textContent = feed.data.active
    ? t('agenda.feed.active', { date: new Date(feed.data.createdAt!).toLocaleDateString(locale) })
    : t('agenda.feed.inactive');
  document.getElementById('feed')!.hidden = false;
}

document.getElementById('feed-create')!.addEventListener('click', async () => {
  const created = await answer(hub.POST('/calendar-feed'));
  if (!created.ok) return refused(created.message);
  (document.getElementById('feed-url') as HTMLInputElement).value = created.data.url;
  document.getElementById('feed-url-line')!.hidden = false;
  await loadFeed();
});
document.getElementById('feed-revoke')!.addEventListener('click', async () => {
  const revoked = await answer(hub.POST('/calendar-feed/revoke'));
  if (!revoked.ok) return refused(revoked.message);
  document.getElementById('feed-url-line')!.hidden = true;
  document.getElementById('feed-state')!.textContent = t('agenda.feed.revoked');
});

if (await whoAmI(status)) await Promise.all([load(), loadFeed()]);
