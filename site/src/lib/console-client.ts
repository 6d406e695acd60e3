import { postJson } from './token-page.ts';
import { messagesOf, pathIn } from './messages.ts';

/**
 * The few words these helpers say themselves, in the page's language: a page that lists
 * `console.client.` in its data-messages gets them from the catalogues; any other page, in English.
 */
const english: Record<string, string> = {
  'console.client.serverAnswered': 'The server answered {status}.',
  'console.client.unreachable': 'The hub could not be reached. Check your connection and try again.',
  'console.client.signedOut': 'You are not signed in.',
  'console.client.signIn': 'Sign in',
};
function clientText(key: string, values: Record<string, string | number> = {}) {
  for (const root of document.querySelectorAll<HTMLElement>('[data-messages]')) {
    const text = messagesOf(root)(key, values);
    if (text !== key) return text;
  }
  return english[key]!.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));
}

/** Same-origin JSON reads for the console and members' pages; 401 sends the person to sign in. */
export async function getJson<T>(path: string): Promise<{ ok: true; data: T } | { ok: false; status: number; message: string }> {
  try {
    const response = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    const data: unknown = await response.json().catch(() => undefined);
    if (response.ok) return { ok: true, data: data as T };
    const message = (data as { error?: { message?: string } } | undefined)?.error?.message ?? clientText('console.client.serverAnswered', { status: response.status });
    return { ok: false, status: response.status, message };
  } catch {
    return { ok: false, status: 0, message: clientText('console.client.unreachable') };
  }
}

export { postJson };

export interface Me {
  email: string;
  name: string;
  secretariat: boolean;
  groups: { id: string; name: string; role: string }[];
}

/** The signed-in member, or a sign-in link in `status` and undefined. */
export async function whoAmI(status: HTMLElement | null): Promise<Me | undefined> {
  const me = await getJson<Me>('/api/me');
  if (me.ok) return me.data;
  if (status) {
    status.className = 'error';
    status.replaceChildren(
      document.createTextNode(`${me.status === 401 ? clientText('console.client.signedOut') : me.message} `),
      Object.assign(document.createElement('a'), { href: `${pathIn('/members/signin/')}?next=${encodeURIComponent(location.pathname)}`, textContent: clientText('console.client.signIn') }),
    );
  }
  return undefined;
}

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
