import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXPORT_MARK, publicEventFile } from '../core/agenda/export.ts';
import { createDeps, hubConfig, projectRoot } from './hub.ts';

/**
 * `npm run export:events`: writes the public events of the running hub's table to
 * content/events/en/<slug>.md, for review and commit; the public site stays static and lists them
 * at its next build. Files written by hand (without the export mark) are never overwritten.
 */
const deps = createDeps(hubConfig());
const since = new Date(Date.now() - 365 * 24 * 60 * 60 * 1000).toISOString();
const events = await deps.events.publicEventsFrom(since);
const written: string[] = [];
const kept: string[] = [];
for (const event of events) {
  const file = publicEventFile(event, deps.config.BASE_URL);
  const target = path.join(projectRoot, 'content', file.path);
  if (existsSync(target) && !readFileSync(target, 'utf8').includes(EXPORT_MARK)) {
    kept.push(file.path);
    continue;
  }
  if (existsSync(target) && readFileSync(target, 'utf8') === file.text) continue;
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, file.text);
  written.push(file.path);
}
console.log(`${events.length} public event(s); wrote ${written.length}${written.length ? `: ${written.join(', ')}` : ''}.`);
if (kept.length) console.log(`Left alone (written by hand, same slug): ${kept.join(', ')}`);
if (written.length) console.log('Review with `git diff content/events`, commit, and the next site build lists them.');
