import { describe, expect, it } from 'vitest';
import { parseSqsEvent, sendMessageBatches } from '../../../../functions/adapters/sqs/send-queue.ts';
import { classifySendError, sendPacer } from '../../../../functions/core/deliveries/sending.ts';

describe('sending rules', () => {
  it('tells throttling, permanent rejections and transient errors apart', () => {
    expect(classifySendError(Object.assign(new Error('x'), { name: 'Throttling' }))).toEqual({ kind: 'throttled' });
    expect(classifySendError(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'ServiceError' }))).toEqual({ kind: 'throttled' });
    expect(classifySendError(Object.assign(new Error('x'), { name: 'TooManyRequestsException' }))).toEqual({ kind: 'throttled' });
    expect(classifySendError(Object.assign(new Error('Address blacklisted.'), { name: 'MessageRejected' }))).toEqual({ kind: 'rejected', reason: 'MessageRejected: Address blacklisted.' });
    expect(classifySendError(new Error('socket hang up')).kind).toBe('transient');
  });

  it('paces sends 1/rate apart, however many ask at once', async () => {
    let now = 0;
    const slots: number[] = [];
    const pace = sendPacer(200, { now: () => now, sleep: async (ms) => void (now += 0, slots.push(ms)) }, 0);
    await Promise.all(Array.from({ length: 5 }, () => pace()));
    expect(slots).toEqual([5, 10, 15, 20]);
  });

  it('lets a sender that fell behind take the slots it missed in the last 100 ms at once, and no older ones', async () => {
    // Prepare: 200/s, a clock the test moves; each send waits its slot.
    let now = 0;
    const sentAt: number[] = [];
    const pace = sendPacer(200, { now: () => now, sleep: async (ms) => void (now += ms) });
    const send = async () => {
      await pace();
      sentAt.push(now);
    };
    // Act: a steady second, then the sender stalls 40 ms, then a long stall of 2 s.
    for (let i = 0; i < 200; i++) await send();
    const steady = sentAt.length;
    now += 40;
    const stallAt = now;
    for (let i = 0; i < 10; i++) await send();
    now += 2_000;
    const longStallAt = now;
    for (let i = 0; i < 40; i++) await send();
    // Assess: the 40 ms stall is made up at once (7 missed slots, and the one due now); of the 2 s stall, only its last 100 ms (20 slots).
    const inWindow = (from: number, to: number) => sentAt.filter((t) => t >= from && t < to).length;
    expect(steady).toBe(200);
    expect(inWindow(stallAt, stallAt + 1)).toBe(8);
    expect(inWindow(longStallAt, longStallAt + 1)).toBe(21);
    // And no second of it holds more than its 200 plus the 20 the catch-up allows.
    for (let t = 0; t < now; t += 5) expect(inWindow(t, t + 1_000)).toBeLessThanOrEqual(220);
  });

  it('follows a rate that changes while sending; a slot already handed out keeps its time', async () => {
    // Prepare
    const now = 0;
    let rate = 100;
    const waits: number[] = [];
    const pace = sendPacer(() => rate, { now: () => now, sleep: async (ms) => void waits.push(ms) });
    // Act: two slots at 100/s, then the account's rate turns out to be 10/s.
    await pace();
    await pace();
    rate = 10;
    await pace();
    await pace();
    // Assess: the third's slot (20 ms) was set at 100/s; the fourth comes 1/10 s after it.
    expect(waits).toEqual([10, 20, 120]);
  });

  it('builds SQS batches of 10 messages of 10 delivery keys, and reads them back', () => {
    const keys = Array.from({ length: 205 }, (_, i) => ({ updateId: 'u-abc', recipientKey: i.toString(16).padStart(32, '0') }));
    const batches = sendMessageBatches('https://sqs.eu-west-1.amazonaws.com/1/send', keys);
    expect(batches.map((b) => b.Entries!.length)).toEqual([10, 10, 1]);
    expect(new Set(batches.flatMap((b) => b.Entries!.map((e) => e.Id))).size).toBe(21);
    const records = batches.flatMap((b) => b.Entries!.map((e) => ({ messageId: e.Id!, body: e.MessageBody! })));
    expect(parseSqsEvent({ Records: records }).flatMap((m) => m.keys!)).toEqual(keys);
  });
});
