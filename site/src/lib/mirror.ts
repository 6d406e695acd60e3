import { prefixedLocales } from '../i18n/index.ts';

/**
 * Whether a page exists at a path, judged from the page files themselves. Parts of the site live in
 * one language only (the console, for now); the language switcher and the hreflang links must not
 * point at a page that was never built. A page under [locale]/ exists in every prefixed locale, one
 * under [...locale]/ in those and in the default one too.
 */
const prefixed = `/(?:${prefixedLocales.map((l) => l.replace(/[^\w-]/g, '')).join('|')})`;
const routes = Object.keys(import.meta.glob('../pages/**/*.{astro,ts}'))
  .filter((file) => !/\/_[^/]*$/.test(file))
  .map((file) => {
    const route = file
      .replace(/^\.\.\/pages/, '')
      .replace(/\.(astro|ts)$/, '')
      .replace(/\/index$/, '');
    const pattern = route
      .split('/')
      .filter(Boolean)
      .map((segment) => {
        if (segment === '[locale]') return prefixedLocales.length ? prefixed : '/(?!)';
        if (segment === '[...locale]') return prefixedLocales.length ? `(?:${prefixed})?` : '';
        return /^\[\.\.\.\w+\]$/.test(segment) ? '(?:/.*)?' : `/${segment.replace(/\[\w+\]/g, '[^/]+').replace(/\./g, '\\.')}`;
      })
      .join('');
    return new RegExp(`^${pattern}/?$`);
  });

export function pageExistsAt(path: string): boolean {
  const bare = path.replace(/\/$/, '');
  return routes.some((route) => route.test(bare));
}
