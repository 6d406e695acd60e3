import en from '../i18n/en.json' with { type: 'json' };
import { translator, type Locale, type MessageKey } from '../i18n/index.ts';

/**
 * A page's UI strings for its client script: Astro renders the keys of the given prefixes, in the
 * page's locale, into `data-messages`; the script reads them with `messagesOf`.
 */
export function pageMessages(locale: Locale, prefixes: string[]): string {
  const t = translator(locale);
  const keys = (Object.keys(en) as MessageKey[]).filter((k) => prefixes.some((p) => k.startsWith(p)));
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, t(k)])));
}
