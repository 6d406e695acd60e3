import { answer, hub, whoAmI, type paths, type Schema } from '../../lib/api.ts';
import { el } from '../../lib/console-client.ts';
import { formatDateTime, formatNumber, messagesOf, pageLocale, plural } from '../../lib/messages.ts';
import { vocabularyNames } from '../../lib/vocabulary-names.ts';
import { statusLine } from '../../lib/status.ts';

/**
 * The console's calls for cooperation: a leader (or the secretariat) picks a group, writes a call,
 * sees how many experts match, sends it and follows the send's job until it ends, then reads the
 * answers and invites respondents as contributors. Every call goes through the typed client.
 */
type CallDraft = paths['/groups/{group}/calls']['post']['requestBody']['content']['application/json'];
type SendJob = Schema<'CallSendJob'>;

/** How often the send's job is asked where it stands. */
const FOLLOW_EVERY_MS = 1_500;

const root = document.getElementById('console-calls')!;
const t = messagesOf(root);
const { countryName, topicName } = vocabularyNames(pageLocale(), t);
const typeName = (code: string) => (t(`orgType.${code}`) === `orgType.${code}` ? code : t(`orgType.${code}`));
const status = document.querySelector<HTMLElement>('#calls-status')!;
const groupSelect = document.querySelector<HTMLSelectElement>('#group')!;
const form = document.querySelector<HTMLFormElement>('#call-form')!;
const sendButton = document.querySelector<HTMLButtonElement>('#send')!;
let currentCall = '';
const tell = statusLine(status);
const group = () => groupSelect.value;
const callPath = (id: string) => ({ params: { path: { group: group(), id } } });

async function listCalls() {
  const result = await answer(hub.GET('/groups/{group}/calls', { params: { path: { group: group() } } }));
  if (!result.ok) return tell(result.message, 'error');
  const items = result.data.calls.map((call) => {
    const item = el('li');
    const open = el('button', call.title, { type: 'button', class: 'link' });
    open.addEventListener('click', () => void showCall(call.id));
    const sent = call.status === 'sent' ? t('console.calls.sentTo', { n: formatNumber(call.sentCount) }) : t('console.calls.notSent');
    item.append(open, el('div', t('console.calls.summary', { sent, answers: formatNumber(call.answeredCount), until: formatDateTime(call.deadline) }), { class: 'meta' }));
    return item;
  });
  document.querySelector('#calls')!.replaceChildren(...(items.length ? items : [el('li', t('console.calls.none'))]));
}

