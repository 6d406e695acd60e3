import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../infra/bundle.ts';
import { benchBundles } from './bundles.ts';
import { benchForums } from './forums.ts';
import { benchMail } from './mail.ts';
import { benchSite, type Figure } from './site.ts';

/**
 * `npm run bench`: figures, not assertions. Prints each result with its target and the ratio,
 * and writes them to reports/bench.json and reports/bench.md (git-ignored).
 */
const figures: Figure[] = [];
/** A figure's value: ratios (×) with two decimals, where 0.94 and 0.96 differ; the rest with one. */
const shown = (figure: Figure) => figure.value.toFixed(figure.unit === '×' ? 2 : 1);
const record = (figure: Figure) => {
  figures.push(figure);
  const ratio = figure.target ? ` (target ${figure.target.better === 'lower' ? '<' : '≥'} ${figure.target.value} ${figure.unit}; ratio ${(figure.value / figure.target.value).toFixed(2)})` : '';
  console.log(`${figure.name}: ${shown(figure)} ${figure.unit}${ratio}`);
};

// `npm run bench -- --only bundles` (or site, forums, mail): one part alone.
const parts = ['bundles', 'site', 'forums', 'mail'] as const;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (only !== undefined && !(parts as readonly string[]).includes(only)) throw new Error(`--only takes one of ${parts.join(', ')} (got ${only ?? 'nothing'})`);
const runs = (part: (typeof parts)[number]) => only === undefined || only === part;

// Lambda bundles: sizes, and the API's module load against a bare Hono app's.
if (runs('bundles')) await benchBundles(record);

// The public site: build times, page weights, Lighthouse.
if (runs('site')) await benchSite(record, projectRoot);

// Forums: a 500-post thread read and answered by 100 connections against DynamoDB Local.
if (runs('forums')) await benchForums(record);

// Mail: routing and rendering 100,000 contacts; 20,000 recipients sent through the SES emulator at 200/s; planning 100,000.
if (runs('mail')) await benchMail(record);

const reports = path.join(projectRoot, 'reports');
mkdirSync(reports, { recursive: true });
const at = new Date().toISOString();
writeFileSync(path.join(reports, 'bench.json'), JSON.stringify({ at, node: process.version, figures }, null, 2));
writeFileSync(
  path.join(reports, 'bench.md'),
  [`# Benchmarks (${at}, Node ${process.version})`, '', '| figure | value | target | ratio |', '|---|---|---|---|',
    ...figures.map((f) => `| ${f.name} | ${shown(f)} ${f.unit} | ${f.target ? `${f.target.better === 'lower' ? '<' : '≥'} ${f.target.value} ${f.unit}` : ''} | ${f.target ? (f.value / f.target.value).toFixed(2) : ''} |`)].join('\n') + '\n',
);
console.log(`\nReport: reports/bench.md`);
