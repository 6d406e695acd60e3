/** The console's networks: the list, a network's form, and its private feed URLs with their key. */
import { audiences, languages } from '../../../../functions/core/partnership/vocabulary-lists.ts';
import { answer, hub, whoAmI, type paths, type Schema } from '../../lib/api.ts';
import { el } from '../../lib/console-client.ts';
import { dateLocale, messagesOf, pageLocale } from '../../lib/messages.ts';
import { vocabularyNames } from '../../lib/vocabulary-names.ts';
import { oneOf } from './forms.ts';
import { showFields, showRefusal } from '../../lib/field-errors.ts';
import { statusLine } from '../../lib/status.ts';

type Network = paths['/admin/networks']['get']['responses'][200]['content']['application/json']['networks'][number];
type Feeds = Schema<'NetworkFeeds'>;
const root = document.getElementById('networks-page')!;
const m = messagesOf(root);
const t = (key: string, values: Record<string, string | number> = {}) => m(`console.networks.${key}`, values);
const { audienceName, countryName, languageName } = vocabularyNames(pageLocale(), m);
const names = (codes: readonly string[], name: (code: string) => string) => codes.map(name).join(', ');
const status = document.getElementById('status')!;
const form = document.getElementById('network-form') as HTMLFormElement;
const idField = document.getElementById('id') as HTMLInputElement;
const heading = document.getElementById('form-heading')!;
const startNew = document.getElementById('new-network') as HTMLButtonElement;
const say = statusLine(status);

const relayLine = (r: { name: string; email: string }) => `${r.name} <${r.email}>`;

function parseRelays(text: string): { name: string; email: string }[] | string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const contacts: { name: string; email: string }[] = [];
  for (const [index, line] of lines.entries()) {
    const match = /^(.+?)\s*<([^<>\s]+@[^<>\s]+)>$/.exec(line);
    if (!match) return t('badRelay', { line: index + 1 });
    contacts.push({ name: match[1]!, email: match[2]! });
  }
  return contacts;
}

/** A country a stored network names that the list does not offer gets a box of its own, so saving keeps it. */
function offerCountries(codes: readonly string[]) {
  const list = form.querySelector('input[name=countries]')?.closest('ul');
  for (const code of codes) {
    if (!list || form.querySelector(`input[name=countries][value="${CSS.escape(code)}"]`)) continue;
    const box = el('input', '', { type: 'checkbox', name: 'countries', value: code });
    const label = el('label');
    label.append(box, ` ${countryName(code)}`);
    const item = el('li');
    item.append(label);
    list.append(item);
  }
}

function setChecked(name: string, values: string[]) {
  form.querySelectorAll<HTMLInputElement>(`input[name=${name}]`).forEach((box) => (box.checked = values.includes(box.value)));
}

const feedsSection = document.getElementById('feeds-section')!;
const rotateButton = document.getElementById('rotate-button') as HTMLButtonElement;
const rotateConfirm = document.getElementById('rotate-confirm')!;
const rotateQuestion = document.getElementById('rotate-question')!;
/** The network whose feeds are shown, and whether it has a key (rotating one asks first). */
let feedsOf: { id: string; name: string; hasKey: boolean } | undefined;

function showFeeds(name: string, feeds: Feeds | null) {
  document.getElementById('feeds-heading')!.textContent = t('feedsFor', { name });
  document.getElementById('feeds-none')!.hidden = Boolean(feeds);
  document.getElementById('feeds-urls')!.hidden = !feeds;
  if (feeds) {
    (document.getElementById('feed-rss') as HTMLInputElement).value = feeds.rss;
    (document.getElementById('feed-json') as HTMLInputElement).value = feeds.json;
    document.getElementById('feeds-issued')!.textContent = t('feedsIssued', { date: new Date(feeds.issuedAt).toLocaleString(dateLocale(), { dateStyle: 'long', timeStyle: 'short' }) });
  }
  rotateButton.textContent = feeds ? t('rotateKey') : t('issueKey');
  rotateConfirm.hidden = true;
  feedsSection.hidden = false;
}

/** The network's page: its form filled in and its feed URLs, at /console/networks/#<id>. */
async function open(network: Network) {
  edit(network);
  history.replaceState(null, '', `#${network.id}`);
  const opened = await answer(hub.GET('/admin/networks/{id}', { params: { path: { id: network.id } } }));
  if (!opened.ok) return say(opened.message, 'error');
  feedsOf = { id: network.id, name: network.name, hasKey: Boolean(opened.data.feeds) };
  showFeeds(network.name, opened.data.feeds);
}

