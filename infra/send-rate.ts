/**
 * How the account's SES send rate is shared among send-worker instances. One instance sends at
 * about `perInstanceRate` emails a second (one SendEmail is ~50-150 ms, a few in flight), so the
 * SQS event source runs `rate / perInstanceRate` of them, never fewer than Lambda's minimum of 2;
 * each instance is then told its share, so together they stay under the account's rate.
 */
export const perInstanceRate = 5;

/** Lambda's bounds on an SQS event source's maximum concurrency. */
const minConcurrency = 2;
const maxConcurrency = 1000;

export function sendWorkerConcurrency(sesMaxSendRate: number) {
  return Math.min(maxConcurrency, Math.max(minConcurrency, Math.floor(sesMaxSendRate / perInstanceRate)));
}

/** The emails per second one worker instance keeps under (its SES_MAX_SEND_RATE). */
export function sendWorkerRate(sesMaxSendRate: number) {
  return sesMaxSendRate / sendWorkerConcurrency(sesMaxSendRate);
}
