import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { bundleEntry, bundleFunctions, projectRoot, type BundleSize } from '../../infra/bundle.ts';
import type { Figure } from './site.ts';

type Record = (figure: Figure) => void;

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The API's bundle must stay under this (minified). */
export const API_BUNDLE_TARGET_KIB = 500;
/** The API's module load may take at most this many times a bare Hono app's. */
export const INIT_RATIO_TARGET = 1.5;

/** Milliseconds one fresh Node process takes to import `file` (its module load: parse, link, top-level code). */
function moduleLoad(file: string, env: NodeJS.ProcessEnv) {
  const probe = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { env, encoding: 'utf8' }));
}

/** A Function URL's event (payload 2.0) for a GET of `path`, as the handler receives it. */
const getEvent = (path: string) => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers: { host: 'hub.example.org' },
  requestContext: { http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'bench' }, domainName: 'hub.example.org', requestId: 'bench', routeKey: '$default', stage: '$default', timeEpoch: 0 },
  isBase64Encoded: false,
});

/**
 * Milliseconds one fresh Node process takes to import `file` and answer one GET of `path` (a cold
 * start and its first request), and the answer's status, which must be `status`.
 */
function firstAnswer(file: string, path: string, status: number, env: NodeJS.ProcessEnv) {
  const probe = `const t = performance.now(); const { handler } = await import(${JSON.stringify(file)}); const answer = await handler(${JSON.stringify(getEvent(path))}, {}); process.stdout.write(JSON.stringify([performance.now() - t, answer.statusCode]));`;
  const [ms, answered] = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { env, encoding: 'utf8' })) as [number, number];
  if (answered !== status) throw new Error(`GET ${path} answered ${answered}, not ${status}.`);
  return ms;
}

/** What each package (or folder of the hub's own code) weighs in what a start loads, heaviest first. */
function byPackage(bytesOf: BundleSize['startBytesOf']) {
  const sums = new Map<string, number>();
  for (const [input, bytes] of Object.entries(bytesOf)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
    sums.set(name, (sums.get(name) ?? 0) + bytes);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

/**
 * Lambda bundles: each one's size, and the API's module load against a bare Hono app bundled with the
 * same esbuild options, both in fresh processes, taken in turn so a busy machine slows both alike.
 */
export async function benchBundles(record: Record) {
  const bundles = await bundleFunctions();
  for (const bundle of bundles) {
    record({
      name: `bundle ${bundle.name} (minified, loaded at start)`,
      value: bundle.bytes / 1024,
      unit: 'KiB',
      ...(bundle.name === 'api' ? { target: { value: API_BUNDLE_TARGET_KIB, better: 'lower' as const } } : {}),
    });
    record({ name: `bundle ${bundle.name} (minified, with the chunks loaded on first use)`, value: bundle.totalBytes / 1024, unit: 'KiB' });
  }
  const api = bundles.find((b) => b.name === 'api')!;
  // What the API's start loads, by package: the heaviest ten.
  for (const [name, bytes] of byPackage(api.startBytesOf).slice(0, 10)) record({ name: `bundle api at start: ${name}`, value: bytes / 1024, unit: 'KiB' });
  const bareDir = path.join(projectRoot, 'dist', 'bench', 'bare-hono');
  mkdirSync(bareDir, { recursive: true });
  const bare = path.join(bareDir, 'index.mjs');
  record({ name: 'bundle bare Hono app (minified)', value: (await bundleEntry(path.join(import.meta.dirname, 'bare-hono.ts'), bare)).bytes / 1024, unit: 'KiB' });

  const env = {
    ...process.env,
    TABLE_NAME: 'bench',
    SENDER: 'bench@example.org',
    BASE_URL: 'https://hub.example.org',
    AWS_REGION: 'eu-west-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const runs = Number(process.env.BENCH_INIT_RUNS ?? 15);
  const apiLoads: number[] = [];
  const bareLoads: number[] = [];
  for (let i = 0; i < runs; i++) {
    apiLoads.push(moduleLoad(api.file, env));
    bareLoads.push(moduleLoad(bare, env));
  }
  const apiMs = median(apiLoads);
  const bareMs = median(bareLoads);
  record({ name: `api module load, median of ${runs} fresh node processes`, value: apiMs, unit: 'ms' });
  record({ name: `bare Hono module load, median of ${runs} fresh node processes`, value: bareMs, unit: 'ms' });
  record({ name: 'api module load ÷ bare Hono module load', value: apiMs / bareMs, unit: '×', target: { value: INIT_RATIO_TARGET, better: 'lower' } });

  // A cold start and its first request: what the routers loaded on first use add to it. GET /api/me
  // signed out loads the sign-in routes and answers 401 without a table, so it needs no engine.
  const apiFirst: number[] = [];
  const bareFirst: number[] = [];
  for (let i = 0; i < runs; i++) {
    apiFirst.push(firstAnswer(api.file, '/api/me', 401, env));
    bareFirst.push(firstAnswer(bare, '/', 200, env));
  }
  record({ name: `api module load and first answer (GET /api/me, signed out), median of ${runs}`, value: median(apiFirst), unit: 'ms' });
  record({ name: `bare Hono module load and first answer (GET /), median of ${runs}`, value: median(bareFirst), unit: 'ms' });
  record({ name: 'api first answer ÷ bare Hono first answer', value: median(apiFirst) / median(bareFirst), unit: '×' });
}
