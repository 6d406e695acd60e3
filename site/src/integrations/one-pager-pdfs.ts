import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroIntegration } from 'astro';
import { chromium } from 'playwright-core';
import { chromiumPath, onePagerPdfsEnabled } from '../lib/pdf.ts';

// A one-pager is /actions/<slug>/ or /<locale>/actions/<slug>/; filter pages sit one level deeper.
const onePager = /^([\w-]+\/)?actions\/([^/]+)\/$/;

/** PDF pages in a file Chromium wrote: it writes page objects uncompressed. */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

/**
 * Prints every built one-pager to A4 with Chromium, from the very HTML and print stylesheet a reader
 * prints, so the download and the printout cannot differ. Without Chromium the build goes on and
 * says so in one line; the pages then carry no PDF link (see lib/pdf.ts).
 */
export function onePagerPdfs(): AstroIntegration {
  return {
    name: 'partnership-hub:one-pager-pdfs',
    hooks: {
      'astro:build:done': async ({ dir, pages }) => {
        if (!onePagerPdfsEnabled()) {
          if (process.env.HUB_PDFS !== 'off') {
            console.warn(`One-pager PDFs skipped: Chromium is not installed (looked for ${chromiumPath()}; set CHROME_PATH to another).`);
          }
          return;
        }
        const out = fileURLToPath(dir);
        const targets = pages.flatMap(({ pathname }) => {
          const match = onePager.exec(pathname);
          return match ? [{ html: path.join(out, pathname, 'index.html'), pdf: path.join(out, match[1] ?? '', 'actions', `${match[2]}.pdf`) }] : [];
        });
        const started = performance.now();
        const browser = await chromium.launch({
          executablePath: chromiumPath(),
          args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
        });
        try {
          const context = await browser.newContext();
          const queue = [...targets];
          // Two tabs keep both cores busy without Chromium starving the rest of the build.
          await Promise.all(
            [0, 1].map(async () => {
              const page = await context.newPage();
              for (let target = queue.shift(); target; target = queue.shift()) {
                await page.goto(pathToFileURL(target.html).href, { waitUntil: 'load' });
                const pdf = await page.pdf({ path: target.pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
                const count = pdfPageCount(pdf);
                if (count !== 1) console.warn(`One-pager PDF ${path.relative(out, target.pdf)} has ${count} pages; shorten the Action's text to fit one A4 page.`);
              }
              await page.close();
            }),
          );
        } finally {
          await browser.close();
        }
        console.log(`One-pager PDFs: ${targets.length} printed in ${Math.round(performance.now() - started)} ms.`);
      },
    },
  };
}
