/** An expert entry as the API takes it, from the shared entry fields. */
export function expertFromForm(fields: FormData) {
  return {
    name: String(fields.get('name') ?? ''),
    organisation: String(fields.get('organisation') ?? ''),
    organisationType: String(fields.get('organisationType') ?? ''),
    audience: String(fields.get('audience') ?? ''),
    country: String(fields.get('country') ?? ''),
    languages: fields.getAll('languages').map(String),
    topics: fields.getAll('topics').map(String),
    profile: String(fields.get('profile') ?? ''),
  };
}

/** Fills the shared entry fields from a stored entry. */
export function fillForm(form: HTMLFormElement, entry: Record<string, unknown>) {
  for (const name of ['name', 'organisation', 'organisationType', 'audience', 'country', 'profile']) {
    const field = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null;
    if (field) field.value = String(entry[name] ?? '');
  }
  for (const name of ['languages', 'topics']) {
    const chosen = (entry[name] as string[] | undefined) ?? [];
    form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`).forEach((box) => (box.checked = chosen.includes(box.value)));
  }
}
