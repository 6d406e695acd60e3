/** The console's visibility view: the public site's page views in a period, and the updates sent in it. */
import { answer, hub, whoAmI, type Schema } from '../../lib/api.ts';
import { el } from '../../lib/console-client.ts';
import { messagesOf, pageLocale, pathIn } from '../../lib/messages.ts';
import { statusLine } from '../../lib/status.ts';

type Counts = Record<string, number>;
type Visibility = Schema<'Visibility'>;
type Page = Visibility['pages'][number];

const root = document.getElementById('visibility-page')!;
const t = messagesOf(root);
const listedPages = (json: string | undefined) => JSON.parse(json ?? '[]') as [string, string][];
const titles = new Map<string, string>([...listedPages(root.dataset.actions), ...listedPages(root.dataset.news)]);
const status = document.getElementById('status')!;
const say = statusLine(status);
const form = document.getElementById('period') as HTMLFormElement;
const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
const csv = document.getElementById('csv') as HTMLAnchorElement;
const number = new Intl.NumberFormat(pageLocale());
const languageName = new Intl.DisplayNames([pageLocale()], { type: 'language' });
const countryName = new Intl.DisplayNames([pageLocale()], { type: 'region' });
const language = (code: string) => { try { return languageName.of(code) ?? code; } catch { return code; } };
const country = (code: string) => { if (code === '--') return t('console.visibility.unknownCountry'); try { return countryName.of(code) ?? code; } catch { return code; } };
const SVG = 'http://www.w3.org/2000/svg';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const query = new URLSearchParams(location.search);
field('from').value = query.get('from') ?? day(-29);
field('to').value = query.get('to') ?? day(0);

/** A table of rows, with a caption for screen readers and numeric columns aligned. */
function table(caption: string, head: { label: string; numeric?: boolean }[], rows: (string | Node)[][]) {
  const tableEl = el('table');
  tableEl.append(el('caption', caption, { class: 'visually-hidden' }));
  const headRow = el('tr');
  headRow.append(...head.map((h) => el('th', h.label, { scope: 'col', ...(h.numeric ? { class: 'n' } : {}) })));
  const thead = el('thead');
  thead.append(headRow);
  const tbody = el('tbody');
  tbody.append(...rows.map((cells) => {
    const row = el('tr');
    row.append(...cells.map((cell, i) => {
      const td = el('td', typeof cell === 'string' ? cell : '', head[i]?.numeric ? { class: 'n' } : {});
      if (typeof cell !== 'string') td.append(cell);
      return td;
    }));
    return row;
  }));
  tableEl.append(thead, tbody);
  return tableEl;
}

const breakdown = (counts: Counts, name: (code: string) => string) =>
  Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([code, n]) => `${name(code)} ${number.format(n)}`).join(' · ');

function pagesTable(into: string, pages: Page[], caption: string, known: [string, string][] = []) {
  const container = document.getElementById(into)!;
  // Every known page is listed, a page nobody read included: a gap is a finding too.
  const byPath = new Map(pages.map((p) => [p.path, p]));
  const listed = known.length ? known.map(([path, title]) => ({ path, title, page: byPath.get(path) })) : pages.map((p) => ({ path: p.path, title: p.path, page: p }));
  listed.sort((a, b) => (b.page?.views ?? 0) - (a.page?.views ?? 0));
  container.replaceChildren(table(caption, [{ label: t('console.visibility.col.page') }, { label: t('console.visibility.col.views'), numeric: true }, { label: t('console.visibility.col.byLanguage') }, { label: t('console.visibility.col.byCountry') }], listed.map(({ path, title, page }) => [
    el('a', title, { href: path }),
    page ? number.format(page.views) : '0',
    page ? breakdown(page.byLanguage, language) : t('console.visibility.noViews'),
    page ? breakdown(page.byCountry, country) : '',
  ])));
}

function countsTable(into: string, counts: Counts, caption: string, label: string, name: (code: string) => string) {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([code, n]) => [name(code), number.format(n)]);
  document.getElementById(into)!.replaceChildren(rows.length ? table(caption, [{ label }, { label: t('console.visibility.col.views'), numeric: true }], rows) : el('p', t('console.visibility.none')));
}

