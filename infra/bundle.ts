import { build, type Plugin } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
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
 *   refuses in the languages it speaks (English, zod's default, and French, `core/refusals.ts`): the
 *   bundles get an index of locales holding `en` and `fr` alone, so `z.locales.de` and the like are
 *   undefined in a bundle, where nothing of the hub calls them.
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
      contents: ['en', 'fr'].map((language) => `export { default as ${language} } from ${JSON.stringify(path.join(path.dirname(args.path), `${language}.js`))};`).join('\n'),
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

/** What a bundle weighs: what the function's start loads, and everything with the chunks loaded on first use. */
export interface BundleSize {
  /** The entry file and the chunks it imports statically, minified: what a function's start loads. */
  bytes: number;
  /** Every file of the bundle. */
  totalBytes: number;
  /** The source files (node_modules paths included) with code in what the start loads. */
  startInputs: string[];
  /** The source files with code in the whole bundle. */
  inputs: string[];
  /** What each source file weighs, minified, in what the start loads. */
  startBytesOf: Record<string, number>;
}

/**
 * Bundles one entry point into `outfile` as every function is bundled. Modules imported dynamically
 * (the S3, SQS and Scheduler adapters, loaded at their first use) go to chunks beside it, under
 * `chunks/`, loaded only when called.
 */
export async function bundleEntry(entry: string, outfile: string): Promise<BundleSize> {
  const outdir = path.dirname(outfile);
  const result = await build({
    entryPoints: { [path.basename(outfile, '.mjs')]: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
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
  // What the start loads: the entry and, transitively, every chunk it imports statically.
  const outputs = result.metafile.outputs;
  const start = new Set<string>();
  const toVisit = [path.relative(process.cwd(), outfile)];
  for (let file = toVisit.pop(); file !== undefined; file = toVisit.pop()) {
    const output = outputs[file];
    if (start.has(file) || !output) continue;
    start.add(file);
    for (const imported of output.imports) if (imported.kind === 'import-statement') toVisit.push(imported.path);
  }
  const code = Object.entries(outputs).filter(([file]) => file.endsWith('.mjs'));
  // A module tree-shaken away is still listed, with no bytes: it is not carried.
  const inputsOf = (files: [string, (typeof outputs)[string]][]) => [
    ...new Set(files.flatMap(([, output]) => Object.entries(output.inputs).flatMap(([input, { bytesInOutput }]) => (bytesInOutput > 0 ? [input] : [])))),
  ];
  return {
    bytes: code.filter(([file]) => start.has(file)).reduce((sum, [, output]) => sum + output.bytes, 0),
    totalBytes: code.reduce((sum, [, output]) => sum + output.bytes, 0),
    startInputs: inputsOf(code.filter(([file]) => start.has(file))),
    inputs: inputsOf(code),
    startBytesOf: code
      .filter(([file]) => start.has(file))
      .flatMap(([, output]) => Object.entries(output.inputs))
      .reduce<Record<string, number>>((sum, [input, { bytesInOutput }]) => ({ ...sum, [input]: (sum[input] ?? 0) + bytesInOutput }), {}),
  };
}

/**
 * Bundles each handler with esbuild: ESM for Node 22, minified, with source maps. The AWS SDK is
 * bundled too, so the deployed code is exactly the code that was tested; left to the Lambda runtime's
 * copy instead, the API's bundle shrank by half but its module load grew (docs/architecture.md,
 * "The Lambda bundles", has the figures).
 */
export async function bundleFunctions(names = Object.keys(entryPoints) as FunctionName[]) {
  const results: ({ name: FunctionName; dir: string; file: string } & BundleSize)[] = [];
  for (const name of names) {
    const dir = path.join(bundleDir, name);
    // Afresh: a chunk of an earlier build must not ride along in the function's asset.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'index.mjs');
    results.push({ name, dir, file, ...(await bundleEntry(path.join(projectRoot, entryPoints[name]), file)) });
  }
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  for (const { name, bytes, totalBytes } of await bundleFunctions()) console.log(`${name}: ${(bytes / 1024).toFixed(1)} KiB at start, ${(totalBytes / 1024).toFixed(1)} KiB with the chunks loaded on first use`);
}