async function showCall(id: string) {
  currentCall = id;
  const [view, matches] = await Promise.all([answer(hub.GET('/groups/{group}/calls/{id}', callPath(id))), answer(hub.GET('/groups/{group}/calls/{id}/matches', callPath(id)))]);
  if (!view.ok) return tell(view.message, 'error');
  const { call, responses } = view.data;
  document.querySelector<HTMLElement>('#detail')!.hidden = false;
  document.querySelector('#detail-heading')!.textContent = call.title;
  document.querySelector('#detail-meta')!.textContent = t('console.calls.detail', { topics: call.topics.map(topicName).join(', '), until: formatDateTime(call.deadline), sent: formatNumber(view.data.sentCount) });
  const count = matches.ok ? matches.data.matches : 0;
  document.querySelector('#matches')!.textContent = plural(t, 'console.calls.matches', count);
  sendButton.hidden = count === 0 || Date.parse(call.deadline) <= Date.now();
  sendButton.textContent = call.status === 'sent' ? t('console.calls.sendRest') : plural(t, 'console.calls.sendTo', count);
  const rows = responses.map((response) => {
    const row = el('tr');
    const who = el('td');
    who.append(el('span', `${response.name} (${response.organisation}, ${typeName(response.organisationType)}, ${countryName(response.country)})`), el('br'), el('span', response.email, { class: 'meta' }));
    const invite = el('td');
    if (response.interested) {
      const inviteForm = el('form', '', { class: 'invite' });
      const label = el('label', t('console.calls.until'));
      const date = el('input', '', { type: 'date', required: '', 'aria-label': t('console.calls.untilFor', { name: response.name }) });
      label.append(date);
      inviteForm.append(label, el('button', t('console.calls.invite'), { type: 'submit' }));
      inviteForm.addEventListener('submit', async (event) => {
        event.preventDefault();
        const until = new Date(`${date.value}T23:59:59`).toISOString();
        const result = await answer(hub.POST('/groups/{group}/calls/{id}/contributors', { ...callPath(id), body: { expertId: response.expertId, until } }));
        tell(result.ok ? t('console.calls.invited', { name: response.name, until: date.value }) : result.message, result.ok ? 'success' : 'error');
      });
      invite.append(inviteForm);
    }
    row.append(who, el('td', t(response.interested ? 'console.calls.interested' : 'console.calls.notNow')), el('td', response.message), invite);
    return row;
  });
  document.querySelector<HTMLTableElement>('#answers')!.tBodies[0]!.replaceChildren(...rows);
  document.querySelector<HTMLElement>('#answers')!.hidden = rows.length === 0;
  document.querySelector<HTMLElement>('#no-answers')!.hidden = rows.length > 0;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks the send's job where it stands until it ends, saying how far it is; answers the job as it ended, or a refusal. */
async function follow(id: string, job: string) {
  for (;;) {
    const result = await answer(hub.GET('/groups/{group}/calls/{id}/jobs/{job}', { params: { path: { group: group(), id, job } } }));
    if (!result.ok || result.data.state === 'done' || result.data.state === 'failed') return result;
    tell(t('console.calls.sending', { done: formatNumber(result.data.processed), total: formatNumber(result.data.total) }));
    await pause(FOLLOW_EVERY_MS);
  }
}

/** What the send did, in words: sent, had it already, not mailed at their own request. */
function outcome(job: SendJob) {
  const parts = [t('console.calls.sent', { sent: formatNumber(job.sent) })];
  if (job.alreadySent) parts.push(t('console.calls.alreadySent', { already: formatNumber(job.alreadySent) }));
  if (job.suppressed) parts.push(t('console.calls.suppressed', { suppressed: formatNumber(job.suppressed) }));
  return parts.join(' ');
}

sendButton.addEventListener('click', async () => {
  const id = currentCall;
  sendButton.disabled = true;
  try {
    const started = await answer(hub.POST('/groups/{group}/calls/{id}/send', callPath(id)));
    if (!started.ok) return tell(started.message, 'error');
    tell(t('console.calls.sending', { done: formatNumber(0), total: formatNumber(started.data.matches) }));
    const ended = await follow(id, started.data.job);
    if (!ended.ok) return tell(ended.message, 'error');
    if (ended.data.state === 'failed') return tell(t('console.calls.sendFailed', { message: ended.data.error?.message ?? '' }), 'error');
    await Promise.all([listCalls(), showCall(id)]);
    tell(outcome(ended.data), 'success');
  } finally {
    sendButton.disabled = false;
  }
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const fields = new FormData(form);
  const countries = fields.getAll('countries').map(String);
  const chosen = (name: string) => fields.getAll(name).map(String);
  // The form offers only the vocabulary's codes; the API says which field is wrong otherwise.
  const draft = {
    title: String(fields.get('title') ?? ''),
    body: String(fields.get('body') ?? ''),
    topics: chosen('topics'),
    ...(countries.length ? { countries } : {}),
    ...(chosen('types').length ? { types: chosen('types') } : {}),
    ...(chosen('languages').length ? { languages: chosen('languages') } : {}),
    deadline: new Date(String(fields.get('deadline'))).toISOString(),
  } as CallDraft;
  const result = await answer(hub.POST('/groups/{group}/calls', { params: { path: { group: group() } }, body: draft }));
  if (!result.ok) return tell(result.message, 'error');
  tell(t('console.calls.saved'), 'success');
  form.reset();
  await listCalls();
  await showCall(result.data.id);
});

async function start(me: Schema<'Me'>) {
  let groups: { id: string; name: string }[] = me.groups.filter((g) => g.role === 'leader');
  if (me.secretariat) {
    const all = await answer(hub.GET('/admin/groups'));
    if (all.ok) groups = all.data.groups;
  }
  if (groups.length === 0) return tell(t('console.calls.noGroup'), 'error');
  groupSelect.replaceChildren(...groups.map((g) => el('option', g.name, { value: g.id })));
  groupSelect.addEventListener('change', () => {
    document.querySelector<HTMLElement>('#detail')!.hidden = true;
    void listCalls();
  });
  document.querySelector<HTMLElement>('#choose')!.hidden = false;
  document.querySelector<HTMLElement>('#write')!.hidden = false;
  await listCalls();
}
void whoAmI(status).then((me) => me && start(me));
