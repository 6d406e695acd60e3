import { fileURLToPath } from 'node:url';
import { getViteConfig } from 'astro/config';

// Site pages rendered by Astro's container API, without a build: Astro's own Vite set-up for site/
// compiles them (npm run test:pages). Astro types its Vite options with its own copy of Vite, which
// Vitest's `test` option does not extend: hence the cast.
const vitest = { test: { include: [fileURLToPath(new URL('./**/*.test.ts', import.meta.url))], testTimeout: 60_000 } };
export default getViteConfig(vitest as unknown as Parameters<typeof getViteConfig>[0], { root: fileURLToPath(new URL('../../site/', import.meta.url)), integrations: [] });
