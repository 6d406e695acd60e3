import { describe, expect, it } from 'vitest';
import { dateLocale, formatDateTime, formatSize } from '../../../site/src/lib/messages.ts';

describe("the working pages' numbers and dates", () => {
  it("write a file's size in the page's language, never under 1 kB", () => {
    expect([formatSize(200, 'en'), formatSize(1536, 'en'), formatSize(2.35 * 1024 * 1024, 'en')]).toEqual(['1 kB', '2 kB', '2.4 MB']);
    expect([formatSize(200, 'fr'), formatSize(2.35 * 1024 * 1024, 'fr')]).toEqual(['1\u202fko', '2,4\u202fMo']);
  });

  it('write dates in British English and in the French of France, not US English', () => {
    expect([dateLocale('en'), dateLocale('fr')]).toEqual(['en-GB', 'fr-FR']);
    const at = Date.UTC(2026, 11, 2, 12, 0);
    expect(formatDateTime(at, 'en')).not.toMatch(/PM|AM/);
    expect(formatDateTime(at, 'en')).toMatch(/^2 Dec 2026/);
    expect(formatDateTime(at, 'fr')).toMatch(/^2 déc\. 2026/);
  });
});
