/**
 * The partnership's public agreements, read from the public API when the page opens (agreements
 * change between site builds).
 */
import { answer, hub } from '../lib/api.ts';
import { dateLocale } from '../lib/messages.ts';

const list = document.getElementById('agreements-list')!;
const status = document.getElementById('agreements-status')!;
const m = JSON.parse(list.dataset.messages ?? '{}') as Record<string, string>;
const fill = (text: string | undefined, values: Record<string, string | number>) => (text ?? '').replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
const day = new Intl.DateTimeFormat(dateLocale(list.dataset.locale), { dateStyle: 'long', timeZone: 'UTC' });
const node = (tag: string, text = '', className = '') => Object.assign(document.createElement(tag), { textContent: text, ...(className ? { className } : {}) });

status.textContent = m.loading ?? '';
// Asked afresh each time: a change made in the members' area shows at the next visit.
const published = await answer(hub.GET('/agreements', { cache: 'no-cache' }));
if (!published.ok) status.textContent = m.failed ?? '';
else {
  const { agreements } = published.data;
  const one = new Intl.PluralRules(list.dataset.locale).select(agreements.length) === 'one';
  status.textContent = agreements.length ? fill(one ? m.countOne : m.countOther, { n: agreements.length }) : (m.empty ?? '');
  for (const agreement of agreements) {
    const item = node('li');
    item.id = `agreement-${agreement.id}`;
    const meta = node('p', '', 'meta');
    meta.append(node('span', m[agreement.state], 'badge'), ` ${agreement.agreedOn ? fill(m.agreedOn, { date: day.format(new Date(`${agreement.agreedOn}T00:00:00Z`)) }) : m.notYet}`);
    // The API's HTML is sanitized by the hub when the decision is written.
    const text = node('div', '', 'text');
    text.innerHTML = agreement.html;
    item.append(node('h2', agreement.title), meta, node('p', fill(m.binds, { groups: agreement.groups.join(', ') }), 'meta'), text);
    if (agreement.supersededBy) {
      const link = Object.assign(document.createElement('a'), { href: `#agreement-${agreement.supersededBy}`, textContent: m.replacedBy });
      const line = node('p');
      line.append(link);
      item.append(line);
    }
    list.append(item);
  }
}
