/**
 * The confirmation link of a "Your data" request. Nothing happens on load (mail scanners open
 * links): only the button's POST carries the request out.
 */
import { answer, hub } from '../../lib/api.ts';
import { messagesOf } from '../../lib/messages.ts';
import { isPersonalDataExport, renderErasure, renderExport } from '../../lib/personal-data-view.ts';
import { tokenFromHash } from '../../lib/token-page.ts';
import { statusLine } from '../../lib/status.ts';

const root = document.getElementById('confirm-request')!;
const t = messagesOf(root);
const button = document.getElementById('carry-out') as HTMLButtonElement;
const status = document.getElementById('confirm-status')!;
const result = document.getElementById('personal-data')!;
const say = statusLine(status);

button.addEventListener('click', async () => {
  const token = tokenFromHash();
  if (!token) return say(t('mail.noToken'), 'error');
  button.disabled = true;
  say(t('yourData.confirm.working'));
  const done = await answer(hub.POST('/privacy/confirm', { body: { token } }));
  if (done.ok) {
    const body = done.data;
    // The link worked once; the button would only meet "used" now.
    document.getElementById('ask')!.hidden = true;
    say('');
    // The export is checked again before it is shown: every section a list, whatever the answer holds.
    if (body.kind === 'export' && isPersonalDataExport(body.export)) {
      document.title = `${t('yourData.export.title')} · ${document.title.split(' · ').pop()}`;
      renderExport(result, body.export, t).focus();
    } else if (body.kind === 'erase') {
      renderErasure(result, body.summary, t, t('yourData.erased.heading'), t('yourData.erased.hash')).focus();
    } else say(t('yourData.failed'), 'error');
    return;
  }
  if (done.status === 404) {
    button.disabled = true;
    status.className = 'error';
    const again = Object.assign(document.createElement('a'), { href: root.dataset.again ?? '/your-data/', textContent: t('yourData.confirm.again') });
    status.replaceChildren(`${t('yourData.confirm.gone')} `, again, '.');
    return;
  }
  button.disabled = false;
  say(done.status === 0 ? t('yourData.failed') : done.message, 'error');
});
