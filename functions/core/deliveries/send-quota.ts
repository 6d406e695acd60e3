import type { Mailer } from '../mail/message.ts';
import { describeError, logLine } from '../privacy/log-line.ts';
import type { DeliveryKey } from './delivery.ts';
import type { QuotaHolds } from './ports.ts';

/** The SES account's sending limits in this region, as SES v2 GetAccount states them (its SendQuota). */
export interface AccountSendQuota {
  /** Emails a second the account may send. */
  maxSendRate: number;
  /** Emails the account may send in any 24 hours; `UNLIMITED` (-1) when it has no such quota. */
  max24HourSend: number;
  /** Emails the account sent in the last 24 hours, when SES was asked. */
  sentLast24Hours: number;
}

/** SES's Max24HourSend for an account without a 24-hour quota (API reference, SendQuota). */
export const UNLIMITED = -1;

/**
 * How long a reading of the account's limits is trusted before SES is asked again. GetAccount is a
 * control-plane call with a low rate limit of its own; once a minute per process stays well under it
 * and still sees a quota running out, or a raised rate, within the minute.
 */
export const READING_TTL_MS = 60_000;

/**
 * How long a delivery the quota has no room for is held before it is tried again. SES counts a rolling
 * 24 hours but says neither when the sends in the window were made nor when room comes back, so the
 * hold cannot aim at the moment enough of the window rolls off. An hour, because each try costs a
 * GetAccount per process and a write per held delivery: trying every few minutes would rewrite a large
 * backlog many times while the window stays full (usually of the hub's own sends of the last hours),
 * and a longer hold would leave room unused for longer once the window rolls.
 */
export const QUOTA_HOLD_MS = 60 * 60_000;

/**
 * The rate one sender keeps under: the configured one (SES_MAX_SEND_RATE), or its share of the
 * account's MaxSendRate when that is lower. Several senders (Lambda instances) share the account's
 * rate as they share the configured one; without a reading, the configured rate stands.
 */
export function sendingRate(configured: number, account: AccountSendQuota | undefined, senders = 1): number {
  if (!account || !(account.maxSendRate > 0)) return configured;
  return Math.min(configured, account.maxSendRate / Math.max(1, senders));
}

/** Emails the 24-hour quota still has room for, once `usedSinceReading` (sent or under way since SES was asked) are counted. */
export function roomLeft(account: AccountSendQuota, usedSinceReading: number): number {
  if (account.max24HourSend === UNLIMITED) return Infinity;
  return Math.max(0, account.max24HourSend - account.sentLast24Hours - usedSinceReading);
}

/**
 * SES refusing a send because the 24-hour quota is used up ("Daily message quota exceeded", a
 * throttling error of the send): another process used the last of the room since this one asked.
 */
export function dailyQuotaExceeded(error: unknown): boolean {
  return /daily message quota exceeded/i.test(error instanceof Error ? error.message : String(error));
}

export interface SendQuotaOptions {
  /** Asks SES for the account's limits (GetAccount). */
  read: () => Promise<AccountSendQuota>;
  /** The writes a hold makes: the delivery's due time, the update's wait. */
  holds: QuotaHolds;
  /** SES_MAX_SEND_RATE: this process keeps under it whatever the account allows. */
  configuredRate: number;
  /** How many senders may share the account's rate at once; each keeps under its share. */
  senders?: number;
  readingTtlMs?: number;
  holdMs?: number;
}

/**
 * The quota's answer before a claim: go ahead (then `release` the room when done), or no room until
 * `until`, the delivery held till then (`held` false: it was no longer queued, a duplicate message's).
 */
export type Admission = { admitted: true; release: () => void } | { admitted: false; held: boolean; until: Date };

/**
 * The account's sending limits as one process knows them: read with GetAccount when a send asks and
 * the last reading is older than a minute, then kept up to date with this process's own sends. Built
 * once per process and shared by its workers, like the pacer.
 *
 * - `rate()` is the pace: the lower of SES_MAX_SEND_RATE and this sender's share of MaxSendRate.
 * - `admit()` is asked before each claim. When SentLast24Hours, plus what this process sent or has
 *   under way since the reading, reaches Max24HourSend, the delivery is not claimed but held: it stays
 *   queued, due again at the end of the hold (`QUOTA_HOLD_MS`), when the sweeper re-enqueues it; its
 *   update records why it waits, once per hold, and the record goes when sending resumes.
 * - `counting()` wraps the worker's mailer, to count what SES accepted and to notice SES refusing a
 *   send for the quota (other processes sent meanwhile): then this one holds too, until it reads again.
 *
 * A GetAccount that fails stops nothing: the configured rate applies, the quota is left to SES, one
 * line is logged, and SES is asked again a minute later.
 */
