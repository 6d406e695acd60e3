import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The site as `npm run build:site` leaves it; `npm test` builds it before Vitest runs. */
export const siteRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../site');
export const dist = path.join(siteRoot, 'dist');
export const projectRoot = path.dirname(siteRoot);

/**
 * `astro build` of the real site (or of a copy of it, `site`) into `work`/dist, with its own content
 * cache, out of the way of site/dist.
 */
export function buildSiteInto(work: string, env: Record<string, string>, site = siteRoot) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'node_modules/astro/astro.js'), 'build', '--silent'], {
    cwd: site,
    encoding: 'utf8',
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      // Vitest sets BASE_URL to Vite's base path ('/'); the site wants an origin.
      BASE_URL: 'http://localhost:8080',
      HUB_OUT_DIR: path.join(work, 'dist'),
      HUB_CACHE_DIR: path.join(work, 'cache'),
      NO_COLOR: '1',
      ...env,
    },
    timeout: 180_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`, dist: path.join(work, 'dist') };
}

/**
 * A copy of site/ under `work`/site, beside links to the project's functions/ and node_modules, for a
 * build that changes the site's own files (a catalogue in site/src/i18n) without touching the real one.
 */
export function copySiteInto(work: string): string {
  const site = path.join(work, 'site');
  cpSync(siteRoot, site, { recursive: true, filter: (source) => !/^(node_modules|dist|\.astro)$/.test(path.relative(siteRoot, source)) });
  symlinkSync(realpathSync(path.join(siteRoot, 'node_modules')), path.join(site, 'node_modules'));
  symlinkSync(realpathSync(path.join(projectRoot, 'node_modules')), path.join(work, 'node_modules'));
  symlinkSync(path.join(projectRoot, 'functions'), path.join(work, 'functions'));
  return site;
}

export function requireBuiltSite() {
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error('site/dist is missing: run `npm run build:site` first.');
}

export function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, ending);
    return entry.name.endsWith(ending) ? [full] : [];
  });
}

export const read = (relative: string) => readFileSync(path.join(dist, relative), 'utf8');

/** The public origin the build wrote absolute URLs against, read from the home page's canonical link. */
export function siteOrigin(): string {
  const canonical = /<link rel="canonical" href="([^"]+)"/.exec(read('index.html'))?.[1];
  if (!canonical) throw new Error('site/dist/index.html has no canonical link');
  return new URL(canonical).origin;
}
