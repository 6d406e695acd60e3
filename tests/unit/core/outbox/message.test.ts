import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outboxKeysOf, outboxMessageBatches, parseSqsEvent, sendMessageBatches, splitSendQueueEvent } from '../../../../functions/adapters/sqs/send-queue.ts';
import { recipientKeyOf } from '../../../../functions/core/deliveries/delivery.ts';
import { inLanes } from '../../../../functions/core/lanes.ts';
import { channelOf, exportableMessage, mailing, MAILING_ID, OUTBOX_RETENTION_DAYS, outboxMessage } from '../../../../functions/core/outbox/message.ts';

const email = { to: 'Ana.Marquez@example.org', subject: 'Call for cooperation: housing', text: 'Hello', html: '<p>Hello</p>' };

describe('outbox messages', () => {
  it('names a mailing by its kind and what makes it one, the same way every time', () => {
    // Act
    const call = mailing('call', '3f1c2b9e-1d2c-4b6a-9f00-0a1b2c3d4e5f');
    const digest = mailing('digest', '2027-03-01', 'action-1');
    // Assess
    expect(call).toEqual({ id: 'call:3f1c2b9e-1d2c-4b6a-9f00-0a1b2c3d4e5f', kind: 'call' });
    expect(digest).toEqual(mailing('digest', '2027-03-01', 'action-1'));
    expect(digest.id).toMatch(MAILING_ID);
  });

  it('refuses an id part that keys and queue messages cannot carry', () => {
    expect(() => mailing('digest', '2027-03-01', 'a#b')).toThrow(/mailing id/);
    expect(() => mailing('call', 'x'.repeat(101))).toThrow(/mailing id/);
    expect(() => mailing('promotion', 'ana@example.org')).toThrow(/mailing id/);
  });

  it('keys a message by the mailing and a hash of the recipient, never the address, and lets it expire', () => {
    // Prepare
    const now = new Date('2027-03-01T05:00:00Z');
    // Act
    const message = outboxMessage(mailing('digest', '2027-03-01', 'action-1'), email, now);
    // Assess
    expect(message).toMatchObject({ mailingId: 'digest:2027-03-01:action-1', mailing: 'digest', status: 'queued', attempts: 0, queuedAt: now.toISOString(), rendered: email });
    expect(message.recipientKey).toBe(recipientKeyOf('ana.marquez@example.org'));
    expect(`${message.mailingId}${message.recipientKey}`).not.toContain('@');
    expect(message.expiresAt).toBe(now.getTime() / 1000 + OUTBOX_RETENTION_DAYS * 86_400);
  });

  it('asks the ledger on the channel of each kind of mailing', () => {
    expect([channelOf('forum-notification'), channelOf('digest'), channelOf('call'), channelOf('reminder-7d'), channelOf('promotion')]).toEqual([
      'forum-notifications',
      'forum-notifications',
      'experts',
      'events',
      'events',
    ]);
  });

  it("asks the ledger nothing for the answer to a person's own reply by email", () => {
    expect(channelOf('reply-answer')).toBeUndefined();
  });

  it('exports what a person may know of a message, without keys or claims', () => {
    const queued = outboxMessage(mailing('call', 'c-1'), email, new Date('2027-03-01T05:00:00Z'));
    const sent = { ...queued, rendered: undefined, status: 'sent' as const, sentAt: '2027-03-01T05:00:01.000Z', claimId: 'x', messageId: 'ses-1' };
    expect(exportableMessage(queued)).toEqual({ kind: 'email', mailing: 'call', status: 'queued', queuedAt: '2027-03-01T05:00:00.000Z', subject: email.subject });
    expect(exportableMessage(sent)).toEqual({ kind: 'email', mailing: 'call', status: 'sent', queuedAt: '2027-03-01T05:00:00.000Z', sentAt: '2027-03-01T05:00:01.000Z' });
  });

  it('runs work in bounded lanes, each item once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { maxLength: 40 }), fc.integer({ min: 1, max: 10 }), async (items, lanes) => {
        let running = 0;
        let most = 0;
        const seen: number[] = [];
        await inLanes(items, lanes, async (item) => {
          most = Math.max(most, ++running);
          await new Promise((resolve) => setTimeout(resolve, 0));
          seen.push(item);
          running--;
        });
        expect(seen.sort()).toEqual([...items].sort());
        expect(most).toBeLessThanOrEqual(lanes);
      }),
      { numRuns: 30 },
    );
  });
});

describe('the send queue carries outbox keys beside delivery keys', () => {
  const outboxKeys = Array.from({ length: 23 }, (_, i) => ({ mailingId: `call:c-${i % 3}`, recipientKey: i.toString(16).padStart(32, '0') }));
  const deliveryKeys = Array.from({ length: 5 }, (_, i) => ({ updateId: 'u-abc', recipientKey: i.toString(16).padStart(32, 'f') }));
  const records = (batches: ReturnType<typeof sendMessageBatches>, prefix: string) =>
    batches.flatMap((b) => b.Entries!.map((e) => ({ messageId: `${prefix}${e.Id}`, body: e.MessageBody!, attributes: { ApproximateReceiveCount: '1' } })));

  it('builds messages of 10 outbox keys and reads them back', () => {
    const batches = outboxMessageBatches('https://sqs.eu-west-1.amazonaws.com/1/send', outboxKeys);
    expect(batches.flatMap((b) => b.Entries!).length).toBe(3);
    expect(batches.flatMap((b) => b.Entries!.flatMap((e) => outboxKeysOf(e.MessageBody!)!))).toEqual(outboxKeys);
  });

  it('splits an event: outbox messages apart, delivery and malformed messages passed on as they came', () => {
    // Prepare
    const outbox = records(outboxMessageBatches('q', outboxKeys), 'o');
    const deliveries = records(sendMessageBatches('q', deliveryKeys), 'd');
    const malformed = [{ messageId: 'bad', body: '{"outbox":[]}' }, { messageId: 'worse', body: 'not json' }];
    // Act
    const split = splitSendQueueEvent({ Records: [...deliveries, ...outbox, ...malformed] });
    // Assess
    expect(split.outbox.map((m) => m.messageId)).toEqual(['o0', 'o1', 'o2']);
    expect(split.outbox.flatMap((m) => m.keys)).toEqual(outboxKeys);
    expect(split.deliveries.Records).toEqual([...deliveries, ...malformed]);
    expect(parseSqsEvent(split.deliveries).map((m) => m.keys)).toEqual([deliveryKeys, undefined, undefined]);
  });

  it('reads no outbox keys from a delivery message, nor delivery keys from an outbox message', () => {
    const [deliveryBody] = records(sendMessageBatches('q', deliveryKeys), 'd');
    const [outboxBody] = records(outboxMessageBatches('q', outboxKeys), 'o');
    expect(outboxKeysOf(deliveryBody!.body)).toBeUndefined();
    expect(parseSqsEvent({ Records: [outboxBody] })[0]!.keys).toBeUndefined();
  });
});
