import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import en from '../../../site/src/i18n/en.json' with { type: 'json' };
import fr from '../../../site/src/i18n/fr.json' with { type: 'json' };

const consoleDir = fileURLToPath(new URL('../../../site/src/pages/[...locale]/console/', import.meta.url));
const pages = readdirSync(consoleDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.astro')).sort();
// The pages' scripts are modules of their own, which a page's <script> imports.
const scriptsDir = fileURLToPath(new URL('../../../site/src/scripts/console/', import.meta.url));
const scripts = readdirSync(scriptsDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).sort();

// Words a French secretariat writes as the English do.
const sameInFrench = new Set(['Actions', 'Contact', 'Contacts', 'Description', 'Expert', 'Experts', 'Export', 'HTML', 'Message', 'Organisation', 'Page', 'Site', 'Type', 'public']);

/** Leaves markup without its `{…}` expressions: what remains is literal text. */
function withoutExpressions(markup: string) {
  let out = '';
  let depth = 0;
  for (const ch of markup) {
    if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

// Two words of prose in a row ("Send now", "Only the secretariat…"); code, keys and selectors have none.
const prose = /[A-Za-z]{2,}[,.;:!?']? [A-Za-z]{2,}/;
// Literals that are code, not words for people: CSS selectors, and the CSV header mapping's example.
const notProse = [/^[#.[]|:checked|\bdt$/, /^Courriel=email, Public=audience$/];

/** The sentences a console page writes itself instead of taking them from the catalogues. */
function englishLiterals(source: string) {
  const [, frontmatter = '', rest = source] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source) ?? [];
  const scripts = [...rest.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  const markup = withoutExpressions(rest.replace(/<script[^>]*>[\s\S]*?<\/script>|<style[^>]*>[\s\S]*?<\/style>|<!--[\s\S]*?-->/g, ''));
  const found: string[] = [];
  for (const [, text] of markup.matchAll(/>([^<]+)</g)) if ((prose.test(text!) || /^\s*[A-Z][a-z]+\s*$/.test(text!)) && !notProse.some((pattern) => pattern.test(text!.trim()))) found.push(text!.trim());
  for (const [, name, value] of markup.matchAll(/\s(title|description|aria-label|placeholder|alt|data-[a-z-]+)="([^"]*)"/g)) if (prose.test(value!)) found.push(`${name}="${value}"`);
  for (const code of [frontmatter, ...scripts]) found.push(...codeLiterals(code));
  return found;
}

/** The sentences code writes itself: its string literals with two words of prose, comments left out. */
function codeLiterals(code: string) {
  const found: string[] = [];
  const bare = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const m of bare.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)) {
    const literal = (m[1] ?? m[2] ?? m[3])!.replace(/\$\{[^}]*\}/g, ' ');
    if (prose.test(literal) && !notProse.some((pattern) => pattern.test(literal))) found.push(literal.trim());
  }
  return found;
}

describe('the console in French', () => {
  it('has a French value for every console string, in French words', () => {
    const untranslated = Object.keys(en).filter((key) => key.startsWith('console.')).filter((key) => {
      const english = (en as Record<string, string>)[key]!;
      return (fr as Record<string, string>)[key] === english && !sameInFrench.has(english);
    });
    expect(untranslated).toEqual([]);
  });

  it.each(pages)('%s takes every sentence it shows from the catalogues', (file) => {
    expect(englishLiterals(readFileSync(path.join(consoleDir, file), 'utf8'))).toEqual([]);
  });

  it.each(scripts)('script %s takes every sentence it shows from the catalogues', (file) => {
    expect(codeLiterals(readFileSync(path.join(scriptsDir, file), 'utf8'))).toEqual([]);
  });

  it('finds the sentences a page writes itself', () => {
    const page = `---\nconst title = 'Send now';\n---\n<Base title="Contacts"><h1>Contacts</h1><p>{t('x')}</p><button aria-label="Close the dialog">x</button></Base>\n<script>\n  const t = messagesOf(root);\n  say(\`\${n} people would get this update\`);\n  document.querySelector('#details dt');\n</script>`;
    expect(englishLiterals(page)).toEqual(['Contacts', 'aria-label="Close the dialog"', 'Send now', 'people would get this update']);
  });
});
