import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSiteInto, filesUnder } from './built-site.ts';

const work = mkdtempSync(path.join(tmpdir(), 'hub-no-chromium-'));

describe('a site build on a machine without Chromium', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('succeeds, says in one line that PDFs were skipped, and links to no PDF', { timeout: 200_000 }, () => {
    // Act
    const { status, output, dist } = buildSiteInto(work, { CHROME_PATH: path.join(work, 'no-chromium-here') });
    // Assess
    expect(status, output).toBe(0);
    const notices = output.split('\n').filter((line) => /pdf/i.test(line));
    expect(notices).toEqual([expect.stringMatching(/PDFs skipped: Chromium is not installed/)]);
    expect(filesUnder(dist, '.pdf')).toEqual([]);
    const onePager = readFileSync(path.join(dist, 'actions/unaccompanied-minors/index.html'), 'utf8');
    expect(onePager).toContain('Protection of unaccompanied minors');
    expect(onePager).not.toMatch(/href="[^"]*\.pdf"/);
    // The search index is built all the same.
    expect(filesUnder(path.join(dist, 'pagefind'), '.js').length).toBeGreaterThan(0);
  });
});
