/** The members' register of agreements: filters in the address, exports, and a leader's changes. */
import { answer, hub, type Body, type Schema } from '../../lib/api.ts';
import { el, messagesOf, say, toSignIn } from '../../lib/forum-client.ts';
import { chosenGroups, groupChoice, h } from './agreement-form.ts';
import { dateLocale } from '../../lib/messages.ts';

type Named = { id: string; name: string };
type Entry = Schema<'Agreement'>;
type Change = Body<'/agreements/{id}', 'patch'>;
const t = messagesOf(document.getElementById('agreements')!);
const status = document.getElementById('status');
const list = document.getElementById('list')!;
const form = document.getElementById('filters') as HTMLFormElement;
const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
const day = new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'long', timeZone: 'UTC' });
const plural = new Intl.PluralRules(document.documentElement.lang);
let groups: Named[] = [];
let all: Entry[] = [];

// The filters live in the address, so a search can be shared and the exports follow it.
const params = new URLSearchParams(location.search);
for (const name of ['q', 'group', 'state']) field(name).value = params.get(name) ?? '';

function filters() {
  const found: Record<string, string> = {};
  for (const name of ['q', 'group', 'state']) if (field(name).value.trim()) found[name] = field(name).value.trim();
  return found;
}
const query = () => new URLSearchParams(filters()).toString();

function changeForm(entry: Entry, item: HTMLElement) {
  const id = (name: string) => `${name}-${entry.id}`;
  const states = entry.state === 'proposed' ? ['proposed', 'agreed'] : ['agreed', 'superseded'];
  const state = h('select', { id: id('state'), name: 'state' }, ...states.map((s) => h('option', { value: s, selected: s === entry.state }, t(`agreements.state.${s}`))));
  const agreedOn = h('input', { id: id('agreedOn'), name: 'agreedOn', type: 'date', value: entry.agreedOn ?? '', disabled: entry.state !== 'proposed' });
  const replacement = h('select', { id: id('replacement'), name: 'supersededBy' }, h('option', { value: '' }, '—'),
    ...all.filter((a) => a.id !== entry.id && a.state === 'agreed').map((a) => h('option', { value: a.id }, a.title)));
  const isPublic = h('input', { id: id('public'), name: 'public', type: 'checkbox', checked: entry.public });
  const bound = groupChoice(t('members.agreements.bindingGroups'), groups, (g) => entry.bindingGroups.some((b) => b.id === g));
  const result = h('p', { role: 'status' });
  const label = (name: string, key: string) => h('label', { htmlFor: id(name) }, t(key));
  const changeForm = h('form', { className: 'change-form' },
    label('state', 'members.agreements.newState'), state,
    label('agreedOn', 'members.agreements.agreedOn'), agreedOn,
    label('replacement', 'members.agreements.replacement'), replacement,
    h('p', {}, isPublic, ' ', label('public', 'members.agreements.makePublic')),
    bound, h('p', {}, h('button', { type: 'submit' }, t('members.agreements.save'))), result);
  changeForm.addEventListener('submit', async (submit) => {
    submit.preventDefault();
    const change: Change = { public: isPublic.checked, bindingGroups: chosenGroups(bound) };
    if (state.value !== entry.state) change.state = state.value as Entry['state'];
    if (entry.state === 'proposed' && agreedOn.value) change.agreedOn = agreedOn.value;
    if (state.value === 'superseded') change.supersededBy = replacement.value;
    const changed = await answer(hub.PATCH('/agreements/{id}', { params: { path: { id: entry.id } }, body: change }));
    if (!changed.ok) return say(result, changed.message, 'error');
    all = all.map((a) => (a.id === entry.id ? changed.data : a));
    const fresh = render(changed.data);
    item.replaceWith(fresh);
    say(fresh.querySelector<HTMLElement>('.done'), t('members.agreements.saved'));
  });
  const details = h('details', {}, h('summary', {}, t('members.agreements.change')), changeForm);
  if (entry.state === 'proposed') {
    const withdraw = h('button', { type: 'button' }, t('members.agreements.withdraw'));
    withdraw.addEventListener('click', async () => {
      const withdrawn = await answer(hub.DELETE('/agreements/{id}', { params: { path: { id: entry.id } } }));
      if (!withdrawn.ok) return say(result, withdrawn.message, 'error');
      item.remove();
      say(status, t('members.agreements.withdrawn'));
    });
    details.append(h('p', {}, withdraw));
  }
  return details;
}

function render(entry: Entry) {
  const date = entry.agreedOn ? t('members.agreements.agreedOnDay', { date: day.format(new Date(`${entry.agreedOn}T00:00:00Z`)) }) : t('agreements.notYet');
  // Only the API's sanitized HTML is put into the page.
  const text = el('div', { className: 'text' });
  text.innerHTML = entry.html;
  const item = el('li', { id: `agreement-${entry.id}`, className: `state-${entry.state}` },
    el('h2', {}, entry.title),
    el('p', { className: 'meta' }, el('span', { className: 'badge' }, t(`agreements.state.${entry.state}`)), ' ',
      ...(entry.public ? [el('span', { className: 'badge' }, t('members.agreements.public')), ' '] : []),
      t('members.agreements.meta', { date, group: entry.group.name })),
    el('p', { className: 'meta' }, t('members.agreements.binds', { groups: entry.bindingGroups.map((g) => g.name).join(', ') })),
    text);
  if (entry.supersededBy) {
    item.append(el('p', {}, t('members.agreements.supersededBy', { title: '' }), el('a', { href: `#agreement-${entry.supersededBy.id}` }, entry.supersededBy.title)));
  }
  item.append(entry.thread
    ? el('p', {}, el('a', { href: entry.thread.path }, t('members.agreements.openThread')))
    : el('p', { className: 'meta' }, t('members.agreements.noThread', { group: entry.group.name })));
  item.append(el('p', { className: 'done', role: 'status' }));
  if (entry.canChange && entry.state !== 'superseded') item.append(changeForm(entry, item));
  return item;
}

async function load() {
  const q = query();
  const register = await answer(hub.GET('/agreements/register', { params: { query: filters() } }));
  if (!register.ok) {
    if (register.status === 401) return toSignIn();
    return say(status, register.message, 'error');
  }
  groups = register.data.groups;
  const select = field('group') as HTMLSelectElement;
  if (select.options.length === 1) {
    select.append(...groups.map((g) => el('option', { value: g.id }, g.name)));
    select.value = params.get('group') ?? '';
  }
  // Superseding offers every agreed agreement, whatever the filters show.
  if (q) {
    const everything = await answer(hub.GET('/agreements/register'));
    all = everything.ok ? everything.data.agreements : register.data.agreements;
  } else all = register.data.agreements;
  (document.getElementById('csv') as HTMLAnchorElement).href = `/api/agreements/register.csv${q ? `?${q}` : ''}`;
  (document.getElementById('markdown') as HTMLAnchorElement).href = `/api/agreements/register.md${q ? `?${q}` : ''}`;
  const shown = register.data.agreements;
  list.replaceChildren(...shown.map(render));
  say(status, shown.length ? t(`members.agreements.count.${plural.select(shown.length) === 'one' ? 'one' : 'other'}`, { n: shown.length }) : t('members.agreements.empty'));
}

form.addEventListener('submit', (submit) => {
  submit.preventDefault();
  const q = query();
  history.replaceState(null, '', `${location.pathname}${q ? `?${q}` : ''}`);
  void load();
});
await load();
