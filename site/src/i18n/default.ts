/**
 * The site's default language: its pages have no prefix and its catalogue (en.json) is the fallback
 * for a key another catalogue lacks. Kept apart from index.ts so that a page's client script can
 * import it without the catalogues.
 */
export const defaultLocale = 'en';

/** The language of the page now open (client side: `<html lang>` names it); the default on the server. */
export const pageLocale = () => (typeof document === 'undefined' ? defaultLocale : document.documentElement.lang || defaultLocale);

/** A site path in a language (the open page's by default): the default language has no prefix, others live under /<locale>/. */
export const pathIn = (path: string, locale = pageLocale()) => (locale === defaultLocale ? path : `/${locale}${path}`);
