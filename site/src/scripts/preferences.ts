/**
 * The preferences an update's link opens. Reading them changes nothing; only the form's POST saves.
 * The token goes in the body of both: a path or query would reach the access logs.
 */
import { answer, hub, refusalLine, type Body } from '../lib/api.ts';
import { showFields, showRefusal } from '../lib/field-errors.ts';
import { say, tokenFromHash } from '../lib/token-page.ts';

type Chosen = Body<'/preferences', 'post'>;
const status = document.getElementById('status');
const form = document.getElementById('preferences') as HTMLFormElement;
const token = tokenFromHash();
if (!token) say(status, status?.dataset.missing ?? '', 'error');
else {
  const inspected = await answer(hub.POST('/preferences/inspect', { body: { token } }));
  if (!inspected.ok) say(status, refusalLine(inspected), 'error');
  else {
    const p = inspected.data;
    (document.getElementById('email') as HTMLElement).textContent = p.email;
    if (p.audience) (form.elements.namedItem('audience') as HTMLSelectElement).value = p.audience;
    (form.elements.namedItem('language') as HTMLSelectElement).value = p.language;
    (form.elements.namedItem('country') as HTMLInputElement).value = p.country ?? '';
    form.querySelectorAll<HTMLInputElement>('input[name=topics]').forEach((box) => (box.checked = p.topics.includes(box.value)));
    const unsubscribe = document.getElementById('unsubscribe') as HTMLAnchorElement;
    unsubscribe.href = `${unsubscribe.pathname}#${encodeURIComponent(token)}`;
    form.hidden = false;
  }
}
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const country = String(data.get('country') ?? '').trim();
  showFields(form);
  // The choices come from the API's own lists (rendered into the form); the API checks them again.
  const result = await answer(hub.POST('/preferences', {
    body: {
      token,
      audience: String(data.get('audience')) as Chosen['audience'],
      language: String(data.get('language')) as Chosen['language'],
      ...(country ? { country } : {}),
      topics: data.getAll('topics').map(String) as Chosen['topics'],
    },
  }));
  if (result.ok) say(status, status?.dataset.saved ?? '', 'success');
  else {
    const shown = showRefusal(form, result);
    say(status, shown.line, 'error');
    shown.first?.focus();
  }
});
