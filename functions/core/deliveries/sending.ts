/** How the worker treats a failed send (SES v2 SendEmail; v1 names kept for its errors). */
export type SendFailure =
  | { kind: 'throttled' }
  | { kind: 'rejected'; reason: string }
  | { kind: 'transient'; reason: string };

/** SES's names for "slow down": retried after a pause, never recorded as a failure. */
const throttling = new Set(['Throttling', 'ThrottlingException', 'MaxSendingRateExceeded', 'TooManyRequestsException', 'LimitExceededException']);
/** SES's names for "this message will never go": the delivery fails with the reason. */
const permanent = new Set([
  'MessageRejected',
  'MailFromDomainNotVerified',
  'MailFromDomainNotVerifiedException',
  'AccountSendingPaused',
  'AccountSendingPausedException',
  'ConfigurationSetDoesNotExist',
  'ConfigurationSetDoesNotExistException',
  'ConfigurationSetSendingPausedException',
  'InvalidParameterValue',
  'ValidationError',
  'ZodError',
]);

export function classifySendError(error: unknown): SendFailure {
  const name = (error as { name?: string })?.name ?? '';
  const code = (error as { Code?: string; code?: string })?.Code ?? (error as { code?: string })?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (throttling.has(name) || throttling.has(code) || /maximum sending rate|throttl/i.test(message)) return { kind: 'throttled' };
  if (permanent.has(name) || permanent.has(code)) return { kind: 'rejected', reason: `${name || code}: ${message}`.slice(0, 500) };
  return { kind: 'transient', reason: `${name || 'Error'}: ${message}`.slice(0, 500) };
}

/** Exponential backoff with full jitter (AWS's advice), capped. */
export function backoffMs(attempt: number, random: () => number, baseMs = 100, capMs = 5_000): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

/**
 * Spaces sends `1/rate` seconds apart, whoever asks (GCRA without burst): with several sends in
 * flight, the worker still never exceeds its share of the account's SES rate. The rate may be a
 * function, asked at every slot, so the pace follows the account's limits as they are read again
 * while a send runs; a slot already handed out keeps its time.
 */
export function sendPacer(ratePerSecond: number | (() => number), clock: { now: () => number; sleep: (ms: number) => Promise<void> }) {
  const rate = typeof ratePerSecond === 'number' ? () => ratePerSecond : ratePerSecond;
  let nextSlot = 0;
  return async function pace() {
    const now = clock.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + 1000 / rate();
    if (slot > now) await clock.sleep(slot - now);
  };
}
