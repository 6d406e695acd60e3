import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The app first: other routers extend core schemas with OpenAPI metadata when they load.
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { MESSAGE_SHARDS } from '../../../functions/adapters/dynamodb/outbox-store.ts';
import { outboxMessageBatches } from '../../../functions/adapters/sqs/send-queue.ts';
import type { Deps } from '../../../functions/api/deps.ts';
import { runJob } from '../../../functions/jobs/index.ts';
import { queueMessages, sendQueuedMail, sweepOutbox } from '../../../functions/api/services/outbox.ts';
import { recordWithdrawal } from '../../../functions/api/services/consent.ts';
import { erasePerson, exportPerson } from '../../../functions/api/services/personal-data.ts';
import { keyOf, mailing, outboxMessage } from '../../../functions/core/outbox/message.ts';
import { dyingAfter, holdingOutbox } from '../../helpers/mail-pipeline.ts';

describe('the outbox', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ SES_MAX_SEND_RATE: '500' });
  });
  afterAll(() => hub.dispose());

  /** `n` rendered emails of a new mailing, recorded with the queue held. */
  async function recorded(n: number) {
    const people = Array.from({ length: n }, () => uniqueEmail('outbox'));
    const of = mailing('call', randomUUID());
    const now = new Date();
    const messages = people.map((to) => outboxMessage(of, { to, subject: `Call ${of.id}`, text: 'Tell us what worked.', html: '<p>Tell us what worked.</p>' }, now));
    const held = holdingOutbox();
    const deps: Deps = { ...hub.deps, outboxQueue: held.queue };
    const result = await queueMessages(deps, messages);
    // In the order of `people` (the queue gets them in whatever order the writes finished).
    const keys = messages.map(keyOf);
    return { people, of, messages, keys, held, deps, result };
  }

  const counts = (people: string[]) => Promise.all(people.map(async (p) => (await hub.inbox.to(p)).length));

  it('records each message once, however often the mailing is recorded, and keeps no address in its keys', async () => {
    // Prepare
    const { messages, keys, held, deps, result } = await recorded(3);
    // Act
    const again = await queueMessages(deps, messages);
    // Assess
    expect([result.written.length, result.existing.length]).toEqual([3, 0]);
    expect([again.written.length, again.existing.length]).toEqual([0, 3]);
    expect(held.keys).toHaveLength(6);
    const stored = await hub.deps.outbox.get(keys[0]!);
    expect(stored).toMatchObject({ status: 'queued', mailing: 'call', rendered: messages[0]!.rendered });
    expect(JSON.stringify(held.keys)).not.toContain('@');
  });

  it('sends each recorded message once, even when its queue message comes twice', async () => {
    // Prepare
    const { people, held } = await recorded(12);
    const records = outboxMessageBatches('https://sqs.example/queue', held.keys).flatMap((b) => b.Entries!.map((e) => ({ messageId: `m-${e.Id}`, body: e.MessageBody! })));
    // Act: every message twice in one invocation, then once more in another.
    const first = await sendQueuedMail(hub.deps, { Records: [...records, ...records.map((r) => ({ ...r, messageId: `${r.messageId}-again` }))] });
    const redelivered = await sendQueuedMail(hub.deps, { Records: records });
    // Assess
    expect(first).toEqual({ batchItemFailures: [] });
    expect(redelivered).toEqual({ batchItemFailures: [] });
    expect(await counts(people)).toEqual(people.map(() => 1));
    const stored = await hub.deps.outbox.get(held.keys[0]!);
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, messageId: expect.any(String) });
    // Sent, the message no longer holds the email (its address and the recipient's links).
    expect(stored!.rendered).toBeUndefined();
  });

  it('a worker killed after its claims: the sweeper hands the messages on once their lease is over, and each goes once', async () => {
    // Prepare: the worker sends two, then hangs in SES with three more claimed.
    const { people, of, deps, held } = await recorded(5);
    const dying = dyingAfter(2, hub.deps.mailer);
    void hub.deps.outboxWorker({ mailer: dying }).send(held.keys);
    for (const deadline = Date.now() + 10_000; (await counts(people)).reduce((a, b) => a + b, 0) < 2 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    const queued = [...held.keys];
    // Other tests' messages share the table: count this mailing's alone.
    const swept = async (now: Date) => {
      held.keys.length = 0;
      await sweepOutbox({ ...deps, now: () => now }, MESSAGE_SHARDS);
      return held.keys.filter((k) => k.mailingId === of.id);
    };
    // Act: a sweep within the lease finds nothing; one after it re-enqueues the three, a new worker sends them.
    const early = await swept(new Date());
    const later = new Date(Date.now() + 11 * 60_000);
    const overdue = await swept(later);
    const outcome = await hub.deps.outboxWorker({ now: () => later }).send(overdue);
    const again = await swept(new Date(later.getTime() + 11 * 60_000));
    // Assess
    expect(early).toEqual([]);
    expect(overdue).toHaveLength(3);
    expect(outcome).toMatchObject({ sent: 3, failed: 0, skipped: 0 });
    expect(again).toEqual([]);
    expect(await counts(people)).toEqual(people.map(() => 1));
    expect(new Set((await Promise.all(queued.map((k) => hub.deps.outbox.get(k)))).map((m) => m!.status))).toEqual(new Set(['sent']));
  });

  it('waits on the pacer it is given before every send, the pacer updates use', async () => {
    // Prepare
    const { people, held } = await recorded(4);
    let paced = 0;
    const pace = async () => void paced++;
    // Act
    const outcome = await hub.deps.outboxWorker({ pace }).send(held.keys);
    // Assess
    expect(outcome.sent).toBe(4);
    expect(paced).toBe(4);
    expect(await counts(people)).toEqual(people.map(() => 1));
  });

  it('sends nothing to someone who withdrew after the message was recorded, and says why', async () => {
    // Prepare
    const { people, keys, held } = await recorded(2);
    await recordWithdrawal(hub.deps, people[0]!, 'all', 'unsubscribed', { source: 'one-click unsubscribe' });
    // Act
    const outcome = await hub.deps.outboxWorker().send(held.keys);
    // Assess
    expect(outcome).toMatchObject({ sent: 1, failed: 1 });
    expect(await counts(people)).toEqual([0, 1]);
    const withdrawn = await hub.deps.outbox.get(keys[0]!);
    expect(withdrawn).toMatchObject({ status: 'failed', reason: expect.stringContaining('asked not to be mailed') });
    expect(withdrawn!.rendered).toBeUndefined();
  });

  it('releases a message SES could not take for a later try, and a permanent rejection fails it with the reason', async () => {
    // Prepare
    const { people, keys } = await recorded(2);
    const down = { send: async () => Promise.reject(new Error('connect ECONNREFUSED')) };
    const rejecting = { send: async () => Promise.reject(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' })) };
    // Act
    const whileDown = await hub.deps.outboxWorker({ mailer: down }).send([keys[0]!]);
    const rejected = await hub.deps.outboxWorker({ mailer: rejecting }).send([keys[1]!]);
    const backUp = await hub.deps.outboxWorker().send(whileDown.retry);
    // Assess
    expect(whileDown).toMatchObject({ sent: 0, failed: 0, retry: [keys[0]] });
    expect(rejected).toMatchObject({ sent: 0, failed: 1 });
    expect(backUp).toMatchObject({ sent: 1 });
    expect(await hub.deps.outbox.get(keys[1]!)).toMatchObject({ status: 'failed', reason: 'MessageRejected: Email address is not verified.' });
    expect(await counts(people)).toEqual([1, 0]);
  });

  it('an erased person\'s queued message is gone from the table and never sent; the others go', async () => {
    // Prepare
    const { people, keys, held } = await recorded(2);
    const exported = await exportPerson(hub.deps, people[0]!);
    // Act
    const erased = await erasePerson(hub.deps, people[0]!, { by: 'the secretariat' });
    const outcome = await hub.deps.outboxWorker().send(held.keys);
    // Assess
    expect(exported.sections.deliveries).toEqual([{ kind: 'email', mailing: 'call', status: 'queued', queuedAt: expect.any(String), subject: expect.stringMatching(/^Call call:/) }]);
    expect(erased.deliveries).toBe(1);
    expect(outcome).toMatchObject({ sent: 1, skipped: 1 });
    expect(await hub.deps.outbox.get(keys[0]!)).toBeUndefined();
    expect(await counts(people)).toEqual([0, 1]);
  });

  it('leaves a message SES refuses for the daily quota queued, its queue message done, for the sweeper to hand on', async () => {
    // Prepare
    const { people, keys, deps, held } = await recorded(1);
    let tries = 0;
    const quotaSpent = {
      send: async () => {
        tries++;
        throw Object.assign(new Error('Daily message quota exceeded.'), { name: 'Throttling' });
      },
    };
    // Act
    const refused = await hub.deps.outboxWorker({ mailer: quotaSpent }).send(keys);
    held.keys.length = 0;
    const later = new Date(Date.now() + 11 * 60_000);
    await sweepOutbox({ ...deps, now: () => later }, MESSAGE_SHARDS);
    const sent = await hub.deps.outboxWorker({ now: () => later }).send(held.keys.filter((k) => k.mailingId === keys[0]!.mailingId));
    // Assess
    expect(refused).toMatchObject({ sent: 0, failed: 0, held: 1, retry: [] });
    expect(tries).toBe(1);
    expect(sent).toMatchObject({ sent: 1 });
    expect(await counts(people)).toEqual([1]);
  });

  it('is swept by the sweeper job, beside the deliveries', async () => {
    // Prepare: recorded, and the queue message lost.
    const { people } = await recorded(2);
    const later = new Date(Date.now() + 11 * 60_000);
    // Act
    const result = await runJob({ ...hub.deps, now: () => later }, 'sweeper');
    // Assess
    expect(result.requeuedMessages).toBeGreaterThanOrEqual(2);
    expect(await counts(people)).toEqual([1, 1]);
  });
});