export function createSendQuota(options: SendQuotaOptions) {
  const ttl = options.readingTtlMs ?? READING_TTL_MS;
  const holdMs = options.holdMs ?? QUOTA_HOLD_MS;
  let reading: { account: AccountSendQuota; sentSince: number } | undefined;
  let readAt: number | undefined;
  let asking: Promise<void> | undefined;
  /** SES said the quota is used up since the last reading. */
  let refused = false;
  /** Admitted, not yet done: counted against the quota so that sends in flight together cannot overrun it. */
  let underWay = 0;
  /** The hold this process is in: one `until` for every delivery it holds, so each update is marked once. */
  let hold: { since: Date; until: Date; marked: Set<string> } | undefined;
  /** When this process last told each update it no longer waits. */
  const resumedAt = new Map<string, number>();

  async function ask(at: number) {
    try {
      reading = { account: await options.read(), sentSince: 0 };
    } catch (error) {
      reading = undefined;
      logLine('warn', 'SES account limits not read: pacing at SES_MAX_SEND_RATE, the daily quota left to SES', describeError(error));
    } finally {
      readAt = at;
      refused = false;
    }
  }

  /** A reading no older than the TTL; a clock that went back (a test's, a new worker's) also asks again. */
  async function fresh(now: Date) {
    const at = now.getTime();
    if (readAt !== undefined && at >= readAt && at - readAt < ttl) return;
    // One GetAccount for every lane that asks at once.
    asking ??= ask(at).finally(() => {
      asking = undefined;
    });
    await asking;
  }

  const full = () => refused || (reading !== undefined && roomLeft(reading.account, reading.sentSince + underWay) <= 0);

  async function holdBack(key: DeliveryKey, now: Date): Promise<Admission> {
    // A hold whose time is up while the quota is still full goes on with a new `until`; it began when it began.
    if (!hold || now >= hold.until) hold = { since: hold?.since ?? now, until: new Date(now.getTime() + holdMs), marked: new Set() };
    const { since, until, marked } = hold;
    const held = await options.holds.hold(key, until);
    // Only a delivery really held (still queued, not one a duplicate message brought again) makes its update wait.
    if (held && !marked.has(key.updateId)) {
      marked.add(key.updateId);
      resumedAt.delete(key.updateId);
      try {
        await options.holds.markWaiting(key.updateId, { reason: 'daily-quota', since: since.toISOString(), until: until.toISOString() });
      } catch (error) {
        // The next delivery of the update held marks it instead.
        marked.delete(key.updateId);
        throw error;
      }
    }
    return { admitted: false, held, until };
  }

  return {
    /** Emails a second this process keeps under now. */
    rate: () => sendingRate(options.configuredRate, reading?.account, options.senders),

    async admit(key: DeliveryKey, now: Date): Promise<Admission> {
      await fresh(now);
      if (full()) return holdBack(key, now);
      hold = undefined;
      // Counted before anything else is awaited, so lanes admitted together cannot overrun the quota.
      underWay++;
      let done = false;
      const release = () => {
        if (done) return;
        done = true;
        underWay--;
      };
      // Sending goes on: the update no longer waits. Said once a minute per update and process (it
      // cannot know whether another process held the update meanwhile), and at once after its own hold.
      const at = now.getTime();
      const last = resumedAt.get(key.updateId);
      if (last === undefined || at < last || at - last >= ttl) {
        resumedAt.set(key.updateId, at);
        try {
          await options.holds.clearWaiting(key.updateId, now);
        } catch (error) {
          release();
          throw error;
        }
      }
      return { admitted: true, release };
    },

    /** The worker's mailer, counting what SES accepts and noticing SES's own word that the quota is used up. */
    counting(mailer: Mailer): Mailer {
      return {
        async send(email) {
          try {
            const answer = await mailer.send(email);
            if (reading) reading.sentSince++;
            return answer;
          } catch (error) {
            if (dailyQuotaExceeded(error)) refused = true;
            throw error;
          }
        },
      };
    },
  };
}
export type SendQuota = ReturnType<typeof createSendQuota>;
