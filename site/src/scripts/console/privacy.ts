/** The console's privacy requests: the log with its deadlines, and a person's data exported or erased on their behalf. */
import { answer, hub } from '../../lib/api.ts';
import { el, messagesOf, say, toSignIn, when } from '../../lib/forum-client.ts';
import { openedPerson } from '../../lib/console-client.ts';
import { dateLocale } from '../../lib/messages.ts';
import { isPersonalDataExport, renderErasure, renderExport } from '../../lib/personal-data-view.ts';
const t = messagesOf(document.getElementById('console-privacy')!);
const status = document.getElementById('status');
const table = document.getElementById('requests') as HTMLTableElement;
const empty = document.getElementById('log-empty')!;
const form = document.getElementById('person-form') as HTMLFormElement;
const emailField = document.getElementById('person-email') as HTMLInputElement;
const confirmBox = document.getElementById('erase-confirm')!;
const question = document.getElementById('erase-question')!;
const personStatus = document.getElementById('person-status');
const result = document.getElementById('personal-data')!;
const day = (iso: string) => new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium' }).format(new Date(iso));
let pendingErasure: string | undefined;
// Arriving from a contact's page fills the address in (from this tab's storage, never the URL); nothing runs until a button is pressed.
const arrivedFor = openedPerson('privacy', true);
if (arrivedFor) emailField.value = arrivedFor;

async function loadLog() {
  const log = await answer(hub.GET('/admin/privacy/requests'));
  if (!log.ok) return say(status, log.message, 'error');
  say(status, '');
  const rows = log.data.requests.map((r) => {
    const state = el('td', {}, t(`console.privacy.state.${r.state}`));
    if (r.completedAt) state.append(el('br'), el('span', { className: 'meta' }, t('console.privacy.completedAt', { date: when(r.completedAt) })));
    const deadline = el('td', {}, el('time', { dateTime: r.deadline }, day(r.deadline)));
    // Marked in words, not only by colour.
    if (r.overdue) deadline.append(el('span', { className: 'overdue-mark' }, t('console.privacy.overdue')));
    const row = el(
      'tr',
      { className: r.overdue ? 'overdue' : '' },
      el('td', {}, el('time', { dateTime: r.receivedAt }, when(r.receivedAt))),
      el('td', {}, t(`console.privacy.kind.${r.kind}`)),
      state,
      el('td', {}, r.email ?? el('span', { className: 'erased-person' }, t('console.privacy.erasedPerson'))),
      deadline,
      el('td', {}, [t(`console.privacy.via.${r.via}`), r.handledBy].filter(Boolean).join(' · ')),
    );
    row.dataset.id = r.id;
    return row;
  });
  table.tBodies[0]!.replaceChildren(...rows);
  table.hidden = rows.length === 0;
  empty.hidden = rows.length > 0;
}

function closeConfirm() {
  confirmBox.hidden = true;
  pendingErasure = undefined;
}

async function exportPerson(email: string) {
  say(personStatus, t('console.privacy.working'));
  const exported = await answer(hub.POST('/admin/people/export', { body: { email } }));
  // The view reads the export as the hub's own type; an answer of another shape is said, not shown.
  const data: unknown = exported.ok ? exported.data.export : undefined;
  if (exported.ok && isPersonalDataExport(data)) {
    say(personStatus, t('console.privacy.exported', { email }));
    renderExport(result, data, t);
  } else if (!exported.ok && exported.status === 404) say(personStatus, t('console.privacy.notFound', { email }), 'error');
  else if (!exported.ok && exported.status === 401) toSignIn();
  else say(personStatus, exported.ok ? t('yourData.failed') : exported.message, 'error');
  await loadLog();
}

async function erasePerson(email: string) {
  say(personStatus, t('console.privacy.working'));
  const erased = await answer(hub.POST('/admin/people/erase', { body: { email } }));
  if (erased.ok) {
    say(personStatus, t('console.privacy.erased', { email }));
    renderErasure(result, erased.data.summary, t, t('yourData.erased.heading'), t('console.privacy.erasedHash'));
    form.reset();
  } else if (erased.status === 404) say(personStatus, t('console.privacy.notFound', { email }), 'error');
  else if (erased.status === 401) toSignIn();
  else say(personStatus, erased.message, 'error');
  await loadLog();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const email = emailField.value.trim();
  const action = (event.submitter as HTMLButtonElement | null)?.value;
  result.hidden = true;
  result.replaceChildren();
  say(personStatus, '');
  if (action === 'erase') {
    // Erasure cannot be undone: it takes a second, explicit press naming the address.
    pendingErasure = email;
    question.textContent = t('console.privacy.confirmErase', { email });
    confirmBox.hidden = false;
    question.focus();
    return;
  }
  closeConfirm();
  void exportPerson(email);
});
document.getElementById('erase-yes')!.addEventListener('click', () => {
  const email = pendingErasure;
  closeConfirm();
  if (email) void erasePerson(email);
});
document.getElementById('erase-cancel')!.addEventListener('click', () => {
  closeConfirm();
  say(personStatus, t('console.privacy.cancelled'));
  emailField.focus();
});

const me = await answer(hub.GET('/me'));
if (!me.ok && me.status === 401) toSignIn();
else if (!me.ok) say(status, me.message, 'error');
else if (!me.data.secretariat) say(status, t('console.secretariatOnly'), 'error');
else {
  document.getElementById('work')!.hidden = false;
  await loadLog();
}
