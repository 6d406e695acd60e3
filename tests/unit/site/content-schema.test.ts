import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSiteInto, projectRoot } from './built-site.ts';

const work = mkdtempSync(path.join(tmpdir(), 'hub-content-'));

describe('content schemas', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('fail the build on invalid frontmatter, naming the file and the field', { timeout: 200_000 }, () => {
    // Prepare: the real content plus one Action whose status is not in the vocabulary.
    const content = path.join(work, 'content');
    cpSync(path.join(projectRoot, 'content'), content, { recursive: true });
    writeFileSync(
      path.join(content, 'actions/en/broken-status.md'),
      [
        '---',
        'number: 9',
        'title: "An Action with a status nobody uses"',
        'summary: "This entry exists to prove that a wrong status stops the build with a clear message."',
        'status: finished',
        'leaders: ["City of Amsterdam"]',
        'contact: { name: "Secretariat", email: "secretariat@example.org" }',
        'updated: 2026-10-01',
        'topics: [housing]',
        '---',
        '',
        'Body.',
      ].join('\n'),
    );
    // Act
    const { status, output } = buildSiteInto(work, { HUB_CONTENT_DIR: content, HUB_PDFS: 'off' });
    // Assess
    expect(status).not.toBe(0);
    expect(output).toContain(path.join('actions', 'en', 'broken-status.md'));
    expect(output).toMatch(/\bstatus\b[^\n]*(expected|Invalid|enum)/i);
  });
});
