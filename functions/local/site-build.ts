import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, siteDist } from './hub.ts';

const sources = ['content', 'site/src', 'site/public', 'site/astro.config.mjs', 'functions/core'];

function newestChange(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((newest, entry) => Math.max(newest, newestChange(path.join(target, entry))), stat.mtimeMs);
}

/** Whether the built site is older than what it is built from. */
export function siteIsStale(): boolean {
  const marker = path.join(siteDist, 'index.html');
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  return sources.some((source) => newestChange(path.join(projectRoot, source)) > built);
}

/** Runs `astro build` (and the search index) as a child; resolves when it has finished. */
export function buildSite(log: (line: string) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'node_modules/astro/astro.js'), 'build', '--silent'], {
      cwd: path.join(projectRoot, 'site'),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      ...(signal ? { signal } : {}),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      for (const line of output.split('\n').filter((l) => /pdf|warn/i.test(l))) log(line.trim());
      if (code === 0) resolve();
      else reject(new Error(`The site build failed (exit ${code}):\n${output.trim().split('\n').slice(-30).join('\n')}`));
    });
  });
}
