import { retentionOf } from '../../adapters/config.ts';
import { COUNTERS_PER_CHUNK } from '../../adapters/dynamodb/visibility-store.ts';
import { slices } from '../../adapters/dynamodb/items.ts';
import { tally, visibilityReport } from '../../core/visibility/counts.ts';
import { pageViewOf, parseRequestLog, type PageView } from '../../core/visibility/page-views.ts';
import type { Deps } from '../deps.ts';
import { periodBounds } from './reports.ts';
import { sentSoFar } from '../../core/updates/brake.ts';
import { relaysOf } from './updates.ts';

/** Log files one run counts; the next run takes the rest (CloudFront writes a few an hour). */
const FILES_PER_RUN = 500;
/** A run stops taking files after this, well inside the scheduler's five minutes; the next run goes on. */
const RUN_MS = 3 * 60_000;
/** A chunk's marker outlives any rerun of its file: the bucket removes uncounted logs after 3 days. */
const MARKER_DAYS = 7;
const DAY_S = 86_400;

/**
 * Counts the request logs waiting: each file's page views summed into daily counters, in chunks that
 * each carry a marker, then the file removed. A run that dies halfway leaves its file in place; the
 * next run reads it again and the chunks already counted are skipped, so every view counts once.
 */
export async function countViews(deps: Pick<Deps, 'config' | 'viewLogs' | 'visibility' | 'now'>) {
  const ownHost = new URL(deps.config.BASE_URL).hostname;
  const keepDays = retentionOf(deps.config).auditDays;
  const markerUntil = Math.floor(deps.now().getTime() / 1000) + MARKER_DAYS * DAY_S;
  const countersUntil = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000) + (keepDays + 1) * DAY_S;
  const result = { files: 0, requests: 0, views: 0, chunksAlreadyCounted: 0 };
  const started = Date.now();
  for (const log of await deps.viewLogs.waiting(FILES_PER_RUN)) {
    if (Date.now() - started > RUN_MS) break;
    const requests = parseRequestLog(await deps.viewLogs.read(log));
    const views = requests.map((r) => pageViewOf(r, ownHost)).filter((v): v is PageView => v !== undefined);
    const counts = tally(views);
    const counters = [...counts.pages.map((page) => ({ page })), ...counts.referrers.map((referrer) => ({ referrer }))];
    for (const [index, chunk] of slices(counters, COUNTERS_PER_CHUNK).entries()) {
      const outcome = await deps.visibility.addChunk(
        { log, index, pages: chunk.flatMap((c) => ('page' in c ? [c.page] : [])), referrers: chunk.flatMap((c) => ('referrer' in c ? [c.referrer] : [])) },
        { countersUntil, markerUntil },
      );
      if (outcome === 'already') result.chunksAlreadyCounted += 1;
    }
    await deps.viewLogs.remove(log);
    result.files += 1;
    result.requests += requests.length;
    result.views += views.length;
  }
  return result;
}

/** How many sent updates the Visibility page sets beside the views: the period's, newest first. */
const UPDATES_SHOWN = 50;

/** The period's views, and beside them each update sent in it with its reach and its relays' confirmations. */
export async function visibilityFor(deps: Pick<Deps, 'deliveries' | 'networks' | 'updates' | 'visibility'>, from: string, to: string) {
  const bounds = periodBounds(from, to);
  const [counts, sent, networks] = await Promise.all([deps.visibility.between(from, to), deps.updates.sentBetween(bounds.from, bounds.to, UPDATES_SHOWN), deps.networks.list()]);
  // Each update's report counters (one item per status × route × audience × country), never its deliveries.
  const updates = await Promise.all(
    sent.map(async (u) => {
      const { counts: reach, relayed } = await deps.deliveries.report(u.id);
      return { id: u.id, title: u.title, sentAt: u.sendingAt ?? null, reached: sentSoFar(reach), relays: relaysOf(u, reach, relayed, networks) };
    }),
  );
  return { ...visibilityReport(from, to, counts), updates };
}
