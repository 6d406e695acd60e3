import { refusalOf, unreachable, whoAmI, type Refusal, type Schema } from './api.ts';
import { postJson } from './token-page.ts';

/**
 * Untyped JSON reads for the pages not yet on the typed client (`hub` in ./api.ts, which new code
 * uses); a refusal is read as every call's is (`refusalOf`).
 */
export async function getJson<T>(path: string): Promise<{ ok: true; data: T } | Refusal> {
  try {
    const response = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) return await refusalOf(response);
    return { ok: true, data: (await response.json().catch(() => undefined)) as T };
  } catch {
    return unreachable();
  }
}

export { postJson, whoAmI };
export type Me = Schema<'Me'>;

/** Builds an element with text only: user data never reaches the page as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text = '', attributes: Record<string, string> = {}) {
  const element = document.createElement(tag);
  element.textContent = text;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/**
 * The person one console page opens another on (a contact's page, the personal-data page): kept in
 * this tab's sessionStorage, so an address never goes into a URL, the history or an access log.
 */
type PersonPage = 'contact' | 'privacy';
export function openPerson(email: string, page: PersonPage = 'contact') {
  sessionStorage.setItem(`console.person.${page}`, email);
}
/** The person opened on `page`; `take` removes it, so the page fills it in once. */
export function openedPerson(page: PersonPage = 'contact', take = false): string | undefined {
  const email = sessionStorage.getItem(`console.person.${page}`) ?? undefined;
  if (take) sessionStorage.removeItem(`console.person.${page}`);
  return email;
}
