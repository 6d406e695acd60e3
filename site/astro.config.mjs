// @ts-check
import { defineConfig } from 'astro/config';
import sitemap from '@astrojs/sitemap';

// The public origin: canonical URLs, feeds and the sitemap are absolute against it.
const site = process.env.BASE_URL ?? 'http://localhost:8080';
// `npm run dev` runs the API beside Astro's dev server; the proxy keeps them one origin.
const apiOrigin = process.env.HUB_API_ORIGIN ?? 'http://127.0.0.1:8081';

export default defineConfig({
  site,
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  i18n: {
    locales: ['en', 'fr'],
    defaultLocale: 'en',
    routing: { prefixDefaultLocale: false },
  },
  integrations: [sitemap({ i18n: { defaultLocale: 'en', locales: { en: 'en', fr: 'fr' } } })],
  vite: {
    server: { proxy: { '/api': { target: apiOrigin, changeOrigin: false } } },
  },
  devToolbar: { enabled: false },
});
