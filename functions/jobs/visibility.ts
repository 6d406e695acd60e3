import type { Deps } from '../api/deps.ts';
import { countViews } from '../api/services/visibility.ts';

/** The request logs waiting, counted into daily page views; the raw logs removed once counted. */
export function visibility(deps: Pick<Deps, 'config' | 'now' | 'viewLogs' | 'visibility'>) {
  return countViews(deps);
}
