/** The signed-in member's choice of language for the hub's emails to them (the EmailLanguage component). */
import { answer, hub, type Body } from '../lib/api.ts';
import { messagesOf, say } from '../lib/forum-client.ts';

const section = document.getElementById('email-language')!;
const t = messagesOf(section);
const form = document.getElementById('email-language-form') as HTMLFormElement;
const select = document.getElementById('email-language-select') as HTMLSelectElement;
const status = document.getElementById('email-language-status');
const names = JSON.parse(section.dataset.names ?? '{}') as Record<string, string>;
const nameOf = (language: string) => names[language] ?? language;
type Language = Body<'/me/language', 'put'>['language'];

const current = await answer(hub.GET('/me/language'));
if (!current.ok) say(status, current.status === 401 ? t('members.language.signIn') : current.message, current.status === 401 ? '' : 'error');
else {
  const { language, languages } = current.data;
  select.replaceChildren(...languages.map((l) => Object.assign(document.createElement('option'), { value: l, textContent: nameOf(l), selected: l === language })));
  form.hidden = false;
}
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const saved = await answer(hub.PUT('/me/language', { body: { language: select.value as Language } }));
  say(status, saved.ok ? t('members.language.saved', { language: nameOf(saved.data.language) }) : saved.message, saved.ok ? 'success' : 'error');
});
