/** One contact's page: their details, consents, deliveries and data requests, and the networks they are reached through. */
import { BY_THE_PERSON, BY_THE_SECRETARIAT } from '../../../../functions/core/privacy/ledger.ts';
import { answer, hub, whoAmI, type Schema } from '../../lib/api.ts';
import { el, openedPerson, openPerson } from '../../lib/console-client.ts';
import { dateLocale, messagesOf, pageLocale } from '../../lib/messages.ts';
import { vocabularyNames } from '../../lib/vocabulary-names.ts';

type Profile = Schema<'ContactProfile'>;
const t = messagesOf(document.getElementById('console-contact')!);
const { audienceName, channelName, consentSourceName, contactSourceName, contactStatusName, countryName, languageName, ledgerKindName, recordedByName, suppressionReasonName, topicName } = vocabularyNames(pageLocale(), t);
const status = document.getElementById('status')!;
const say = (element: HTMLElement, text: string, kind = '') => {
  element.className = kind;
  element.textContent = text;
};
const when = (iso: string) => new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)) + ' UTC';
const time = (iso: string | undefined) => {
  const cell = el('td');
  if (iso) cell.append(el('time', when(iso), { datetime: iso }));
  return cell;
};
const cells = (...values: (string | HTMLElement)[]) => {
  const row = el('tr');
  row.append(...values.map((v) => (typeof v === 'string' ? el('td', v) : v)));
  return row;
};
/** Fills a table's body, or says it is empty. */
function fill(id: string, rows: HTMLTableRowElement[]) {
  const table = document.getElementById(id) as HTMLTableElement;
  table.tBodies[0]!.replaceChildren(...rows);
  table.hidden = rows.length === 0;
  document.getElementById(`${id}-empty`)!.hidden = rows.length > 0;
}
// A code the catalogues do not name reads as itself.
const named = (prefix: string, code: string) => (t(`${prefix}${code}`) === `${prefix}${code}` ? code : t(`${prefix}${code}`));
let email = '';
let allNetworks: { id: string; name: string }[] = [];

function showDetails(profile: Profile) {
  // An older record may lack a field the document makes optional: it reads as a dash.
  const c = profile.contact;
  const state = (c.status ? contactStatusName(c.status) : '—') + (profile.suppressed ? t('console.contact.suppressed', { reason: suppressionReasonName(profile.suppressed.reason), at: when(profile.suppressed.at) }) : '');
  const rows: [string, string][] = [
    [t('console.contact.field.email'), c.email ?? '—'],
    [t('console.contact.field.name'), c.name || '—'],
    [t('console.contact.field.organisation'), c.organisation || '—'],
    [t('console.contact.field.status'), state],
    [t('console.contact.field.audience'), c.audience ? audienceName(c.audience) : '—'],
    [t('console.contact.field.country'), c.country ? countryName(c.country) : '—'],
    [t('console.contact.field.language'), languageName(c.language)],
    [t('console.contact.field.topics'), c.topics.map(topicName).join(', ') || t('console.contact.everyTopic')],
    [t('console.contact.field.networks'), profile.networks.map((n) => n.name).join(', ') || t('console.contact.none')],
    [t('console.contact.field.source'), c.source ? contactSourceName(c.source) : '—'],
    [t('console.contact.field.consent'), c.consent ? t('console.contact.consentRecord', { source: consentSourceName(c.consent), at: when(c.consent.at), version: c.consent.wordingVersion }) : t('console.contact.none')],
    [t('console.contact.field.added'), c.createdAt ? when(c.createdAt) : '—'],
  ];
  document.getElementById('details')!.replaceChildren(...rows.flatMap(([term, value]) => [el('dt', term), el('dd', value)]));
}

