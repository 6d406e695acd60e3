import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The shape of run.ts's `record`: figures, not assertions. */
export type Figure = { name: string; value: number; unit: string; target?: { value: number; better: 'lower' | 'higher' } };
type Record = (figure: Figure) => void;

const topics = ['housing', 'employment', 'health', 'education', 'legal-support', 'unaccompanied-minors', 'funding', 'indicators', 'desegregation', 'participation'];
const statuses = ['planned', 'in-progress', 'completed'];

/** Runs `astro build` of site/ into `outDir`; returns wall-clock milliseconds. */
function build(projectRoot: string, work: string, env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'node_modules/astro/astro.js'), 'build', '--silent'], {
    cwd: path.join(projectRoot, 'site'),
    encoding: 'utf8',
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      BASE_URL: 'http://localhost:8080',
      HUB_OUT_DIR: path.join(work, 'dist'),
      HUB_CACHE_DIR: path.join(work, 'cache'),
      ...env,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`site build failed:\n${result.stdout}\n${result.stderr}`);
  return performance.now() - started;
}

/** A plausible one-pager: the size of a real one, so the per-page time means something. */
function generatedAction(n: number) {
  const pick = <T>(list: T[], i: number) => list[i % list.length]!;
  return [
    '---',
    `number: ${n}`,
    `title: "Generated Action ${n} on ${pick(topics, n)}"`,
    `summary: "A generated Action used to measure the site build: partners work together on ${pick(topics, n)} and report what they achieved and what comes next."`,
    `status: ${pick(statuses, n)}`,
    'leaders: ["City of Amsterdam", "DG HOME"]',
    'partners: ["City of Athens", "City of Berlin", "EUROCITIES", "ECRE"]',
    'achievements:',
    '  - "Good practice collected from twelve cities and shared with the partners"',
    '  - "Recommendations sent to the EU institutions and to Member States"',
    'nextSteps:',
    '  - "Prepare a pilot with two partner cities"',
    '  - "Present the results at the next plenary meeting"',
    `contact: { name: "Action ${n} team", email: "action${n}@example.org" }`,
    'updated: 2026-10-01',
    `topics: [${pick(topics, n)}, ${pick(topics, n + 3)}]`,
    '---',
    '',
    'Cities meet newcomers first, but the rules and the money are decided at national and EU level. This Action brings the levels together around one question and follows it until something changes.',
    '',
    'The working group collects practice, tests it in pilot cities and turns what works into concrete recommendations.',
    '',
  ].join('\n');
}

const contentTypes: { [extension: string]: string } = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.ics': 'text/calendar',
};

/** The built site over HTTP, as S3 and CloudFront serve it: /x/ → x/index.html. */
function serve(dist: string): Promise<Server> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://site').pathname);
    let file = path.join(dist, pathname);
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file.startsWith(dist) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Lighthouse 12 in Debian's Chromium; scores 0–100 per category. */
function lighthouse(projectRoot: string, url: string): Promise<{ performance: number; accessibility: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(projectRoot, 'node_modules/lighthouse/cli/index.js'),
        url,
        '--only-categories=performance,accessibility',
        '--output=json',
        '--output-path=stdout',
        '--quiet',
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
      ],
      { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' } },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`lighthouse exited ${code}: ${err.slice(-2000)}`));
      const report = JSON.parse(out) as { categories: { performance: { score: number }; accessibility: { score: number } } };
      resolve({ performance: report.categories.performance.score * 100, accessibility: report.categories.accessibility.score * 100 });
    });
  });
}

const kib = (bytes: number) => bytes / 1024;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? htmlFiles(full) : entry.name.endsWith('.html') ? [full] : [];
  });
}

/**
 * The public site: build time of the real site (with PDFs and the search index), build of 1,000
 * generated one-pagers (HTML and search only), page weights, and Lighthouse on home and a one-pager.
 */
export async function benchSite(record: Record, projectRoot: string) {
  const work = mkdtempSync(path.join(tmpdir(), 'hub-bench-site-'));
  try {
    // The real site, as npm start and CI build it.
    const real = path.join(work, 'real');
    const realMs = build(projectRoot, real, {});
    const dist = path.join(real, 'dist');
    const pages = htmlFiles(dist);
    record({ name: `site build (${pages.length} pages, PDFs and search index)`, value: realMs / 1000, unit: 's' });
    const onePagers = pages.filter((file) => /[/\\]actions[/\\](?!topic|status)[^/\\]+[/\\]index\.html$/.test(file)).map((file) => statSync(file).size);
    record({ name: 'one-pager weight, largest (HTML with inline CSS)', value: kib(Math.max(...onePagers)), unit: 'KiB', target: { value: 50, better: 'lower' } });
    record({ name: 'home page weight (HTML with inline CSS)', value: kib(statSync(path.join(dist, 'index.html')).size), unit: 'KiB' });
    const pdfs = readdirSync(path.join(dist, 'actions')).filter((name) => name.endsWith('.pdf'));
    if (pdfs.length > 0) record({ name: 'one-pager PDF, largest', value: kib(Math.max(...pdfs.map((name) => statSync(path.join(dist, 'actions', name)).size))), unit: 'KiB' });

    // 1,000 generated one-pagers (and their French fallbacks) beside the real news and events.
    const generated = path.join(work, 'generated');
    const content = path.join(generated, 'content');
    mkdirSync(path.join(content, 'actions/en'), { recursive: true });
    for (const collection of ['posts', 'events']) cpSync(path.join(projectRoot, 'content', collection), path.join(content, collection), { recursive: true });
    for (let n = 1; n <= 1000; n++) writeFileSync(path.join(content, 'actions/en', `generated-${n}.md`), generatedAction(n));
    const bigMs = build(projectRoot, generated, { HUB_CONTENT_DIR: content, HUB_PDFS: 'off' });
    const bigPages = htmlFiles(path.join(generated, 'dist')).length;
    record({ name: `site build with 1,000 generated one-pagers (${bigPages} pages, no PDFs)`, value: bigMs / 1000, unit: 's' });
    record({ name: 'build time per page, 1,000-one-pager site', value: bigMs / bigPages, unit: 'ms' });

    // Lighthouse against the real build, served as the CDN serves it.
    const server = await serve(dist);
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const [label, url] of [
        ['home', `${origin}/`],
        ['one-pager', `${origin}/actions/unaccompanied-minors/`],
      ] as const) {
        const scores = await lighthouse(projectRoot, url);
        record({ name: `Lighthouse performance, ${label}`, value: scores.performance, unit: 'points', target: { value: 98, better: 'higher' } });
        record({ name: `Lighthouse accessibility, ${label}`, value: scores.accessibility, unit: 'points', target: { value: 100, better: 'higher' } });
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
