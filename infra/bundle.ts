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
 * Bundles each handler with esbuild: ESM for Node 22, minified, with source maps. The AWS SDK
 * is bundled too, so the deployed code is exactly the code that was tested.
 */
export async function bundleFunctions(names = Object.keys(entryPoints) as FunctionName[]) {
  const results: { name: FunctionName; dir: string; file: string; bytes: number }[] = [];
  for (const name of names) {
    const dir = path.join(bundleDir, name);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'index.mjs');
    const result = await build({
      entryPoints: [path.join(projectRoot, entryPoints[name])],
      outfile: file,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      sourcemap: true,
      metafile: true,
      legalComments: 'none',
      logLevel: 'warning',
      // Some CommonJS dependencies call require(); give the ESM bundle one.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    const bytes = result.metafile.outputs[path.relative(process.cwd(), file)]?.bytes ?? 0;
    results.push({ name, dir, file, bytes });
  }
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  for (const { name, bytes } of await bundleFunctions()) console.log(`${name}: ${(bytes / 1024).toFixed(1)} KiB`);
}
