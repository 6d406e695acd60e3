/** The "Your data" form: ask for a copy of one's data or its erasure; a confirmation link is emailed. */
import { answer, hub, type Body } from '../../lib/api.ts';
import { messagesOf } from '../../lib/messages.ts';
import { statusLine } from '../../lib/status.ts';

const form = document.querySelector<HTMLFormElement>('#your-data')!;
const status = document.querySelector<HTMLElement>('#your-data-status')!;
const button = form.querySelector('button')!;
const t = messagesOf(form);
const fieldErrors = { email: document.getElementById('email-error')!, kind: document.getElementById('kind-error')! };
const fieldOf = { email: document.getElementById('email') as HTMLInputElement, kind: document.getElementById('kind') as HTMLFieldSetElement };

const say = statusLine(status);
function showFieldError(name: keyof typeof fieldErrors, text: string) {
  fieldErrors[name].textContent = text;
  fieldErrors[name].hidden = !text;
  if (name === 'email') {
    fieldOf.email.toggleAttribute('aria-invalid', Boolean(text));
    if (text) fieldOf.email.setAttribute('aria-describedby', 'email-error');
    else fieldOf.email.removeAttribute('aria-describedby');
  }
}

form.addEventListener('submit', async (event) => {
  // The API speaks JSON; the form's own encoding would not reach it, so the script posts for it.
  event.preventDefault();
  const fields = new FormData(form);
  showFieldError('email', '');
  showFieldError('kind', '');
  button.disabled = true;
  say(t('yourData.sending'));
  // The kind is one of the form's two choices; the API checks it again.
  const sent = await answer(hub.POST('/privacy/requests', {
    body: {
      email: String(fields.get('email') ?? ''),
      kind: String(fields.get('kind') ?? '') as Body<'/privacy/requests', 'post'>['kind'],
      language: document.documentElement.lang === 'fr' ? 'fr' : 'en',
    },
  }));
  button.disabled = false;
  if (sent.ok) {
    // The same words whether or not the hub knows the address: the page must not tell which.
    say(t('yourData.sent', { hours: form.dataset.linkHours ?? '' }), 'success');
    form.reset();
    return;
  }
  if (sent.status === 400) {
    const named = sent.fields.map((f) => f.path.split('.')[0]).filter((p): p is 'email' | 'kind' => p === 'email' || p === 'kind');
    for (const name of new Set(named)) showFieldError(name, t(`yourData.error.${name}`));
    if (named.length) {
      say(t('yourData.invalid'), 'error');
      (named[0] === 'email' ? fieldOf.email : fieldOf.kind.querySelector('input'))?.focus();
    } else say(sent.message, 'error');
    return;
  }
  if (sent.status === 429) {
    say(t('yourData.tooMany', { minutes: Math.max(1, Math.ceil((sent.retryAfterSeconds ?? 60) / 60)) }), 'error');
    return;
  }
  say(t('yourData.failed'), 'error');
});
