/** The console's review of members' reports, and how often members are asked for outside reports. */
import { answer, hub, whoAmI, type Schema } from '../../lib/api.ts';
import { el } from '../../lib/console-client.ts';
import { messagesOf } from '../../lib/messages.ts';
import { showFields, showRefusal } from '../../lib/field-errors.ts';
import { statusLine } from '../../lib/status.ts';
const root = document.getElementById('console-reports')!;
const t = messagesOf(root);
const status = document.getElementById('status')!;
const say = statusLine(status);
type Report = Schema<'DevelopmentsReport'>;

function field(label: string, control: HTMLElement) {
  const id = `${control.getAttribute('name')}-${Math.random().toString(36).slice(2, 8)}`;
  control.id = id;
  const p = el('p');
  p.append(el('label', label, { for: id }), control);
  return p;
}

function card(report: Report) {
  const article = el('article', '', { class: 'review', 'data-report': report.id });
  article.append(el('h2', report.eventTitle), el('p', t('console.reports.by', { name: report.author.name, organisation: report.author.organisation || '–', event: report.eventTitle })));
  if (report.outside) {
    article.append(el('p', t('console.reports.outside', { body: report.outside.body, kind: t(`outside.kind.${report.outside.bodyKind}`), date: report.outside.date })));
    if (report.outside.workingOn) article.append(el('p', t('labelled', { label: t('console.reports.workingOn'), value: report.outside.workingOn })));
  }
  const what = el('textarea', '', { name: 'whatHappened', rows: '5' }) as HTMLTextAreaElement;
  what.value = report.whatHappened;
  const actions = el('input', '', { name: 'actions' }) as HTMLInputElement;
  actions.value = report.actions.join(', ');
  const links = el('textarea', '', { name: 'links', rows: '2' }) as HTMLTextAreaElement;
  links.value = report.links.join('\n');
  const followUp = el('textarea', '', { name: 'followUp', rows: '2' }) as HTMLTextAreaElement;
  followUp.value = report.followUp;
  const note = el('input', '', { name: 'note' }) as HTMLInputElement;
  article.append(field(t('report.whatHappened'), what), field(t('report.actions'), actions), field(t('report.links'), links), field(t('report.followUp'), followUp), field(t('console.reports.note'), note));
  const buttons = el('p');
  for (const decision of ['accepted', 'rejected'] as const) {
    const button = el('button', t(decision === 'accepted' ? 'console.reports.accept' : 'console.reports.reject'), { type: 'button' });
    button.addEventListener('click', async () => {
      const edited = {
        whatHappened: what.value.trim(),
        actions: actions.value.split(/[,\s]+/).filter(Boolean).map(Number),
        links: links.value.split(/\s+/).filter(Boolean),
        followUp: followUp.value.trim(),
      };
      const changed = Object.fromEntries(Object.entries(edited).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(report[key as keyof Report]))) as Partial<typeof edited>;
      const reviewed = await answer(hub.POST('/admin/reports/{id}/review', {
        params: { path: { id: report.id } },
        body: { decision, note: note.value.trim(), ...(Object.keys(changed).length ? { edits: changed } : {}) },
      }));
      showFields(article);
      if (!reviewed.ok) return say(showRefusal(article, reviewed).line, 'error');
      say(t(decision === 'accepted' ? 'console.reports.accepted' : 'console.reports.rejected'), 'success');
      await load();
    });
    buttons.append(button, document.createTextNode(' '));
  }
  article.append(buttons);
  return article;
}

async function load() {
  const queued = await answer(hub.GET('/admin/reports'));
  if (!queued.ok) return say(queued.message, 'error');
  const queue = document.getElementById('queue')!;
  queue.replaceChildren(...(queued.data.reports.length ? queued.data.reports.map(card) : [el('p', t('console.reports.none'))]));
}

type RequestSetting = Schema<'OutsideRequestSetting'>;
const requestForm = document.getElementById('request-form') as HTMLFormElement;
const every = requestForm.elements.namedItem('every') as HTMLSelectElement;
const weeks = requestForm.elements.namedItem('weeks') as HTMLInputElement;
const showWeeks = () => {
  document.getElementById('weeks-field')!.hidden = every.value !== 'weeks';
};
every.addEventListener('change', showWeeks);
function showSetting(saved: RequestSetting) {
  every.value = saved.setting.every;
  if (saved.setting.every === 'weeks') weeks.value = String(saved.setting.weeks);
  showWeeks();
}
requestForm.addEventListener('submit', async (submit) => {
  submit.preventDefault();
  const requestStatus = document.getElementById('request-status')!;
  const setting: RequestSetting['setting'] = every.value === 'weeks' ? { every: 'weeks', weeks: Number(weeks.value) } : { every: every.value === 'month' ? 'month' : 'off' };
  const saved = await answer(hub.POST('/admin/outside-request', { body: setting }));
  showFields(requestForm);
  requestStatus.className = saved.ok ? 'success' : 'error';
  if (!saved.ok) return void (requestStatus.textContent = showRefusal(requestForm, saved).line);
  showSetting(saved.data);
  requestStatus.textContent = t('console.reports.saved', { period: saved.data.currentPeriod ?? t('console.reports.every.off') });
});

const me = await whoAmI(status);
if (me?.secretariat) {
  const setting = await answer(hub.GET('/admin/outside-request'));
  if (setting.ok) showSetting(setting.data);
  document.getElementById('request')!.hidden = false;
}
if (me?.secretariat) await load();
else if (me) say(t('console.secretariatOnly'), 'error');
