import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const README_MAX_BYTES = 12_288;
// Built from parts so this file does not name what it looks for.
const OUTSIDE_DOCS = [['DESIGN', 'md'].join('.'), ['..', 'shared', ''].join('/')];
const NOT_OURS = new Set(['node_modules', 'dist', '.git', '.data', 'cdk.out', '.astro', 'reports']);

/** The Markdown without its fenced blocks: headings and links inside them are text. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The Markdown with fenced blocks and code spans blanked out, so only real links are left. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '``');
}

/** GitHub's anchor for a heading: lowercase, punctuation dropped (hyphens and underscores stay), spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_]{1,2}([^*_]+)[*_]{1,2}/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a Markdown file offers, repeated headings numbered as GitHub does (`-1`, `-2`). */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, text] of withoutFences(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = slug(text!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The targets of the Markdown links in a file that point inside the repository (no scheme, no `//`). */
export function relativeLinks(markdown: string): string[] {
  const targets = [...prose(markdown).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('//'));
}

/** What is wrong with each relative link of `file`: a missing file, or a missing heading for its #anchor. */
export function brokenLinks(file: string, read: (path: string) => string | undefined): string[] {
  const markdown = read(file) ?? '';
  const broken: string[] = [];
  for (const link of relativeLinks(markdown)) {
    const [path, anchor] = link.split('#', 2) as [string, string | undefined];
    const target = path === '' ? file : join(dirname(file), decodeURIComponent(path));
    const text = read(target);
    if (text === undefined) {
      broken.push(`${file}: ${link} (no file ${target})`);
    } else if (anchor !== undefined && target.endsWith('.md') && !anchors(text).has(decodeURIComponent(anchor))) {
      broken.push(`${file}: ${link} (no heading "${anchor}" in ${target})`);
    }
  }
  return broken;
}

function readRepoFile(path: string): string | undefined {
  const full = join(root, path);
  if (!existsSync(full)) return undefined;
  return statSync(full).isDirectory() ? '' : readFileSync(full, 'utf8');
}

function* repoFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_OURS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* repoFiles(path);
    else if (entry.isFile()) yield path;
  }
}

const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('the link checker', () => {
  const files: Record<string, string> = {
    'README.md': '# Hub\n\nSee [deploy](docs/deploy.md#after-the-first-deploy), [gone](docs/gone.md), [top](#hub), [nowhere](#nowhere), [site](https://example.org/x.md).\n\n```\n[in code](docs/none.md)\n```\n',
    'docs/deploy.md': '# Deploy\n\n## After the first deploy\n\n## Settings (`cdk.json` context, or `-c key=value`)\n\nBack to the [README](../README.md#hub) and [settings](#settings-cdkjson-context-or--c-keyvalue).\n',
  };
  const read = (path: string) => files[path];

  it('makes anchors by the rules GitHub uses', () => {
    expect(slug("The SES account's limits")).toBe('the-ses-accounts-limits');
    expect(slug('Settings (`cdk.json` context, or `-c key=value`)')).toBe('settings-cdkjson-context-or--c-keyvalue');
    expect(slug('The outbox: every other bulk email')).toBe('the-outbox-every-other-bulk-email');
    expect([...anchors('# A\n\n## Notes\n\n## Notes\n')]).toEqual(['a', 'notes', 'notes-1']);
  });

  it('reports a missing file and a missing heading, and nothing else', () => {
    expect(brokenLinks('README.md', read)).toEqual([
      'README.md: docs/gone.md (no file docs/gone.md)',
      'README.md: #nowhere (no heading "nowhere" in README.md)',
    ]);
    expect(brokenLinks('docs/deploy.md', read)).toEqual([]);
  });
});

describe('the documentation', () => {
  it(`keeps the README to what a newcomer needs first (at most ${README_MAX_BYTES} bytes)`, () => {
    expect(statSync(join(root, 'README.md')).size).toBeLessThanOrEqual(README_MAX_BYTES);
  });

  it('indexes every doc from the README', () => {
    const readmeLinks = new Set(relativeLinks(readRepoFile('README.md')!).map((l) => l.split('#')[0]));
    expect(docs.filter((d) => d !== 'README.md' && !readmeLinks.has(d))).toEqual([]);
  });

  it('links only to files and headings that exist', () => {
    expect(docs.length).toBeGreaterThan(5);
    expect(docs.flatMap((file) => brokenLinks(file, readRepoFile))).toEqual([]);
  });

  it('points nowhere outside the repository: every rule a reader needs is in it', () => {
    const mentions: string[] = [];
    for (const file of repoFiles(root)) {
      const bytes = readFileSync(file);
      for (const name of OUTSIDE_DOCS) if (bytes.includes(name)) mentions.push(`${relative(root, file)} names ${name}`);
    }
    expect(mentions).toEqual([]);
  });
});
