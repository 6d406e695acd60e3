/** The public form to join the pool of experts; a confirmation email follows. */
import { answer, hub } from '../../lib/api.ts';
import { expertFromForm } from '../../lib/expert-form.ts';
import { showFields, showRefusal } from '../../lib/field-errors.ts';
import { say } from '../../lib/token-page.ts';

const form = document.querySelector<HTMLFormElement>('#join');
const status = document.querySelector<HTMLElement>('#join-status');
form?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const fields = new FormData(form);
  showFields(form);
  say(status, form.dataset.sending ?? '');
  // consent is a required box; the API refuses anything but true.
  const body = { email: String(fields.get('email') ?? ''), ...expertFromForm(fields), consent: (fields.get('consent') === 'true') as true };
  const result = await answer(hub.POST('/experts', { body }));
  if (result.ok) {
    say(status, form.dataset.success ?? '', 'success');
    form.reset();
    return;
  }
  const shown = showRefusal(form, result);
  say(status, result.status === 0 ? (form.dataset.failed ?? result.message) : shown.line, 'error');
  shown.first?.focus();
});
