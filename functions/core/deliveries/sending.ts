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

/** How far behind its schedule the pacer lets a sender catch up (see `sendPacer`). */
export const PACE_CATCH_UP_MS = 100;

/**
 * Spaces sends `1/rate` seconds apart, whoever asks (GCRA): with several sends in flight, the worker
 * keeps to its share of the account's SES rate. A sender that fell behind its schedule (a busy event
 * loop, a slow store call) takes the slots it missed in the last `catchUpMs` at once rather than
 * losing them; older ones are lost. So no window of time holds more than its share plus
 * `catchUpMs` worth of sends (20 at 200/s: SES allows short bursts over the rate, not a sustained
 * one). The rate may be a function, asked at every slot, so the pace follows the account's limits as
 * they are read again while a send runs; a slot already handed out keeps its time.
 */
export function sendPacer(ratePerSecond: number | (() => number), clock: { now: () => number; sleep: (ms: number) => Promise<void> }, catchUpMs = PACE_CATCH_UP_MS) {
  const rate = typeof ratePerSecond === 'number' ? () => ratePerSecond : ratePerSecond;
  let nextSlot: number | undefined;
  return async function pace() {
    const now = clock.now();
    const slot = nextSlot === undefined ? now : Math.max(now - catchUpMs, nextSlot);
    nextSlot = slot + 1000 / rate();
    if (slot > now) await clock.sleep(slot - now);
  };
}
