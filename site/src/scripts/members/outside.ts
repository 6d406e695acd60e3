/** A member reports a meeting outside the hub; the secretariat reviews it for the brief. */
import { answer, hub, whoAmI, type Body } from '../../lib/api.ts';
import { messagesOf } from '../../lib/agenda-client.ts';
import { showFields, showRefusal } from '../../lib/field-errors.ts';
import { statusLine } from '../../lib/status.ts';

const t = messagesOf(document.getElementById('outside-page')!);
const status = document.getElementById('status')!;
const form = document.getElementById('outside-form') as HTMLFormElement;
const say = statusLine(status);

form.addEventListener('submit', async (submit) => {
  submit.preventDefault();
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '');
  showFields(form);
  say(t('agenda.working'));
  const sent = await answer(hub.POST('/outside-reports', {
    body: {
      body: text('body'),
      bodyKind: text('bodyKind') as Body<'/outside-reports', 'post'>['bodyKind'],
      meetingTitle: text('meetingTitle'),
      date: text('date'),
      place: text('place'),
      online: data.get('online') !== null,
      whatHappened: text('whatHappened'),
      actions: data.getAll('actions').map(Number),
      links: text('links').split(/\s+/).filter(Boolean),
      followUp: text('followUp'),
      workingOn: text('workingOn'),
    },
  }));
  if (!sent.ok) {
    const shown = showRefusal(form, sent);
    say(shown.line, 'error');
    return shown.first?.focus();
  }
  form.reset();
  say(t('outside.sent'), 'success');
});

if (await whoAmI(status)) form.hidden = false;
