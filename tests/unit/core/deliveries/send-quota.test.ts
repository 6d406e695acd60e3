import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryKey } from '../../../../functions/core/deliveries/delivery.ts';
import type { QuotaHolds } from '../../../../functions/core/deliveries/ports.ts';
import {
  createSendQuota,
  dailyQuotaExceeded,
  QUOTA_HOLD_MS,
  READING_TTL_MS,
  roomLeft,
  sendingRate,
  UNLIMITED,
  type AccountSendQuota,
} from '../../../../functions/core/deliveries/send-quota.ts';
import type { SendingWait } from '../../../../functions/core/updates/update.ts';

const account = (over: Partial<AccountSendQuota> = {}): AccountSendQuota => ({ maxSendRate: 14, max24HourSend: 50_000, sentLast24Hours: 0, ...over });
const key = (updateId: string, n: number): DeliveryKey => ({ updateId, recipientKey: n.toString(16).padStart(32, '0') });
const t0 = new Date('2026-03-02T09:00:00Z');
const after = (ms: number) => new Date(t0.getTime() + ms);

/** The writes a hold makes, recorded instead of written; deliveries in `gone` are no longer queued. */
function recordedHolds(gone: DeliveryKey[] = []) {
  const held: { key: DeliveryKey; until: Date }[] = [];
  const marked: { updateId: string; waiting: SendingWait }[] = [];
  const cleared: string[] = [];
  const holds: QuotaHolds = {
    hold: async (k, until) => {
      if (gone.includes(k)) return false;
      held.push({ key: k, until });
      return true;
    },
    markWaiting: async (updateId, waiting) => void marked.push({ updateId, waiting }),
    clearWaiting: async (updateId, at) => void cleared.push(`${updateId} at ${at.toISOString()}`),
  };
  return { holds, held, marked, cleared };
}

/** An account whose answer the test sets, counting how often it was asked. */
function accountReader(initial: AccountSendQuota) {
  const reader = { answer: initial as AccountSendQuota | Error, reads: 0, read: async () => {
    reader.reads++;
    if (reader.answer instanceof Error) throw reader.answer;
    return reader.answer;
  } };
  return reader;
}

describe("the account's rate", () => {
  it('is the configured rate, or the share of the account rate when that is lower', () => {
    expect(sendingRate(200, undefined)).toBe(200);
    expect(sendingRate(200, account({ maxSendRate: 14 }))).toBe(14);
    expect(sendingRate(7, account({ maxSendRate: 14 }), 2)).toBe(7);
    expect(sendingRate(7, account({ maxSendRate: 10 }), 2)).toBe(5);
    expect(sendingRate(7, account({ maxSendRate: 0 }))).toBe(7);
  });
});

