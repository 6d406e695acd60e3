import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { siteRoot } from './built-site.ts';

const projectRoot = path.dirname(siteRoot);
const work = mkdtempSync(path.join(tmpdir(), 'hub-content-'));

/** `astro build` of the real site against a copy of the content, out of the way of site/dist. */
function buildAgainst(contentDir: string) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'node_modules/astro/astro.js'), 'build'], {
    cwd: siteRoot,
    encoding: 'utf8',
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      // Vitest sets BASE_URL to Vite's base path ('/'); the site wants an origin.
      BASE_URL: 'http://localhost:8080',
      HUB_CONTENT_DIR: contentDir,
      HUB_OUT_DIR: path.join(work, 'dist'),
      HUB_CACHE_DIR: path.join(work, 'cache'),
      HUB_PDFS: 'off',
      NO_COLOR: '1',
    },
    timeout: 180_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

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
    const { status, output } = buildAgainst(content);
    // Assess
    expect(status).not.toBe(0);
    expect(output).toContain(path.join('actions', 'en', 'broken-status.md'));
    expect(output).toMatch(/\bstatus\b[^\n]*(expected|Invalid|enum)/i);
  });
});