async function rotate() {
  if (!feedsOf) return;
  const { id, name, hasKey } = feedsOf;
  const issued = await answer(hub.POST('/admin/networks/{id}/feed-key', { params: { path: { id } } }));
  if (!issued.ok) return say(issued.message, 'error');
  feedsOf = { id, name, hasKey: true };
  showFeeds(name, issued.data);
  say(t(hasKey ? 'rotated' : 'issued', { name }), 'success');
  (document.getElementById('feed-rss') as HTMLInputElement).focus();
}

rotateButton.addEventListener('click', () => {
  if (!feedsOf?.hasKey) return void rotate();
  rotateQuestion.textContent = t('rotateQuestion', { name: feedsOf.name });
  rotateConfirm.hidden = false;
  rotateQuestion.focus();
});
document.getElementById('rotate-yes')!.addEventListener('click', () => void rotate());
document.getElementById('rotate-no')!.addEventListener('click', () => {
  rotateConfirm.hidden = true;
  rotateButton.focus();
});
feedsSection.querySelectorAll<HTMLButtonElement>('button[data-copy]').forEach((button) =>
  button.addEventListener('click', async () => {
    const field = document.getElementById(button.dataset.copy!) as HTMLInputElement;
    const what = field.labels?.[0]?.textContent ?? '';
    try {
      await navigator.clipboard.writeText(field.value);
      say(t('copied', { what }), 'success');
    } catch {
      field.select();
      say(t('copyFailed'), 'error');
    }
  }),
);

function edit(network?: Network) {
  form.reset();
  if (!network) {
    feedsSection.hidden = true;
    feedsOf = undefined;
    history.replaceState(null, '', location.pathname);
  }
  idField.readOnly = Boolean(network);
  startNew.hidden = !network;
  heading.textContent = network ? t('editing', { name: network.name }) : t('new');
  if (network) {
    idField.value = network.id;
    (form.elements.namedItem('name') as HTMLInputElement).value = network.name;
    (form.elements.namedItem('relays') as HTMLTextAreaElement).value = network.relayContacts.map(relayLine).join('\n');
    (form.elements.namedItem('intro') as HTMLTextAreaElement).value = network.intro;
    setChecked('audiences', network.audiences);
    setChecked('languages', network.languages);
    offerCountries(network.countries);
    setChecked('countries', network.countries);
    heading.focus();
  }
}

async function load() {
  const listed = await answer(hub.GET('/admin/networks'));
  if (!listed.ok) return say(listed.message, 'error');
  const rows = listed.data.networks.map((n) => {
    const row = el('tr', '', { 'data-id': n.id });
    const relays = el('td');
    n.relayContacts.forEach((r, i) => relays.append(...(i ? [el('br')] : []), document.createTextNode(relayLine(r))));
    const actions = el('td');
    const button = el('button', t('edit'), { type: 'button', 'aria-label': t('editNamed', { name: n.name }) });
    // Editing opens the network's page: its form, then its feed URLs.
    button.addEventListener('click', () => void open(n));
    actions.append(button);
    row.append(el('th', n.name, { scope: 'row' }), el('td', names(n.audiences, audienceName)), el('td', names(n.countries, countryName) || t('europeWide')), el('td', names(n.languages, languageName)), relays, actions);
    return row;
  });
  document.getElementById('networks')!.replaceChildren(...rows);
  if (rows.length === 0) say(t('empty'));
  return listed.data.networks;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const relayContacts = parseRelays(text('relays'));
  if (typeof relayContacts === 'string') return say(relayContacts, 'error');
  const id = text('id');
  // The boxes offer the document's audiences, languages and countries only.
  const chosen = <T extends string>(choices: readonly T[], name: string) => data.getAll(name).flatMap((value) => oneOf(choices, value) ?? []);
  const result = await answer(hub.PUT('/admin/networks/{id}', {
    params: { path: { id } },
    body: {
      name: text('name'),
      audiences: chosen(audiences, 'audiences'),
      countries: data.getAll('countries').map(String),
      languages: chosen(languages, 'languages'),
      relayContacts,
      intro: text('intro'),
    },
  }));
  showFields(form);
  if (!result.ok) return say(showRefusal(form, result, { relayContacts: 'relays' }).line, 'error');
  say(t('saved', { name: text('name') }), 'success');
  const saved = (await load())?.find((n) => n.id === id);
  if (saved) await open(saved);
});
startNew.addEventListener('click', () => edit());

const me = await whoAmI(status);
if (me && !me.secretariat) say(t('forbidden'), 'error');
if (me?.secretariat) {
  document.getElementById('list-section')!.hidden = false;
  document.getElementById('edit-section')!.hidden = false;
  const networks = await load();
  const linked = networks?.find((n) => `#${n.id}` === location.hash);
  if (linked) await open(linked);
}
