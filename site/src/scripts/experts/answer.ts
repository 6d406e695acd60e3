/** An expert's answer to a call, opened from the call's email: interested or not now, with a message. */
import { answer, hub, refusalLine, type Ok } from '../../lib/api.ts';
import { say, tokenFromHash } from '../../lib/token-page.ts';
import { dateLocale } from '../../lib/messages.ts';

type Given = Pick<NonNullable<Ok<'/calls/answer-page', 'post'>['answer']>, 'interested' | 'message'> | null;
const form = document.querySelector<HTMLFormElement>('#answer')!;
const status = document.querySelector<HTMLElement>('#answer-status');
const token = tokenFromHash();
let callId = '';
const showAnswer = (given: Given) => {
  const box = document.querySelector<HTMLElement>('#your-answer')!;
  box.hidden = !given;
  if (given) box.querySelector('span')!.textContent = `${given.interested ? form.dataset.yes : form.dataset.no}${given.message ? ` — ${given.message}` : ''}`;
};
async function load() {
  if (!token) return say(status, form.dataset.noToken ?? '', 'error');
  const result = await answer(hub.POST('/calls/answer-page', { body: { token } }));
  if (!result.ok) return say(status, refusalLine(result), 'error');
  const { call, answer: given } = result.data;
  callId = call.id;
  document.querySelector('#call-title')!.textContent = call.title;
  document.querySelector('#call-group')!.textContent = call.group;
  document.querySelector('#call-deadline')!.textContent = new Date(call.deadline).toLocaleString(dateLocale());
  const body = document.querySelector('#call-body')!;
  // Plain text from the API, placed as text: no markup from a call ever reaches the page as HTML.
  for (const paragraph of call.body.split(/\n\s*\n/)) body.appendChild(Object.assign(document.createElement('p'), { textContent: paragraph }));
  document.querySelector<HTMLElement>('#call')!.hidden = false;
  showAnswer(given);
  if (call.open) {
    form.hidden = false;
    say(status, '');
  } else say(status, form.dataset.closed ?? '', 'error');
}
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const fields = new FormData(form);
  const body = { token, interested: fields.get('interested') === 'true', message: String(fields.get('message') ?? '') };
  const result = await answer(hub.POST('/calls/{id}/responses', { params: { path: { id: callId } }, body }));
  if (result.ok) {
    showAnswer({ interested: body.interested, message: body.message });
    say(status, form.dataset.saved ?? '', 'success');
  } else say(status, refusalLine(result), 'error');
});
void load();
