// @ts-check
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import sitemap from '@astrojs/sitemap';
import { onePagerPdfs } from './src/integrations/one-pager-pdfs.ts';
import { searchIndex } from './src/integrations/search-index.ts';

// The public origin: canonical URLs, feeds and the sitemap are absolute against it. Vitest exports
// Vite's own BASE_URL ('/', a path) to the processes it starts; only an origin counts here.
const site = /^https?:\/\//.test(process.env.BASE_URL ?? '') ? process.env.BASE_URL : 'http://localhost:8080';
// `npm run dev` runs the API beside Astro's dev server; the proxy keeps them one origin.
const apiOrigin = process.env.HUB_API_ORIGIN ?? 'http://127.0.0.1:8081';
// The languages are the catalogues in src/i18n (as src/i18n/index.ts reads them): English first, the default.
const others = readdirSync(fileURLToPath(new globalThis.URL('./src/i18n/', import.meta.url)))
  .filter((file) => file.endsWith('.json') && file !== 'en.json')
  .map((file) => file.replace(/\.json$/, ''))
  .sort();
const locales = ['en', ...others];

export default defineConfig({
  site,
  trailingSlash: 'ignore',
  // Tests and the benchmark build other content (HUB_CONTENT_DIR) elsewhere, without touching site/dist
  // or the content cache of the real build.
  ...(process.env.HUB_OUT_DIR ? { outDir: process.env.HUB_OUT_DIR } : {}),
  ...(process.env.HUB_CACHE_DIR ? { cacheDir: process.env.HUB_CACHE_DIR } : {}),
  // Pages carry their few kilobytes of CSS: one request per page, nothing render-blocking, and the
  // PDF printer can open the built files as they are.
  build: { format: 'directory', inlineStylesheets: 'always' },
  i18n: {
    locales,
    defaultLocale: 'en',
    routing: { prefixDefaultLocale: false },
  },
  integrations: [sitemap({ i18n: { defaultLocale: 'en', locales: Object.fromEntries(locales.map((l) => [l, l])) } }), onePagerPdfs(), searchIndex()],
  vite: {
    server: { proxy: { '/api': { target: apiOrigin, changeOrigin: false } } },
    // Every script is a file of its own: the site's Content-Security-Policy (infra/site.ts) allows
    // scripts from 'self' only, so a small script Vite would otherwise inline would never run on AWS.
    build: { assetsInlineLimit: 0 },
  },
  devToolbar: { enabled: false },
});
