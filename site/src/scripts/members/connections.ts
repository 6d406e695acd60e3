/** Who in the partnership is in touch with which outside bodies, from the accepted outside reports. */
import { answer, hub, whoAmI, type Schema } from '../../lib/api.ts';
import { messagesOf } from '../../lib/agenda-client.ts';
import { el } from '../../lib/console-client.ts';

type Connection = Schema<'ConnectionsOverview'>['connections'][number];
const t = messagesOf(document.getElementById('connections-page')!);
const status = document.getElementById('status')!;
const kind = (k: string) => t(`outside.kind.${k}`);

function section(c: Connection, months: number) {
  const block = el('section', '', { class: 'connection' });
  const heading = el('h2', c.body);
  if (c.gap) heading.append(el('span', t('connections.gapBadge', { months }), { class: 'gap' }));
  block.append(heading, el('p', t('connections.lastMet', { kind: kind(c.bodyKind), date: c.lastMet })));
  if (c.workingOn.length > 0) {
    block.append(el('h3', t('connections.workingOn')));
    for (const w of c.workingOn) block.append(el('p', w.date), el('blockquote', w.text));
  }
  block.append(el('h3', t('connections.meetings')));
  const table = el('table');
  const head = el('tr');
  head.append(el('th', t('connections.date'), { scope: 'col' }), el('th', t('connections.meeting'), { scope: 'col' }), el('th', t('connections.attendee'), { scope: 'col' }));
  table.append(head);
  for (const m of c.meetings) {
    const row = el('tr');
    const where = [m.place, m.online ? t('connections.online') : ''].filter(Boolean).join(', ');
    row.append(el('td', m.date), el('td', where ? `${m.title} (${where})` : m.title), el('td', m.attendee.organisation ? `${m.attendee.name}, ${m.attendee.organisation}` : m.attendee.name));
    table.append(row);
  }
  block.append(table);
  return block;
}

if (await whoAmI(status)) {
  const overview = await answer(hub.GET('/connections'));
  if (!overview.ok) {
    status.className = 'error';
    status.textContent = overview.message;
  } else {
    const { connections, gaps } = overview.data;
    const shown = document.getElementById('overview')!;
    if (connections.length === 0) shown.append(el('p', t('connections.none')));
    else {
      document.getElementById('download')!.hidden = false;
      const list = document.getElementById('gap-list')!;
      list.append(el('li', gaps.notMetSince.length > 0 ? t('connections.notMet', { months: gaps.months, bodies: gaps.notMetSince.join(', ') }) : t('connections.allMet', { months: gaps.months })));
      if (gaps.kindsWithoutConnection.length > 0) list.append(el('li', t('connections.kindsMissing', { kinds: gaps.kindsWithoutConnection.map(kind).join(', ') })));
      document.getElementById('gaps')!.hidden = false;
      shown.append(...connections.map((c) => section(c, gaps.months)));
    }
  }
}
