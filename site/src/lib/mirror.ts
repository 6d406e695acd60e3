/**
 * Whether a page exists at a path, judged from the page files themselves. Parts of the site live in
 * one language only (the console, parts of the members' area); the language switcher and the hreflang
 * links must not point at a French page that was never built.
 */
const routes = Object.keys(import.meta.glob('../pages/**/*.{astro,ts}')).map((file) => {
  const route = file
    .replace(/^\.\.\/pages/, '')
    .replace(/\.(astro|ts)$/, '')
    .replace(/\/index$/, '');
  const pattern = route
    .split('/')
    .filter(Boolean)
    .map((segment) => (/^\[\.\.\.\w+\]$/.test(segment) ? '(?:/.*)?' : `/${segment.replace(/\[\w+\]/g, '[^/]+').replace(/\./g, '\\.')}`))
    .join('');
  return new RegExp(`^${pattern}/?$`);
});

export function pageExistsAt(path: string): boolean {
  const bare = path.replace(/\/$/, '');
  return routes.some((route) => route.test(bare));
}
