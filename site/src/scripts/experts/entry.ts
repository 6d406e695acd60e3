/** An expert's own entry, opened from an email's link: change it, or leave the pool. */
import { answer, hub, refusalLine, type Schema } from '../../lib/api.ts';
import { expertFromForm, fillForm } from '../../lib/expert-form.ts';
import { showFields, showRefusal } from '../../lib/field-errors.ts';
import { say, tokenFromHash } from '../../lib/token-page.ts';

const form = document.querySelector<HTMLFormElement>('#entry')!;
const status = document.querySelector<HTMLElement>('#entry-status');
const leaveSection = document.querySelector<HTMLElement>('#leave-section')!;
const words = JSON.parse(form.dataset.statusWords ?? '{}') as Record<string, string>;
const token = tokenFromHash();
const show = (entry: Schema<'ExpertEntry'>) => {
  fillForm(form, entry);
  (form.elements.namedItem('acceptsCalls') as HTMLInputElement).checked = entry.acceptsCalls;
  document.querySelector('#entry-state')!.textContent = words[entry.status] ?? entry.status;
  document.querySelector('#entry-email')!.textContent = entry.email;
  form.hidden = entry.status === 'left';
  leaveSection.hidden = entry.status === 'left';
};
async function load() {
  if (!token) return say(status, form.dataset.noToken ?? '', 'error');
  const result = await answer(hub.POST('/experts/entry', { body: { token } }));
  if (!result.ok) return say(status, refusalLine(result), 'error');
  say(status, result.data.status === 'left' ? (form.dataset.left ?? '') : '');
  show(result.data);
}
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const fields = new FormData(form);
  const changes = { ...expertFromForm(fields), acceptsCalls: fields.get('acceptsCalls') === 'true' };
  showFields(form);
  const result = await answer(hub.POST('/experts/entry/update', { body: { token, changes } }));
  if (result.ok) {
    show(result.data);
    say(status, form.dataset.saved ?? '', 'success');
  } else {
    const shown = showRefusal(form, { ...result, fields: result.fields.map((f) => ({ ...f, path: f.path.replace(/^changes\./, '') })) });
    say(status, shown.line, 'error');
    shown.first?.focus();
  }
});
document.querySelector('#leave')?.addEventListener('click', async () => {
  const result = await answer(hub.POST('/experts/entry/leave', { body: { token } }));
  if (result.ok) {
    show(result.data);
    say(status, form.dataset.left ?? '', 'success');
  } else say(status, refusalLine(result), 'error');
});
void load();
