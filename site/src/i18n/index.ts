/// <reference types="vite/client" />
import en from './en.json' with { type: 'json' };
import { defaultLocale, pathIn } from './default.ts';

export { defaultLocale };

/**
 * The site's languages are the catalogues in this folder: `<locale>.json` beside en.json adds one
 * (with its content under content/<collection>/<locale>/, falling back to English per entry).
 */
export type Locale = string;
export type MessageKey = keyof typeof en;
type Catalogue = Partial<Record<MessageKey, string>>;

const catalogues: Record<Locale, Catalogue> = Object.fromEntries(
  Object.entries(import.meta.glob<Catalogue>('./*.json', { eager: true, import: 'default' })).map(([file, catalogue]) => [file.replace(/^\.\/|\.json$/g, ''), catalogue]),
);

/** Every locale, the default first, then the others in alphabetical order. */
export const locales: readonly Locale[] = [defaultLocale, ...Object.keys(catalogues).filter((l) => l !== defaultLocale).sort()];
/** The locales that live under a prefix (/fr/, …): the routes' getStaticPaths go over these. */
export const prefixedLocales: readonly Locale[] = locales.slice(1);

/** A translation function for one locale: flat dotted keys, `{name}` placeholders; English fills a missing key. */
export function translator(locale: Locale) {
  const messages = catalogues[locale] ?? en;
  return (key: MessageKey, values: Record<string, string | number> = {}) =>
    (messages[key] ?? en[key]).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

export function isLocale(value: string | undefined): value is Locale {
  return locales.includes(value ?? '');
}

/** The language's name in that language (`lang.self` of its catalogue), for the language switch. */
export const localeName = (locale: Locale) => translator(locale)('lang.self');

// Open Graph wants a territory; a locale without one here is given its own code twice (xx_XX).
const ogTerritories: Record<Locale, string> = { en: 'en_GB', fr: 'fr_FR', de: 'de_DE', es: 'es_ES', it: 'it_IT', nl: 'nl_NL', pt: 'pt_PT', el: 'el_GR', sv: 'sv_SE', da: 'da_DK' };
export const ogLocale = (locale: Locale) => ogTerritories[locale] ?? `${locale}_${locale.toUpperCase()}`;

/** The path of the same page in another locale: the default has no prefix, the others live under /<locale>/. */
export function localizedPath(path: string, locale: Locale): string {
  const from = localeOf(path);
  const bare = (from === defaultLocale ? path : path.slice(from.length + 1)) || '/';
  return pathIn(bare, locale);
}

export function localeOf(path: string): Locale {
  const first = /^\/([^/]+)(?=\/|$)/.exec(path)?.[1];
  return first && prefixedLocales.includes(first) ? first : defaultLocale;
}

/** getStaticPaths of a page under [locale]/: one path per prefixed locale. */
export const prefixedLocalePaths = () => prefixedLocales.map((locale) => ({ params: { locale } }));

/** getStaticPaths of a page under [...locale]/: the default locale without a prefix, then every other. */
export const everyLocalePaths = () => [{ params: { locale: undefined } }, ...prefixedLocalePaths()];
