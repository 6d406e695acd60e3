import type { Deps } from '../deps.ts';

/**
 * What waits for the secretariat, as counts for the console's navigation: reports in the review
 * queue, sends the brake paused, updates scheduled to go out. Each count reads an index the feature
 * keeps already, counted by DynamoDB (no item is read whole); nothing is stored for the navigation itself.
 */
export async function attentionCounts(deps: Pick<Deps, 'reports' | 'updates'>) {
  const [reports, updates] = await Promise.all([deps.reports.pendingCount(), deps.updates.attentionCounts()]);
  return { reports, pausedSends: updates.paused, scheduledUpdates: updates.scheduled };
}