/** Bars per day; hidden from screen readers, who read the days' table under it. */
function trend(days: Visibility['days']) {
  const figure = document.getElementById('trend')!;
  const width = 600;
  const height = 120;
  const max = Math.max(1, ...days.map((d) => d.views));
  const slot = width / Math.max(1, days.length);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height + 16}`);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  days.forEach((d, i) => {
    const bar = document.createElementNS(SVG, 'rect');
    const h = (height * d.views) / max;
    bar.setAttribute('x', String(i * slot + slot * 0.1));
    bar.setAttribute('y', String(height - h));
    bar.setAttribute('width', String(Math.max(1, slot * 0.8)));
    bar.setAttribute('height', String(Math.max(d.views ? 1 : 0, h)));
    bar.setAttribute('class', 'bar');
    svg.append(bar);
  });
  for (const [i, d] of [[0, days[0]], [days.length - 1, days.at(-1)]] as const) {
    if (!d) continue;
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', String(i === 0 ? 0 : width));
    label.setAttribute('y', String(height + 13));
    label.setAttribute('text-anchor', i === 0 ? 'start' : 'end');
    label.textContent = d.date;
    svg.append(label);
  }
  figure.replaceChildren(svg, el('figcaption', t('console.visibility.trendCaption'), { class: 'visually-hidden' }));
  document.getElementById('days')!.replaceChildren(table(t('console.visibility.days'), [{ label: t('console.visibility.col.date') }, { label: t('console.visibility.col.views'), numeric: true }], days.map((d) => [d.date, number.format(d.views)])));
}

function updatesTable(updates: Visibility['updates']) {
  const container = document.getElementById('updates')!;
  if (updates.length === 0) return container.replaceChildren(el('p', t('console.visibility.updatesNone')));
  container.replaceChildren(table(t('console.visibility.updates'), [{ label: t('console.visibility.col.update') }, { label: t('console.visibility.col.sent') }, { label: t('console.visibility.col.reached'), numeric: true }, { label: t('console.visibility.col.relays') }], updates.map((u) => [
    el('a', u.title, { href: `${pathIn('/console/updates/')}#${u.id}` }),
    u.sentAt ? u.sentAt.slice(0, 10) : '',
    number.format(u.reached),
    u.relays.length ? u.relays.map((r) => `${r.name} ${r.confirmed}/${r.relayContacts}`).join(' · ') : t('console.visibility.noRelay'),
  ])));
}

async function show() {
  const from = field('from').value;
  const to = field('to').value;
  const period = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  csv.href = `/api/admin/visibility.csv?${period}`;
  history.replaceState(null, '', `?${period}`);
  say(t('console.visibility.loading'));
  const answered = await answer(hub.GET('/admin/visibility', { params: { query: { from, to } } }));
  if (!answered.ok) return say(answered.message, 'error');
  say('');
  const v = answered.data;
  document.getElementById('figures')!.hidden = false;
  document.getElementById('total')!.textContent = v.total ? t('console.visibility.total', { views: number.format(v.total), from: v.from, to: v.to }) : t('console.visibility.none');
  trend(v.days);
  const isAction = (p: Page) => titles.has(p.path) && p.path.startsWith('/actions/');
  const isNews = (p: Page) => titles.has(p.path) && p.path.startsWith('/news/');
  pagesTable('actions', v.pages.filter(isAction), t('console.visibility.actions'), [...titles].filter(([path]) => path.startsWith('/actions/')));
  pagesTable('news', v.pages.filter(isNews), t('console.visibility.news'), [...titles].filter(([path]) => path.startsWith('/news/')));
  const other = v.pages.filter((p) => !isAction(p) && !isNews(p));
  if (other.length) pagesTable('other', other, t('console.visibility.other'));
  else document.getElementById('other')!.replaceChildren(el('p', t('console.visibility.none')));
  countsTable('languages', v.languages, t('console.visibility.languages'), t('console.visibility.col.language'), language);
  countsTable('countries', v.countries, t('console.visibility.countries'), t('console.visibility.col.country'), country);
  const referrers = Object.fromEntries(v.referrers.map((r) => [r.domain, r.views]));
  if (v.referrers.length) countsTable('referrers', referrers, t('console.visibility.referrers'), t('console.visibility.col.site'), (d) => d);
  else document.getElementById('referrers')!.replaceChildren(el('p', t('console.visibility.referrersNone')));
  updatesTable(v.updates);
}

form.addEventListener('submit', (submit) => { submit.preventDefault(); void show(); });
const me = await whoAmI(status);
if (me?.secretariat) await show();
else if (me) say(t('console.secretariatOnly'), 'error');
