/**
 * The site's default language: its pages have no prefix and its catalogue (en.json) is the fallback
 * for a key another catalogue lacks. Kept apart from index.ts so that a page's client script can
 * import it without the catalogues.
 */
export const defaultLocale = 'en';

/** The path of a page in the locale of the page now open (client side: `<html lang>` names it). */
export function inPageLocale(path: string): string {
  const locale = document.documentElement.lang || defaultLocale;
  return locale === defaultLocale ? path : `/${locale}${path}`;
}
