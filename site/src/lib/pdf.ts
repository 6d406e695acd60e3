import { existsSync } from 'node:fs';
import { defaultLocale } from '../i18n/default.ts';

/** The Chromium that prints the one-pagers; CI installs Debian's, a laptop may have none. */
export function chromiumPath(): string {
  return process.env.CHROME_PATH ?? '/usr/bin/chromium';
}

/**
 * Whether this build prints the one-pagers to PDF. The integration and the one-pager page both ask,
 * so a page never links to a PDF the build did not make. HUB_PDFS=off skips them on purpose
 * (the 1,000-page benchmark measures the HTML build alone).
 */
export function onePagerPdfsEnabled(): boolean {
  return process.env.HUB_PDFS !== 'off' && existsSync(chromiumPath());
}

/** Where a one-pager's PDF lives, next to its page: /actions/<slug>.pdf, /fr/actions/<slug>.pdf, … */
export function onePagerPdfPath(slug: string, locale: string): string {
  return `${locale === defaultLocale ? '' : `/${locale}`}/actions/${slug}.pdf`;
}
