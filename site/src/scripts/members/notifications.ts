/** A notification link from an email: what it is about, and the member's setting for that group. */
import { answer, hub, type Schema } from '../../lib/api.ts';
import { messagesOf, say } from '../../lib/forum-client.ts';

const t = messagesOf(document.getElementById('notify')!);
const status = document.getElementById('status');
const form = document.getElementById('notify-form') as HTMLFormElement;
const token = location.hash.slice(1);
// Reading what the link is about changes nothing; only the button's POST does.
const link = token ? await answer(hub.POST('/notification-links/inspect', { body: { token } })) : undefined;
if (!link) say(status, t('members.notify.noToken'), 'error');
else if (!link.ok) say(status, link.message, 'error');
else {
  say(status, t('members.notify.for', { group: link.data.groupName, email: link.data.email }));
  form.querySelector<HTMLInputElement>(`input[value="${link.data.setting}"]`)!.checked = true;
  form.hidden = false;
}
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const setting = String(new FormData(form).get('setting')) as Schema<'SettingsLink'>['setting'];
  const applied = await answer(hub.POST('/notification-links/apply', { body: { token, setting } }));
  say(status, applied.ok ? t('members.notify.saved') : applied.message, applied.ok ? 'success' : 'error');
});
