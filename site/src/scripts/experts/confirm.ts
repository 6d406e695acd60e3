/** The link of the joining email: only the button's POST confirms the entry. */
import { answer, hub, refusalLine } from '../../lib/api.ts';
import { say, tokenFromHash } from '../../lib/token-page.ts';

const button = document.querySelector<HTMLButtonElement>('#confirm');
const status = document.querySelector<HTMLElement>('#confirm-status');
button?.addEventListener('click', async () => {
  const token = tokenFromHash();
  if (!token) return say(status, button.dataset.noToken ?? '', 'error');
  button.disabled = true;
  const result = await answer(hub.POST('/experts/confirm', { body: { token } }));
  if (result.ok) say(status, button.dataset.done ?? '', 'success');
  else {
    button.disabled = false;
    say(status, refusalLine(result), 'error');
  }
});