function showNetworks(chosen: readonly string[]) {
  const list = document.getElementById('network-choices')!;
  list.replaceChildren(
    ...allNetworks.map((n) => {
      const item = el('li');
      const label = el('label');
      const box = el('input', '', { type: 'checkbox', name: 'networks', value: n.id });
      (box as HTMLInputElement).checked = chosen.includes(n.id);
      label.append(box, document.createTextNode(` ${n.name}`));
      item.append(label);
      return item;
    }),
  );
  document.getElementById('no-networks')!.hidden = allNetworks.length > 0;
}

function show(profile: Profile, address: string) {
  email = profile.contact.email ?? address;
  document.querySelector('h1')!.textContent = profile.contact.name ? `${profile.contact.name} (${email})` : email;
  showDetails(profile);
  showNetworks(profile.contact.networks);
  fill('consents', profile.consents.map((e) => cells(time(e.at), `${ledgerKindName(e.kind)}${e.reason ? ` (${suppressionReasonName(e.reason)})` : ''}`, channelName(e.channel), consentSourceName(e), e.wordingVersion ?? '', recordedByName(e.recordedBy))));
  fill('deliveries', profile.deliveries.map((d) => cells(d.title || d.updateId, time(d.queuedAt), time(d.sentAt), d.route === 'direct' ? t('console.contact.direct') : t('console.contact.relay', { network: d.route.slice('relay:'.length) }), named('console.contact.delivery.', d.status))));
  fill('requests', profile.requests.map((r) => cells(time(r.receivedAt), named('console.contact.request.', r.kind), named('console.contact.requestState.', r.state), recordedByName(r.via === 'secretariat' ? BY_THE_SECRETARIAT : BY_THE_PERSON))));
  document.getElementById('contact')!.hidden = false;
}

async function open(address: string) {
  say(status, t('console.contact.loading'));
  const profile = await answer(hub.POST('/admin/contacts/profile', { body: { email: address } }));
  if (!profile.ok) {
    document.getElementById('contact')!.hidden = true;
    document.getElementById('open-form')!.hidden = false;
    return say(status, profile.status === 404 ? t('console.contact.notFound', { email: address }) : profile.message, 'error');
  }
  show(profile.data, address);
  openPerson(email);
  say(status, '');
}

// The personal-data page opens with the address filled in and runs nothing until a button is pressed.
document.getElementById('personal-data')!.addEventListener('click', () => openPerson(email, 'privacy'));

document.getElementById('open-form')!.addEventListener('submit', (event) => {
  event.preventDefault();
  void open((document.getElementById('open-email') as HTMLInputElement).value.trim());
});

document.getElementById('networks-form')!.addEventListener('submit', async (event) => {
  event.preventDefault();
  const networksStatus = document.getElementById('networks-status')!;
  const chosen = [...document.querySelectorAll<HTMLInputElement>('#network-choices input:checked')].map((box) => box.value);
  const saved = await answer(hub.POST('/admin/contacts/networks', { body: { email, networks: chosen } }));
  if (!saved.ok) return say(networksStatus, saved.message, 'error');
  const names = saved.data.networks.map((id) => allNetworks.find((n) => n.id === id)?.name ?? id);
  say(networksStatus, names.length ? t('console.contact.networksSaved', { networks: names.join(', ') }) : t('console.contact.networksSavedNone'), 'success');
  const dd = [...document.querySelectorAll('#details dt')].find((dt) => dt.textContent === t('console.contact.field.networks'))?.nextElementSibling;
  if (dd) dd.textContent = names.join(', ') || t('console.contact.none');
});

const me = await whoAmI(status);
if (me && !me.secretariat) say(status, t('console.contact.forbidden'), 'error');
if (me?.secretariat) {
  const networks = await answer(hub.GET('/admin/networks'));
  allNetworks = networks.ok ? networks.data.networks : [];
  const chosen = openedPerson();
  if (chosen) await open(chosen);
  else {
    document.getElementById('open-form')!.hidden = false;
    say(status, t('console.contact.openPrompt'));
  }
}
