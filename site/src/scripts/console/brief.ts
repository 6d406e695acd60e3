/** The console's brief: the reports and agreements of a period, grouped by action, to read, print or download. */
import { answer, hub, whoAmI } from '../../lib/api.ts';
import { el } from '../../lib/console-client.ts';
import { inZone, messagesOf } from '../../lib/agenda-client.ts';
import { dateLocale } from '../../lib/messages.ts';
import { statusLine } from '../../lib/status.ts';
const root = document.getElementById('console-brief')!;
const t = messagesOf(root);
const status = document.getElementById('status')!;
const say = statusLine(status);
const form = document.getElementById('period') as HTMLFormElement;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const params = new URLSearchParams(location.search);
(form.elements.namedItem('from') as HTMLInputElement).value = params.get('from') ?? day(-90);
(form.elements.namedItem('to') as HTMLInputElement).value = params.get('to') ?? day(30);

async function show() {
  const from = (form.elements.namedItem('from') as HTMLInputElement).value;
  const to = (form.elements.namedItem('to') as HTMLInputElement).value;
  const answered = await answer(hub.GET('/admin/brief', { params: { query: { from, to } } }));
  if (!answered.ok) return say(answered.message, 'error');
  const { sections, agreements } = answered.data;
  say('');
  const brief = document.getElementById('brief')!;
  brief.replaceChildren(el('h2', `${from} – ${to}`));
  if (sections.length === 0) brief.append(el('p', t('console.brief.none')));
  for (const section of sections) {
    brief.append(el('h2', section.action === 0 ? t('console.brief.noAction') : `${t('action.number', { n: section.action })}: ${section.title}`));
    for (const report of section.reports) {
      const block = el('section', '', { class: 'report' });
      const when = report.outside ? `${t('console.brief.outside', { body: report.outside.body })} · ${report.outside.date}` : inZone(report.eventStartsAt, report.eventTimeZone, dateLocale());
      block.append(el('h3', report.eventTitle), el('p', `${when} · ${report.author.name} (${report.author.organisation || '–'})`), el('blockquote', report.whatHappened));
      if (report.outside?.workingOn) block.append(el('p', t('labelIntro', { label: t('console.reports.workingOn') })), el('blockquote', report.outside.workingOn));
      if (report.links.length) {
        const list = el('ul');
        list.append(...report.links.map((link) => { const li = el('li'); li.append(el('a', link, { href: link, rel: 'noopener' })); return li; }));
        block.append(list);
      }
      if (report.followUp) block.append(el('p', `${t('console.brief.followUp')}:`), el('blockquote', report.followUp));
      if (report.review?.note) block.append(el('p', report.review.note, { class: 'note' }));
      brief.append(block);
    }
  }
  brief.append(el('h2', t('console.brief.agreements')));
  if (agreements.length === 0) brief.append(el('p', t('console.brief.noAgreement')));
  for (const agreement of agreements) {
    const block = el('section', '', { class: 'report' });
    block.append(el('h3', agreement.title), el('p', t('console.brief.agreementMeta', { date: agreement.agreedOn, group: agreement.group, groups: agreement.bindingGroups.join(', ') })), el('blockquote', agreement.text));
    brief.append(block);
  }
  const download = document.getElementById('download') as HTMLAnchorElement;
  download.href = `/api/admin/brief.md?from=${from}&to=${to}`;
  download.hidden = false;
  document.getElementById('print')!.hidden = false;
}

form.addEventListener('submit', (submit) => { submit.preventDefault(); void show(); });
document.getElementById('print')!.addEventListener('click', () => window.print());
const me = await whoAmI(status);
if (me?.secretariat) await show();
else if (me) say(t('console.secretariatOnly'), 'error');
