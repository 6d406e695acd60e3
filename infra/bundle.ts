import { build, type Plugin } from 'esbuild';
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
 * Two dependencies carry far more than the hub reaches of them; the bundles get a stand-in module for
 * that part (tests/infra/bundle.test.ts checks each):
 *
 * - zod's namespace (`z`) is handed whole to `extendZodWithOpenApi` by @hono/zod-openapi, so nothing of
 *   it can be tree-shaken, and it carries every locale zod has (about 60, 250 KB minified). The hub
 *   answers in English only (zod's default, which zod sets from its `en` module, not from this index):
 *   the bundles get an index of locales holding `en` alone, so `z.locales.fr` and the like are undefined
 *   in a bundle, where nothing of the hub calls them.
 * - mimetext asks mime-types only whether an attachment's content type is valid (`contentType(type)`,
 *   truthy for any `type/subtype`), which loads mime-db (130 KB). The hub always names a full media
 *   type (`outgoingEmailSchema`); the stand-in answers the same for those and refuses the rest.
 */
const standIns: Plugin = {
  name: 'stand-ins',
  setup(build) {
    const zodIndex = /[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/;
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      zodIndex.test(args.importer) ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
    }));
    build.onResolve({ filter: /^mime-types$/ }, (args) =>
      /[\\/]node_modules[\\/]mimetext[\\/]/.test(args.importer) ? { path: 'mime-types', namespace: 'mimetext-types' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'mimetext-types' }, () => ({
      contents: 'export const contentType = (type) => typeof type === "string" && /^[^\\s\\/]+\\/[^\\s\\/]+/.test(type) ? type : false;',
    }));
  },
};

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
    plugins: [standIns],
    // Some CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return result.metafile.outputs[path.relative(process.cwd(), outfile)]?.bytes ?? 0;
}

/**
 * Bundles each handler with esbuild: ESM for Node 22, minified, with source maps. The AWS SDK is
 * bundled too, so the deployed code is exactly the code that was tested; left to the Lambda runtime's
 * copy instead, the API's bundle shrank by half but its module load grew (docs/architecture.md,
 * "The Lambda bundles", has the figures).
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
