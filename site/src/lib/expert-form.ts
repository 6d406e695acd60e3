import type { Body, Schema } from './api.ts';

/** The fields of an entry the shared entry fields hold, as the API takes them. */
export type ExpertFields = Omit<Body<'/experts', 'post'>, 'email' | 'consent'>;

/**
 * An expert entry as the API takes it, from the shared entry fields. The choices are the hub's own
 * lists, rendered into the form; the API checks every one of them again.
 */
export function expertFromForm(fields: FormData): ExpertFields {
  return {
    name: String(fields.get('name') ?? ''),
    organisation: String(fields.get('organisation') ?? ''),
    organisationType: String(fields.get('organisationType') ?? '') as ExpertFields['organisationType'],
    audience: String(fields.get('audience') ?? '') as ExpertFields['audience'],
    country: String(fields.get('country') ?? ''),
    languages: fields.getAll('languages').map(String) as ExpertFields['languages'],
    topics: fields.getAll('topics').map(String) as ExpertFields['topics'],
    profile: String(fields.get('profile') ?? ''),
  };
}

/** Fills the shared entry fields from a stored entry. */
export function fillForm(form: HTMLFormElement, entry: Schema<'ExpertEntry'>) {
  for (const name of ['name', 'organisation', 'organisationType', 'audience', 'country', 'profile'] as const) {
    const field = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null;
    if (field) field.value = entry[name];
  }
  for (const name of ['languages', 'topics'] as const) {
    const chosen: readonly string[] = entry[name];
    form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`).forEach((box) => (box.checked = chosen.includes(box.value)));
  }
}
