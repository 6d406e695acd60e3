import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

/**
 * Pagefind's index over the built pages, written after every build (npm start, npm test, the
 * benchmark), so search never lags behind the content. Only elements marked data-pagefind-body are
 * indexed: the one-pagers, news posts and events; one index per page language.
 */
export function searchIndex(): AstroIntegration {
  return {
    name: 'partnership-hub:search-index',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        const out = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({});
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        try {
          const added = await index.addDirectory({ path: out });
          if (added.errors.length > 0) throw new Error(`Pagefind could not index the site: ${added.errors.join('; ')}`);
          const written = await index.writeFiles({ outputPath: path.join(out, 'pagefind') });
          if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
