/**
 * A refusal's field errors (`fields` of a `Refusal`, the API's `details`) shown beside the form's
 * fields they name: a message after the field, `aria-invalid` on it and `aria-describedby` to the
 * message. A path names its field by its first segment (`links.0` → the field `links`).
 */
import type { FieldError } from './api.ts';

const shown = 'data-field-error';

/** Removes the messages and marks a previous refusal left. */
export function clearFieldErrors(form: HTMLFormElement) {
  form.querySelectorAll(`[${shown}]`).forEach((message) => message.remove());
  for (const field of form.querySelectorAll<HTMLElement>('[aria-invalid]')) {
    field.removeAttribute('aria-invalid');
    const describedBy = (field.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.startsWith('field-error-'));
    if (describedBy.length) field.setAttribute('aria-describedby', describedBy.join(' '));
    else field.removeAttribute('aria-describedby');
  }
}

/**
 * Shows each field error beside its field, after clearing the previous ones; the first field marked,
 * to move the focus to, or undefined when no error names a field of this form.
 */
export function showFieldErrors(form: HTMLFormElement, fields: FieldError[]): HTMLElement | undefined {
  clearFieldErrors(form);
  let first: HTMLElement | undefined;
  const said = new Map<string, HTMLElement>();
  for (const { path, message } of fields) {
    const name = path.split('.')[0] ?? '';
    const named = name ? form.elements.namedItem(name) : null;
    // A group of checkboxes or radios is one field: its message goes after the last of them.
    const controls = named instanceof RadioNodeList ? [...named].filter((n): n is HTMLInputElement => n instanceof HTMLInputElement) : named instanceof HTMLElement ? [named] : [];
    const last = controls.at(-1);
    if (!last) continue;
    const existing = said.get(name);
    if (existing) {
      existing.textContent = `${existing.textContent} ${message}`;
      continue;
    }
    const note = document.createElement('span');
    note.id = `field-error-${form.id || 'form'}-${name}`;
    note.className = 'field-error error';
    note.setAttribute(shown, '');
    note.textContent = message;
    (last.closest('label') ?? last).after(note);
    said.set(name, note);
    for (const control of controls) {
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), note.id].filter(Boolean).join(' '));
    }
    first ??= controls[0];
  }
  return first;
}
