import en from '../i18n/en.json';
import { translator, type Locale, type MessageKey } from '../i18n/index.ts';

/** The strings of the given key prefixes in one locale, for a page's client script (members' area, console). */
export function pageMessages(locale: Locale, prefixes: string[]): string {
  const t = translator(locale);
  const keys = (Object.keys(en) as MessageKey[]).filter((k) => prefixes.some((p) => k.startsWith(p)));
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, t(k)])));
}
