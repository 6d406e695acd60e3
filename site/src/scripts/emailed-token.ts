/**
 * The page a link in an email opens (confirm a subscription, unsubscribe, confirm a relay): nothing
 * happens on load; the button POSTs the token from the URL fragment in the body.
 */
import { answer, hub, refusalLine } from '../lib/api.ts';
import { say, tokenFromHash } from '../lib/token-page.ts';

/** The calls a page may make, by the address its `action` names. */
const calls = {
  '/api/subscribe/confirm': (token: string) => answer(hub.POST('/subscribe/confirm', { body: { token } })),
  '/api/unsubscribe': (token: string) => answer(hub.POST('/unsubscribe', { body: { token } })),
  '/api/relayed': (token: string) => answer(hub.POST('/relayed', { body: { token } })),
};
export type EmailedAction = keyof typeof calls;

const button = document.getElementById('act') as HTMLButtonElement;
const status = document.getElementById('status');
button.addEventListener('click', async () => {
  const token = tokenFromHash();
  if (!token) return say(status, button.dataset.missing ?? '', 'error');
  const call = calls[button.dataset.action as EmailedAction];
  button.disabled = true;
  say(status, button.dataset.working ?? '');
  const result = await call(token);
  if (result.ok) say(status, button.dataset.done ?? '', 'success');
  else {
    button.disabled = false;
    say(status, refusalLine(result), 'error');
  }
});
