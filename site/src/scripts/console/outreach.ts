/** The console's outreach view: who the events, updates and calls reached in a period, and the gaps. */
import { answer, hub, whoAmI, type Schema } from '../../lib/api.ts';
import { el } from '../../lib/console-client.ts';
import { messagesOf } from '../../lib/messages.ts';
import { statusLine } from '../../lib/status.ts';
const root = document.getElementById('console-outreach')!;
const t = messagesOf(root);
const status = document.getElementById('status')!;
const say = statusLine(status);
const form = document.getElementById('period') as HTMLFormElement;
type Row = Schema<'Outreach'>['audiences'][number];
type Calls = Schema<'Outreach'>['calls'];
const SVG = 'http://www.w3.org/2000/svg';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
(form.elements.namedItem('from') as HTMLInputElement).value = day(-90);
(form.elements.namedItem('to') as HTMLInputElement).value = day(90);

/** The chart repeats the table beside it, so it is hidden from screen readers, which read the table. */
function chart(rows: Row[], caption: string, tableId: string) {
  const figure = el('figure');
  const barHeight = 18;
  const labelWidth = 170;
  const width = 520;
  const max = Math.max(1, ...rows.map((r) => r.events + (r.updates ?? 0)));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${rows.length * (barHeight + 6) + 6}`);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  rows.forEach((row, i) => {
    const y = 6 + i * (barHeight + 6);
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', '0');
    label.setAttribute('y', String(y + barHeight - 5));
    label.textContent = row.label.slice(0, 26);
    const value = row.events + (row.updates ?? 0);
    const bar = document.createElementNS(SVG, 'rect');
    bar.setAttribute('x', String(labelWidth));
    bar.setAttribute('y', String(y));
    bar.setAttribute('height', String(barHeight));
    bar.setAttribute('width', String(value === 0 ? 4 : ((width - labelWidth - 40) * value) / max));
    bar.setAttribute('class', value === 0 ? 'gap-mark' : 'bar');
    const count = document.createElementNS(SVG, 'text');
    count.setAttribute('x', String(labelWidth + (value === 0 ? 8 : ((width - labelWidth - 40) * value) / max + 4)));
    count.setAttribute('y', String(y + barHeight - 5));
    count.textContent = value === 0 ? '0' : String(value);
    svg.append(label, bar, count);
  });
  const figcaption = el('figcaption', caption, { id: `${tableId}-caption` });
  figure.append(svg, figcaption);
  return figure;
}

function table(rows: Row[], caption: string, id: string) {
  const tableEl = el('table', '', { class: 'outreach-table', id });
  const cap = el('caption', caption);
  const head = el('thead');
  const headRow = el('tr');
  headRow.append(...['col.name', 'col.events', 'col.updates', 'col.reached'].map((k) => el('th', t(`console.outreach.${k}`), { scope: 'col' })));
  head.append(headRow);
  const body = el('tbody');
  body.append(...rows.map((r) => {
    const row = el('tr', '', { class: r.reached ? '' : 'gap', 'data-key': r.key });
    row.append(el('td', r.label), el('td', String(r.events)), el('td', r.updates === null ? '–' : String(r.updates)), el('td', t(r.reached ? 'console.outreach.yes' : 'console.outreach.no')));
    return row;
  }));
  tableEl.append(cap, head, body);
  return tableEl;
}

async function show() {
  const from = (form.elements.namedItem('from') as HTMLInputElement).value;
  const to = (form.elements.namedItem('to') as HTMLInputElement).value;
  const answered = await answer(hub.GET('/admin/outreach', { params: { query: { from, to } } }));
  if (!answered.ok) return say(answered.message, 'error');
  const view = answered.data;
  say('');
  const pending = document.getElementById('pending')!;
  pending.hidden = !view.pending.includes('updates');
  pending.textContent = t('console.outreach.pending');
  const container = document.getElementById('dimensions')!;
  container.replaceChildren();
  for (const dimension of ['audiences', 'countries', 'networks'] as const) {
    const name = t(`console.outreach.${dimension}`);
    const section = el('section', '', { 'aria-labelledby': `${dimension}-heading` });
    section.append(el('h2', name, { id: `${dimension}-heading` }), chart(view[dimension], t('console.outreach.chart', { dimension: name.toLowerCase() }), `${dimension}-table`), table(view[dimension], name, `${dimension}-table`));
    container.append(section);
  }
  container.append(callsSection(view.calls));
}

/** The expert pool's share of outreach: who the calls reached, and the topics nobody covers. */
function callsSection(calls: Calls) {
  const section = el('section', '', { 'aria-labelledby': 'calls-heading' });
  section.append(el('h2', t('console.outreach.calls.heading'), { id: 'calls-heading' }));
  section.append(el('p', t('console.outreach.calls.summary', { sent: calls.sent, emails: calls.emails, answers: calls.answers, interested: calls.interested }), { id: 'calls-summary' }));
  for (const [key, counts] of [['byType', calls.byType], ['byCountry', calls.byCountry]] as const) {
    const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    if (entries.length === 0) continue;
    const tableEl = el('table', '', { class: 'outreach-table', id: `calls-${key}` });
    const head = el('tr');
    head.append(el('th', t(`console.outreach.calls.${key}`), { scope: 'col' }), el('th', t('console.outreach.calls.count'), { scope: 'col' }));
    const thead = el('thead');
    thead.append(head);
    const body = el('tbody');
    body.append(...entries.map(([name, count]) => {
      const row = el('tr');
      row.append(el('td', name), el('td', String(count)));
      return row;
    }));
    tableEl.append(el('caption', t(`console.outreach.calls.${key}`)), thead, body);
    section.append(tableEl);
  }
  if (calls.emails === 0) section.append(el('p', t('console.outreach.calls.none')));
  section.append(el('p', calls.topicsWithoutExpert.length ? t('console.outreach.calls.uncovered', { topics: calls.topicsWithoutExpert.join(', ') }) : t('console.outreach.calls.allCovered'), { id: 'calls-uncovered' }));
  return section;
}

form.addEventListener('submit', (submit) => { submit.preventDefault(); void show(); });
const me = await whoAmI(status);
if (me?.secretariat) await show();
else if (me) say(t('console.secretariatOnly'), 'error');
