/** An emailed sign-in link: opening it changes nothing; the button's POST signs in. */
import { pathIn } from '../../i18n/default.ts';
import { answer, hub, refusalLine } from '../../lib/api.ts';
import { messagesOf, say } from '../../lib/forum-client.ts';

const t = messagesOf(document.getElementById('verify')!);
const status = document.getElementById('status');
const token = decodeURIComponent(location.hash.slice(1));
const again = document.getElementById('again')!;
const refused = (message: string) => {
  say(status, message, 'error');
  again.hidden = false;
};
const verify = (body: { token: string } | { email: string; code: string }) => answer(hub.POST('/auth/verify', { body }));
// Opening the link changes nothing: only the button's POST signs in (mail scanners open links).
const pending = await answer(hub.GET('/auth/pending'));
if (!token) refused(t('members.verify.noToken'));
else if (!pending.ok) {
  // An invitation is not bound to a browser, so its link signs in here; any other link does not.
  say(status, t('members.verify.noPending'));
  const invitation = document.getElementById('invitation')!;
  invitation.hidden = false;
  document.getElementById('elsewhere')!.hidden = false;
  again.hidden = false;
  const accept = document.getElementById('accept') as HTMLButtonElement;
  accept.addEventListener('click', async () => {
    accept.disabled = true;
    const verified = await verify({ token });
    if (verified.ok) return location.assign(pathIn('/members/'));
    invitation.hidden = true;
    refused(refusalLine(verified));
  });
} else {
  say(status, '');
  const button = document.getElementById('sign-in') as HTMLButtonElement;
  button.textContent = t('members.verify.signInAs', { email: pending.data.email });
  document.getElementById('confirm')!.hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    const verified = await verify({ token });
    if (verified.ok) return location.assign(pathIn('/members/'));
    document.getElementById('confirm')!.hidden = true;
    refused(refusalLine(verified));
  });
}
const codeForm = document.getElementById('code-form') as HTMLFormElement;
codeForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(codeForm);
  const verified = await verify({ email: String(data.get('email')).trim(), code: String(data.get('code')).trim() });
  if (verified.ok) location.assign(pathIn('/members/'));
  else refused(refusalLine(verified));
});
