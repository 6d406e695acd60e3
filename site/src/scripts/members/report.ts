/** A registered member's developments report on an event they attended. */
import { answer, hub, whoAmI, type Schema } from '../../lib/api.ts';
import { messagesOf } from '../../lib/agenda-client.ts';
import { showFields, showRefusal } from '../../lib/field-errors.ts';
import { statusLine } from '../../lib/status.ts';

const root = document.getElementById('report-page')!;
const t = messagesOf(root);
const status = document.getElementById('status')!;
const form = document.getElementById('report-form') as HTMLFormElement;
const eventId = new URLSearchParams(location.search).get('event') ?? '';
const path = { params: { path: { id: eventId } } };
const say = statusLine(status);

function fill(report: Schema<'DevelopmentsReport'>) {
  (form.elements.namedItem('whatHappened') as HTMLTextAreaElement).value = report.whatHappened;
  (form.elements.namedItem('links') as HTMLTextAreaElement).value = report.links.join('\n');
  (form.elements.namedItem('followUp') as HTMLTextAreaElement).value = report.followUp;
  for (const box of form.querySelectorAll<HTMLInputElement>('input[name="actions"]')) box.checked = report.actions.includes(Number(box.value));
  document.getElementById('report-status')!.textContent = t('report.status', { status: report.status });
}

form.addEventListener('submit', async (submit) => {
  submit.preventDefault();
  const data = new FormData(form);
  showFields(form);
  say(t('agenda.working'));
  const sent = await answer(hub.POST('/events/{id}/report', {
    ...path,
    body: {
      whatHappened: String(data.get('whatHappened') ?? ''),
      actions: data.getAll('actions').map(Number),
      links: String(data.get('links') ?? '').split(/\s+/).filter(Boolean),
      followUp: String(data.get('followUp') ?? ''),
    },
  }));
  if (!sent.ok) {
    const shown = showRefusal(form, sent);
    say(shown.line, 'error');
    return shown.first?.focus();
  }
  fill(sent.data);
  say(t('report.sent'), 'success');
});

if (!eventId) say(t('report.noEvent'), 'error');
else if (await whoAmI(status)) {
  const event = await answer(hub.GET('/events/{id}', path));
  if (!event.ok) say(event.message, 'error');
  else {
    document.getElementById('event-name')!.textContent = event.data.title;
    const existing = await answer(hub.GET('/events/{id}/report', path));
    if (existing.ok) fill(existing.data);
    form.hidden = false;
  }
}
