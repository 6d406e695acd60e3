import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const projectRoot = path.resolve(import.meta.dirname, '..');
export const bundleDir = path.join(projectRoot, 'dist', 'functions');

/** Every Lambda entry point: its name is the folder its asset lives in. */
export const entryPoints = {
  api: 'functions/handlers/api.ts',
  'send-worker': 'functions/handlers/send-worker.ts',
  'job-worker': 'functions/handlers/job-worker.ts',
  'ses-events': 'functions/handlers/ses-events.ts',
  scheduler: 'functions/handlers/scheduler.ts',
  'inbound-mail': 'functions/handlers/inbound-mail.ts',
} as const;
export type FunctionName = keyof typeof entryPoints;

/**
 * What the Lambda runtime provides and the bundles therefore leave out: the AWS SDK for JavaScript v3
 * (`@aws-sdk/*`) and the `@smithy/*` packages it is built on, as CDK's NodejsFunction does by default.
 * Bundled, the SDK was two thirds of every function (about 2 MB of the API's 3.4 MB) and most of its
 * cold start; the runtime's copy is already on disk. Locally Node resolves the same imports from
 * node_modules, so the bundled-handler tests still run the bundles as built (see docs/deploy.md for
 * the SDK version each side runs).
 */
export const providedByRuntime = ['@aws-sdk/*', '@smithy/*'];

/** Bundles one entry point into `outfile` as every function is bundled; answers the bundle's size in bytes. */
export async function bundleEntry(entry: string, outfile: string) {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    sourcemap: true,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    external: providedByRuntime,
    // Some CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return result.metafile.outputs[path.relative(process.cwd(), outfile)]?.bytes ?? 0;
}

/**
 * Bundles each handler with esbuild: ESM for Node 22, minified, with source maps, everything but the
 * runtime's AWS SDK inside.
 */
export async function bundleFunctions(names = Object.keys(entryPoints) as FunctionName[]) {
  const results: { name: FunctionName; dir: string; file: string; bytes: number }[] = [];
  for (const name of names) {
    const dir = path.join(bundleDir, name);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'index.mjs');
    const bytes = await bundleEntry(path.join(projectRoot, entryPoints[name]), file);
    results.push({ name, dir, file, bytes });
  }
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  for (const { name, bytes } of await bundleFunctions()) console.log(`${name}: ${(bytes / 1024).toFixed(1)} KiB`);
}
