import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { bundleEntry, bundleFunctions, projectRoot } from '../../infra/bundle.ts';
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
}