describe("the account's 24-hour quota", () => {
  it('has room for what SES has not counted yet, less what this process used since; -1 has no limit', () => {
    expect(roomLeft(account({ max24HourSend: 200, sentLast24Hours: 150 }), 20)).toBe(30);
    expect(roomLeft(account({ max24HourSend: 200, sentLast24Hours: 190 }), 20)).toBe(0);
    expect(roomLeft(account({ max24HourSend: UNLIMITED, sentLast24Hours: 1e9 }), 1e9)).toBe(Infinity);
  });

  it("knows SES's refusal for the quota from its refusal for the rate", () => {
    expect(dailyQuotaExceeded(Object.assign(new Error('Daily message quota exceeded.'), { name: 'Throttling' }))).toBe(true);
    expect(dailyQuotaExceeded(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' }))).toBe(false);
  });
});

describe('the send quota of one process', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks SES once for lanes asking together, and again only once the reading is a minute old', async () => {
    // Prepare
    const reader = accountReader(account());
    const quota = createSendQuota({ read: reader.read, holds: recordedHolds().holds, configuredRate: 200 });
    // Act
    const together = await Promise.all([1, 2, 3].map((n) => quota.admit(key('u-a', n), t0)));
    await quota.admit(key('u-a', 4), after(READING_TTL_MS - 1));
    const readsWithinTheMinute = reader.reads;
    await quota.admit(key('u-a', 5), after(READING_TTL_MS));
    // Assess
    expect(together.every((room) => room.admitted)).toBe(true);
    expect(readsWithinTheMinute).toBe(1);
    expect(reader.reads).toBe(2);
  });

  it('paces at the lower of the configured rate and the rate the account read says', async () => {
    // Prepare
    const reader = accountReader(account({ maxSendRate: 14 }));
    const quota = createSendQuota({ read: reader.read, holds: recordedHolds().holds, configuredRate: 200 });
    const before = quota.rate();
    // Act
    await quota.admit(key('u-a', 1), t0);
    reader.answer = account({ maxSendRate: 500 });
    await quota.admit(key('u-a', 2), after(READING_TTL_MS));
    // Assess
    expect([before, 14, quota.rate()]).toEqual([200, 14, 200]);
  });

  it('admits up to the quota, counting sends under way, and holds the rest until one hour later, marking each update once', async () => {
    // Prepare
    const recorded = recordedHolds();
    const quota = createSendQuota({ read: accountReader(account({ max24HourSend: 10, sentLast24Hours: 7 })).read, holds: recorded.holds, configuredRate: 200 });
    const keys = [...[1, 2, 3, 4].map((n) => key('u-a', n)), key('u-b', 5), key('u-a', 6)];
    // Act
    const rooms = await Promise.all(keys.map((k) => quota.admit(k, t0)));
    // Assess
    expect(rooms.map((room) => room.admitted)).toEqual([true, true, true, false, false, false]);
    const until = after(QUOTA_HOLD_MS);
    expect(recorded.held).toEqual([keys[3], keys[4], keys[5]].map((k) => ({ key: k, until })));
    expect(recorded.marked).toEqual([
      { updateId: 'u-a', waiting: { reason: 'daily-quota', since: t0.toISOString(), until: until.toISOString() } },
      { updateId: 'u-b', waiting: { reason: 'daily-quota', since: t0.toISOString(), until: until.toISOString() } },
    ]);
  });

  it('marks no update for a delivery that was no longer queued (a duplicate message), and answers it was not held', async () => {
    // Prepare
    const sent = key('u-a', 1);
    const recorded = recordedHolds([sent]);
    const quota = createSendQuota({ read: accountReader(account({ max24HourSend: 5, sentLast24Hours: 5 })).read, holds: recorded.holds, configuredRate: 200 });
    // Act
    const again = await quota.admit(sent, t0);
    const queued = await quota.admit(key('u-a', 2), t0);
    // Assess
    expect([again, queued]).toEqual([
      { admitted: false, held: false, until: after(QUOTA_HOLD_MS) },
      { admitted: false, held: true, until: after(QUOTA_HOLD_MS) },
    ]);
    expect(recorded.marked).toHaveLength(1);
  });

  it('gives room back for a delivery that was not sent, and counts the ones SES accepted', async () => {
    // Prepare
    const quota = createSendQuota({ read: accountReader(account({ max24HourSend: 2 })).read, holds: recordedHolds().holds, configuredRate: 200 });
    const mailer = quota.counting({ send: async () => ({ messageId: 'm' }) });
    // Act: the first is sent, the second skipped (claimed elsewhere), then two more ask.
    const first = await quota.admit(key('u-a', 1), t0);
    await mailer.send({} as never);
    if (first.admitted) first.release();
    const skipped = await quota.admit(key('u-a', 2), t0);
    if (skipped.admitted) skipped.release();
    const third = await quota.admit(key('u-a', 3), t0);
    const fourth = await quota.admit(key('u-a', 4), t0);
    // Assess
    expect([first.admitted, skipped.admitted, third.admitted, fourth.admitted]).toEqual([true, true, true, false]);
  });

  it('never admits more than the room, however many lanes ask at once and whatever they do after', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.array(fc.boolean(), { maxLength: 40 }), async (max, sent, lanes) => {
        const quota = createSendQuota({ read: accountReader(account({ max24HourSend: max, sentLast24Hours: sent })).read, holds: recordedHolds().holds, configuredRate: 200 });
        const mailer = quota.counting({ send: async () => ({ messageId: 'm' }) });
        let admitted = 0;
        await Promise.all(
          lanes.map(async (accepted, n) => {
            const room = await quota.admit(key('u-a', n), t0);
            if (!room.admitted) return;
            admitted++;
            if (accepted) await mailer.send({} as never);
            room.release();
          }),
        );
        expect(admitted).toBeLessThanOrEqual(Math.max(0, max - sent));
      }),
    );
  });

  it('keeps a hold going with a later until while the quota stays full, and says the update no longer waits once it has room', async () => {
    // Prepare
    const recorded = recordedHolds();
    const reader = accountReader(account({ max24HourSend: 5, sentLast24Hours: 5 }));
    const quota = createSendQuota({ read: reader.read, holds: recorded.holds, configuredRate: 200 });
    // Act
    await quota.admit(key('u-a', 1), t0);
    const stillFull = await quota.admit(key('u-a', 2), after(QUOTA_HOLD_MS));
    reader.answer = account({ max24HourSend: 5, sentLast24Hours: 0 });
    const roomAgain = await quota.admit(key('u-a', 3), after(2 * QUOTA_HOLD_MS));
    await quota.admit(key('u-a', 4), after(2 * QUOTA_HOLD_MS));
    // Assess
    expect(stillFull).toEqual({ admitted: false, held: true, until: after(2 * QUOTA_HOLD_MS) });
    expect(recorded.marked.map((m) => m.waiting)).toEqual([
      { reason: 'daily-quota', since: t0.toISOString(), until: after(QUOTA_HOLD_MS).toISOString() },
      { reason: 'daily-quota', since: t0.toISOString(), until: after(2 * QUOTA_HOLD_MS).toISOString() },
    ]);
    expect(roomAgain.admitted).toBe(true);
    expect(recorded.cleared).toEqual([`u-a at ${after(2 * QUOTA_HOLD_MS).toISOString()}`]);
  });

  it('holds as soon as SES refuses a send for the quota, until it has read the account again', async () => {
    // Prepare
    const reader = accountReader(account({ max24HourSend: 100 }));
    const quota = createSendQuota({ read: reader.read, holds: recordedHolds().holds, configuredRate: 200 });
    const refusing = quota.counting({ send: async () => Promise.reject(Object.assign(new Error('Daily message quota exceeded.'), { name: 'Throttling' })) });
    // Act
    await quota.admit(key('u-a', 1), t0);
    await expect(refusing.send({} as never)).rejects.toThrow('Daily message quota');
    const refused = await quota.admit(key('u-a', 2), t0);
    const readAgain = await quota.admit(key('u-a', 3), after(READING_TTL_MS));
    // Assess
    expect([refused.admitted, readAgain.admitted]).toEqual([false, true]);
  });

  it('sends on at the configured rate when GetAccount fails, logging one line per failed read without addresses', async () => {
    // Prepare
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const reader = accountReader(account());
    reader.answer = Object.assign(new Error('Rate exceeded for jane@example.org'), { name: 'TooManyRequestsException' });
    const recorded = recordedHolds();
    const quota = createSendQuota({ read: reader.read, holds: recorded.holds, configuredRate: 7 });
    // Act
    const rooms = await Promise.all([1, 2, 3].map((n) => quota.admit(key('u-a', n), t0)));
    // Assess
    expect(rooms.every((room) => room.admitted)).toBe(true);
    expect(quota.rate()).toBe(7);
    expect(recorded.held).toEqual([]);
    expect(warned).toHaveBeenCalledTimes(1);
    const line = JSON.parse(String(warned.mock.calls[0]![0])) as Record<string, string>;
    expect(line).toMatchObject({ level: 'warn', what: expect.stringContaining('SES account limits not read') });
    expect(JSON.stringify(line)).not.toContain('jane@example.org');
  });
});
