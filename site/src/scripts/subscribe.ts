/** The subscribe form: the API speaks JSON, which the form's own encoding would not reach, so the script posts for it. */
import { answer, hub, type Body } from '../lib/api.ts';
import { showFields, showRefusal } from '../lib/field-errors.ts';

type Subscription = Body<'/subscribe', 'post'>;
const form = document.querySelector<HTMLFormElement>('#subscribe');
const status = document.querySelector<HTMLElement>('#subscribe-status');
form?.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!status) return;
  const fields = new FormData(form);
  const country = String(fields.get('country') ?? '');
  // The choices come from the hub's own lists (rendered into the form), and consent is a required
  // box: the API checks every one of them again.
  const body = {
    email: String(fields.get('email') ?? ''),
    audience: String(fields.get('audience') ?? '') as Subscription['audience'],
    language: String(fields.get('language') ?? '') as Subscription['language'],
    ...(country ? { country } : {}),
    topics: fields.getAll('topics').map(String) as Subscription['topics'],
    consent: (fields.get('consent') === 'true') as true,
  };
  const button = form.querySelector('button');
  button?.setAttribute('disabled', '');
  showFields(form);
  status.className = '';
  status.textContent = form.dataset.sending ?? '';
  const sent = await answer(hub.POST('/subscribe', { body }));
  button?.removeAttribute('disabled');
  if (sent.ok) {
    status.className = 'success';
    status.textContent = form.dataset.success ?? '';
    form.reset();
    return;
  }
  const shown = showRefusal(form, sent);
  status.className = 'error';
  status.textContent = sent.status === 0 ? (form.dataset.failed ?? sent.message) : shown.line;
  shown.first?.focus();
});
