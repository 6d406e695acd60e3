import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The site as `npm run build:site` leaves it; `npm test` builds it before Vitest runs. */
export const siteRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../site');
export const dist = path.join(siteRoot, 'dist');
export const projectRoot = path.dirname(siteRoot);

/** `astro build` of the real site into `work`/dist, with its own content cache, out of the way of site/dist. */
export function buildSiteInto(work: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'node_modules/astro/astro.js'), 'build', '--silent'], {
    cwd: siteRoot,
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
