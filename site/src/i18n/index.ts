import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };

export const locales = ['en', 'fr'] as const;
export type Locale = (typeof locales)[number];
export type MessageKey = keyof typeof en;

const messages: Record<Locale, Record<MessageKey, string>> = { en, fr };

/** A translation function for one locale: flat dotted keys, `{name}` placeholders. */
export function translator(locale: Locale) {
  return (key: MessageKey, values: Record<string, string | number> = {}) =>
    (messages[locale][key] ?? messages.en[key]).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

export function isLocale(value: string | undefined): value is Locale {
  return (locales as readonly string[]).includes(value ?? '');
}

/** The path of the same page in another locale: English has no prefix, French lives under /fr/. */
export function localizedPath(path: string, locale: Locale): string {
  const bare = path.replace(/^\/fr(?=\/|$)/, '') || '/';
  return locale === 'en' ? bare : `/fr${bare === '/' ? '/' : bare}`;
}

export function localeOf(path: string): Locale {
  return /^\/fr(\/|$)/.test(path) ? 'fr' : 'en';
}
