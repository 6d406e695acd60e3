import type { Deps } from '../deps.ts';

/**
 * What waits for the secretariat, as counts for the console's navigation: reports in the review
 * queue, sends the brake paused, updates scheduled to go out. Each count reads an index the feature
 * keeps already; nothing is stored for the navigation itself.
 */
export async function attentionCounts(deps: Deps) {
  const [pending, updates] = await Promise.all([deps.reports.pending(), deps.updates.countByStatus(['paused', 'scheduled'])]);
  return { reports: pending.length, pausedSends: updates.paused, scheduledUpdates: updates.scheduled };
}
