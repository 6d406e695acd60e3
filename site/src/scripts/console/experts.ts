/** The console's pool of experts: the filters and the matching entries. */
import { answer, hub, whoAmI, type paths } from '../../lib/api.ts';
import { el } from '../../lib/console-client.ts';
import { formatNumber, messagesOf, pageLocale, plural } from '../../lib/messages.ts';
import { vocabularyNames } from '../../lib/vocabulary-names.ts';

/** The filters as the API reads them: a list of one code each (the form offers the document's codes), the status alone. */
type Filters = NonNullable<paths['/experts']['get']['parameters']['query']>;

const t = messagesOf(document.getElementById('console-experts')!);
const { countryName, languageName, topicName } = vocabularyNames(pageLocale(), t);
const typeName = (code: string) => (t(`orgType.${code}`) === `orgType.${code}` ? code : t(`orgType.${code}`));
const statusName = (code: string) => (t(`console.experts.status.${code}`) === `console.experts.status.${code}` ? code : t(`console.experts.status.${code}`));
const status = document.querySelector<HTMLElement>('#pool-status');
const form = document.querySelector<HTMLFormElement>('#filters')!;
const table = document.querySelector<HTMLTableElement>('#pool')!;

function filters(): Filters {
  const chosen: Record<string, string | string[]> = {};
  for (const [name, value] of new FormData(form)) {
    const text = String(value).trim();
    if (text) chosen[name] = name === 'status' ? text : [text];
  }
  return chosen as Filters;
}

async function search() {
  const result = await answer(hub.GET('/experts', { params: { query: filters() } }));
  if (!result.ok) {
    status!.className = 'error';
    status!.textContent = result.message;
    return;
  }
  const rows = result.data.experts.map((e) => {
    const row = el('tr');
    const name = el('td');
    name.append(el('span', e.name), el('br'), el('a', e.email, { href: `mailto:${e.email}` }));
    row.append(name, el('td', e.organisation), el('td', typeName(e.organisationType)), el('td', countryName(e.country)), el('td', e.languages.map(languageName).join(', ')), el('td', e.topics.map(topicName).join(', ')), el('td', statusName(e.status)), el('td', formatNumber(e.calledCount)), el('td', formatNumber(e.answeredCount)));
    return row;
  });
  table.tBodies[0]!.replaceChildren(...rows);
  document.querySelector('#pool-caption')!.textContent = plural(t, 'console.experts.found', rows.length);
  table.hidden = false;
  status!.className = '';
  status!.textContent = rows.length === 0 ? t('console.experts.none') : '';
}
form.addEventListener('submit', (event) => {
  event.preventDefault();
  void search();
});
void whoAmI(status).then((me) => {
  if (!me) return;
  form.hidden = false;
  void search();
});
