/** The console's audit log of member and group changes, newest first, a page at a time. */
import { answer, hub } from '../../lib/api.ts';
import { el, messagesOf, say, toSignIn, when } from '../../lib/forum-client.ts';
import { pageLocale, pathIn } from '../../lib/messages.ts';
import { vocabularyNames } from '../../lib/vocabulary-names.ts';

const t = messagesOf(document.getElementById('console-audit')!);
const status = document.getElementById('status');
const table = document.getElementById('audit') as HTMLTableElement;
const more = document.getElementById('more') as HTMLButtonElement;
let cursor: string | undefined;
// A word the catalogues lack reads as recorded.
const { named } = vocabularyNames(pageLocale(), t);
/** A detail in the page's words: its name, a yes or no, a role (or an update's status) as the console names it, nothing as a dash; other values as recorded. */
const detail = (name: string, value: string) => {
  const shown = value === '' ? '–' : value === 'true' || value === 'false' ? t(value === 'true' ? 'console.audit.yes' : 'console.audit.no') : ['role', 'from', 'to', 'by'].includes(name) ? named(`members.role.${value}`, named(`console.updates.status.${value}`, value)) : value;
  return t('labelled', { label: named(`console.audit.detail.${name}`, name), value: shown });
};

async function load() {
  const page = await answer(hub.GET('/admin/audit', { params: { query: cursor ? { cursor } : {} } }));
  if (!page.ok) return say(status, page.message, 'error');
  const rows = page.data.entries.map((e) =>
    el('tr', {}, el('td', {}, el('time', { dateTime: e.at }, when(e.at))), el('td', {}, e.actor), el('td', {}, t(`console.audit.action.${e.action}`)),
      el('td', {}, e.groupId ? el('a', { href: `${pathIn('/console/members/')}?group=${encodeURIComponent(e.groupId)}` }, e.groupId) : ''), el('td', {}, e.subject ?? ''),
      el('td', {}, Object.entries(e.details).map(([name, value]) => detail(name, value)).join('; '))),
  );
  table.tBodies[0]!.append(...rows);
  table.hidden = table.tBodies[0]!.rows.length === 0;
  if (!cursor) say(status, rows.length ? '' : t('console.audit.empty'));
  cursor = page.data.nextCursor;
  more.hidden = !cursor;
}

const me = await answer(hub.GET('/me'));
if (!me.ok && me.status === 401) toSignIn();
else if (!me.ok) say(status, me.message, 'error');
else if (!me.data.secretariat) say(status, t('console.secretariatOnly'), 'error');
else await load();
more.addEventListener('click', () => void load());
