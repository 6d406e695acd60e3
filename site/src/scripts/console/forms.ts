/** The console's forms: a refusal's field errors beside the fields, and a choice read back typed. */
import type { FieldError } from '../../lib/api.ts';

/**
 * A refusal's field errors beside the fields they name. A path names its control by its last part
 * that is a control's `name` (`edits.whatHappened` → `whatHappened`, `relayContacts.0.email` →
 * `relayContacts`), or that `aliases` maps to one (`{ relayContacts: 'relays' }`). The message goes
 * after the control (after a group of boxes: at the end of their fieldset), which gets
 * `aria-invalid` and an `aria-describedby` to it. What an earlier answer said is cleared first, so a
 * corrected field loses its message; `showFields(form)` only clears.
 */
export function showFields(within: HTMLElement, fields: FieldError[] = [], aliases: Record<string, string> = {}) {
  for (const shown of within.querySelectorAll('.field-error[data-refused]')) shown.remove();
  for (const invalid of within.querySelectorAll('[data-refused-invalid]')) {
    invalid.removeAttribute('aria-invalid');
    invalid.removeAttribute('data-refused-invalid');
    const described = (invalid.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.endsWith('-refused'));
    if (described.length) invalid.setAttribute('aria-describedby', described.join(' '));
    else invalid.removeAttribute('aria-describedby');
  }
  const said = new Map<HTMLElement, HTMLElement>();
  for (const field of fields) {
    const control = field.path
      .split('.')
      .reverse()
      .map((part) => within.querySelector<HTMLElement>(`[name="${CSS.escape(aliases[part] ?? part)}"]`))
      .find((found) => found !== null);
    if (!control) continue;
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
  }
}

/** A control's value as one of the document's choices (the control offers only those), or undefined (an empty choice). */
export const oneOf = <T extends string>(choices: readonly T[], value: FormDataEntryValue | string | null): T | undefined => choices.find((choice) => choice === value);
