/**
 * The one way a page shows a refusal's field errors (`fields` of a `Refusal`, the API's `details`):
 * each beside the control it names, for the members' and public forms and the console alike.
 */
import { refusalLine, type FieldError, type Refusal } from './api.ts';

/**
 * A refusal's field errors beside the fields they name. A path names its control by its last part
 * that is a control's `name` (`edits.whatHappened` → `whatHappened`, `relayContacts.0.email` →
 * `relayContacts`), or that `aliases` maps to one (`{ relayContacts: 'relays' }`). The message goes
 * after the control (after a group of boxes: at the end of their fieldset), which gets
 * `aria-invalid` and an `aria-describedby` to it. What an earlier answer said is cleared first, so a
 * corrected field loses its message; `showFields(form)` only clears. Answers the first control
 * marked, to move the focus to, or undefined when no error names a control here.
 */
export function showFields(within: HTMLElement, fields: FieldError[] = [], aliases: Record<string, string> = {}): HTMLElement | undefined {
  return placeFields(within, fields, aliases).first;
}

/**
 * A refusal said on a form: each field error beside its field (`showFields`), and the line for the
 * form's status: the API's message, with only the field errors no control here names (a page never
 * shows the API's field names for what it already says beside a field), and the wait of a 429.
 * `first` is the control to move the focus to.
 */
export function showRefusal(within: HTMLElement, refusal: Refusal, aliases: Record<string, string> = {}): { line: string; first?: HTMLElement } {
  const { first, unplaced } = placeFields(within, refusal.fields, aliases);
  const message = [refusal.said, ...unplaced.map((f) => `${f.path}: ${f.message}`)].join(' ');
  return { line: refusalLine({ ...refusal, message }), ...(first ? { first } : {}) };
}

function placeFields(within: HTMLElement, fields: FieldError[], aliases: Record<string, string>): { first?: HTMLElement; unplaced: FieldError[] } {
  for (const shown of within.querySelectorAll('.field-error[data-refused]')) shown.remove();
  for (const invalid of within.querySelectorAll('[data-refused-invalid]')) {
    invalid.removeAttribute('aria-invalid');
    invalid.removeAttribute('data-refused-invalid');
    const described = (invalid.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.endsWith('-refused'));
    if (described.length) invalid.setAttribute('aria-describedby', described.join(' '));
    else invalid.removeAttribute('aria-describedby');
  }
  const said = new Map<HTMLElement, HTMLElement>();
  const unplaced: FieldError[] = [];
  let first: HTMLElement | undefined;
  for (const field of fields) {
    const control = field.path
      .split('.')
      .reverse()
      .map((part) => within.querySelector<HTMLElement>(`[name="${CSS.escape(aliases[part] ?? part)}"]`))
      .find((found) => found !== null);
    if (!control) {
      unplaced.push(field);
      continue;
    }
    const box = control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio');
    const target = (box ? control.closest('fieldset') : null) ?? control;
    const already = said.get(target);
    if (already) {
      already.textContent = `${already.textContent} ${field.message}`;
      continue;
    }
    const message = document.createElement('span');
    message.classList.add('field-error', 'error');
    message.dataset.refused = '';
    message.id = `${target.id || control.getAttribute('name')}-refused`;
    message.textContent = field.message;
    if (target === control) control.after(message);
    else target.append(message);
    target.setAttribute('aria-invalid', 'true');
    target.dataset.refusedInvalid = '';
    target.setAttribute('aria-describedby', [...(target.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean), message.id].join(' '));
    said.set(target, message);
    first ??= control;
  }
  return { ...(first ? { first } : {}), unplaced };
}
