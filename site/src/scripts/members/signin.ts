/** Sign-in by email: the address asks for a link and a code; the code signs in here. */
import { pathIn } from '../../i18n/default.ts';
import { answer, hub, refusalLine } from '../../lib/api.ts';
import { messagesOf, param, say } from '../../lib/forum-client.ts';

const root = document.getElementById('signin')!;
const t = messagesOf(root);
const status = document.getElementById('status');
const emailForm = document.getElementById('email-form') as HTMLFormElement;
const codeForm = document.getElementById('code-form') as HTMLFormElement;
let email = '';
const next = () => {
  const target = param('next');
  // Back to a members' page of this site only, in whichever language it was.
  return /^\/([\w-]+\/)?members\//.test(target) ? target : pathIn('/members/');
};
emailForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  email = String(new FormData(emailForm).get('email') ?? '').trim();
  const sent = await answer(hub.POST('/auth/login', { body: { email } }));
  if (!sent.ok) return say(status, refusalLine(sent), 'error');
  say(status, t('members.signin.sent', { email }));
  codeForm.hidden = false;
  (document.getElementById('code') as HTMLInputElement).focus();
});
codeForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const code = String(new FormData(codeForm).get('code') ?? '').trim();
  const verified = await answer(hub.POST('/auth/verify', { body: { email, code } }));
  if (!verified.ok) return say(status, refusalLine(verified), 'error');
  location.assign(next());
});
