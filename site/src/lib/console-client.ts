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
