import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleFunctions, projectRoot } from '../../infra/bundle.ts';
import { benchForums } from './forums.ts';
import { benchMail } from './mail.ts';
import { benchSite } from './site.ts';

/**
 * `npm run bench`: figures, not assertions. Prints each result with its target and the ratio,
 * and writes them to reports/bench.json and reports/bench.md (git-ignored).
 */
type Figure = { name: string; value: number; unit: string; target?: { value: number; better: 'lower' | 'higher' } };
const figures: Figure[] = [];
const record = (figure: Figure) => {
  figures.push(figure);
  const ratio = figure.target ? ` (target ${figure.target.better === 'lower' ? '<' : '≥'} ${figure.target.value} ${figure.unit}; ratio ${(figure.value / figure.target.value).toFixed(2)})` : '';
  console.log(`${figure.name}: ${figure.value.toFixed(1)} ${figure.unit}${ratio}`);
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

// Lambda bundles: size, and the module-load (cold init) time of the API in fresh processes.
const bundles = await bundleFunctions();
for (const bundle of bundles) {
  record({
    name: `bundle ${bundle.name} (minified)`,
    value: bundle.bytes / 1024,
    unit: 'KiB',
    ...(bundle.name === 'api' ? { target: { value: 500, better: 'lower' as const } } : {}),
  });
}
const api = bundles.find((b) => b.name === 'api')!;
const env = {
  ...process.env,
  TABLE_NAME: 'bench',
  SENDER: 'bench@example.org',
  BASE_URL: 'https://hub.example.org',
  AWS_REGION: 'eu-west-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const probe = `const t = performance.now(); await import(${JSON.stringify(api.file)}); process.stdout.write(String(performance.now() - t));`;
const runs = Number(process.env.BENCH_INIT_RUNS ?? 15);
const inits = Array.from({ length: runs }, () =>
  Number(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { env, encoding: 'utf8' })),
);
record({ name: `api cold init, median of ${runs} fresh node processes`, value: median(inits), unit: 'ms', target: { value: 200, better: 'lower' } });

// The public site: build times, page weights, Lighthouse.
await benchSite(record, projectRoot);

// Forums: a 500-post thread read and answered by 100 connections against DynamoDB Local.
await benchForums(record);

// Mail: routing and rendering 100,000 contacts; 2,000 recipients sent through the SES emulator at 200/s.
await benchMail(record);

const reports = path.join(projectRoot, 'reports');
mkdirSync(reports, { recursive: true });
const at = new Date().toISOString();
writeFileSync(path.join(reports, 'bench.json'), JSON.stringify({ at, node: process.version, figures }, null, 2));
writeFileSync(
  path.join(reports, 'bench.md'),
  [`# Benchmarks (${at}, Node ${process.version})`, '', '| figure | value | target | ratio |', '|---|---|---|---|',
    ...figures.map((f) => `| ${f.name} | ${f.value.toFixed(1)} ${f.unit} | ${f.target ? `${f.target.better === 'lower' ? '<' : '≥'} ${f.target.value} ${f.unit}` : ''} | ${f.target ? (f.value / f.target.value).toFixed(2) : ''} |`)].join('\n') + '\n',
);
console.log(`\nReport: reports/bench.md`);
