import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The app first: other routers extend core schemas with OpenAPI metadata when they load.
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { OUTBOX_SHARDS } from '../../../functions/adapters/dynamodb/delivery-store.ts';
import { sendMessageBatches } from '../../../functions/adapters/sqs/send-queue.ts';
import type { Deps } from '../../../functions/api/deps.ts';
import { scheduledUpdates } from '../../../functions/jobs/scheduled-updates.ts';
import { recordSesNotifications, sendQueuedBatch, startPlanning, sweepDeliveries } from '../../../functions/api/services/sending.ts';
import { suppressionKeyOf } from '../../../functions/core/contacts/suppression.ts';
import type { DeliveryKey } from '../../../functions/core/deliveries/delivery.ts';
import type { SendQueue } from '../../../functions/core/deliveries/ports.ts';
import type { JobQueue } from '../../../functions/core/jobs/job.ts';
import { createUpdate, dyingAfter, importCsv, queueIdle, startAndPlan, throttlingEvery } from '../../helpers/mail-pipeline.ts';
import { addMember, signIn } from '../../helpers/session.ts';
import { sesEvent } from '../../helpers/ses-events.ts';

/** A queue that only records what was enqueued, so a test decides which worker runs it and when. */
function holdingQueue() {
  const keys: DeliveryKey[] = [];
  const queue: SendQueue = { kind: 'in-process', enqueue: async (k) => void keys.push(...k) };
  return { queue, keys };
}

describe('the send pipeline under faults', () => {
  let hub: TestHub;
  let cookie: string;
  beforeAll(async () => {
    hub = await createTestHub({ SES_MAX_SEND_RATE: '500' });
    cookie = await signIn(hub, await addMember(hub, { secretariat: true }));
  });
  afterAll(() => hub.dispose());

  /** Imports `n` fresh contacts of a research audience in a country of their own, and plans a send to them, holding the queue. */
  const countries = ['DK', 'SE', 'FI', 'NO', 'IS', 'EE', 'LV', 'LT', 'IE'];
  async function plannedSend(n: number) {
    const country = countries.shift()!;
    const people = Array.from({ length: n }, () => uniqueEmail('reader'));
    const topic = 'indicators';
    await importCsv(hub, cookie, ['email,audience,country,topics', ...people.map((p) => `${p},research,${country},${topic}`)].join('\n'));
    const id = await createUpdate(hub, cookie, {
      title: 'Indicators update',
      subject: 'New indicators',
      body: 'Body',
      targets: { audiences: ['research'], countries: [country] },
      routes: { direct: true, networks: [] },
    });
    const held = holdingQueue();
    const deps: Deps = { ...hub.deps, sendQueue: held.queue };
    await startAndPlan(deps, id);
    return { id, people, deps, held };
  }

  async function counts(people: string[]) {
    return Promise.all(people.map(async (p) => (await hub.inbox.to(p)).length));
  }

  it('a worker killed mid-send and a restart after the sweep: every recipient gets exactly one email', async () => {
    // Prepare
    const { people, deps, held } = await plannedSend(8);
    const dying = dyingAfter(3, hub.deps.mailer);
    void hub.deps.sendWorker({ mailer: dying }).send(held.keys);
    for (const deadline = Date.now() + 10_000; (await counts(people)).reduce((a, b) => a + b, 0) < 3 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    // Act: the leases run out; the sweeper re-enqueues, a new worker sends
    const later = new Date(Date.now() + 11 * 60_000);
    const afterLease = { ...deps, now: () => later };
    held.keys.length = 0;
    const swept = await sweepDeliveries(afterLease, OUTBOX_SHARDS);
    const outcome = await hub.deps.sendWorker({ now: () => later }).send(held.keys);
    // Assess
    expect(swept.requeued).toBe(5);
    expect(outcome).toMatchObject({ sent: 5, failed: 0 });
    expect(await counts(people)).toEqual(people.map(() => 1));
  });

  it('a planning job whose message was lost is planned again by the minute job, once, and a planning under way is left alone', async () => {
    // Prepare: the send started and its planning job was recorded, but the job's message never reached the queue.
    const country = countries.shift()!;
    const people = Array.from({ length: 4 }, () => uniqueEmail('stranded'));
    await importCsv(hub, cookie, ['email,audience,country,topics', ...people.map((p) => `${p},research,${country},indicators`)].join('\n'));
    const id = await createUpdate(hub, cookie, { title: 'Stranded', subject: 'Stranded send', body: 'Body', targets: { audiences: ['research'], countries: [country] }, routes: { direct: true, networks: [] } });
    await hub.deps.updates.startSending(id, new Date());
    const lost: JobQueue = { kind: 'in-process', enqueue: async () => undefined };
    const stranded = await startPlanning({ ...hub.deps, jobQueue: lost }, id, 'test');
    // Act: the minute job within the grace period, after it, and once more when all is done.
    const early = await scheduledUpdates(hub.deps);
    const later = new Date(Date.now() + 3 * 60_000);
    const resumed = await scheduledUpdates({ ...hub.deps, now: () => later });
    await queueIdle(hub);
    const again = await scheduledUpdates({ ...hub.deps, now: () => later });
    // Assess
    expect(early.resumed).toBe(0);
    expect(resumed.resumed).toBe(1);
    expect((await hub.deps.jobs.get(stranded!.job))?.state).toBe('running');
    expect(again.resumed).toBe(0);
    expect(await hub.deps.updates.getUpdate(id)).toMatchObject({ status: 'sent', recipients: 4 });
    expect(await counts(people)).toEqual(people.map(() => 1));
  });

  it('SES throttling backs off and retries: nothing lost, nothing twice', async () => {
    const { people, held } = await plannedSend(9);
    const throttling = throttlingEvery(3, hub.deps.mailer);
    const outcome = await hub.deps.sendWorker({ mailer: throttling }).send(held.keys);
    expect(throttling.throttled).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ sent: 9, failed: 0, retry: [] });
    expect(await counts(people)).toEqual(people.map(() => 1));
  });

  it('the same queue message delivered twice sends one email', async () => {
    // Prepare
    const { people, held } = await plannedSend(5);
    const [batch] = sendMessageBatches('https://sqs.example/queue', held.keys);
    const body = batch!.Entries![0]!.MessageBody!;
    // Act
    const first = await sendQueuedBatch(hub.deps, { Records: [{ messageId: 'm-1', body }, { messageId: 'm-1-again', body }] });
    const redelivered = await sendQueuedBatch(hub.deps, { Records: [{ messageId: 'm-1', body }] });
    // Assess
    expect(first).toEqual({ batchItemFailures: [] });
    expect(redelivered).toEqual({ batchItemFailures: [] });
    expect(await counts(people)).toEqual(people.map(() => 1));
  });

  it('two workers given the same keys at once claim each delivery once between them (claims go 25 to a transaction): one email each', async () => {
    // Prepare
    const { people, held } = await plannedSend(60);
    // Act: the same 60 keys to two workers together, and once more after
    const [one, two] = await Promise.all([hub.deps.sendWorker().send(held.keys), hub.deps.sendWorker().send([...held.keys].reverse())]);
    const again = await hub.deps.sendWorker().send(held.keys);
    // Assess
    expect(one.sent + two.sent).toBe(60);
    expect(one.skipped + two.skipped).toBe(60);
    expect(again).toMatchObject({ sent: 0, skipped: 60, failed: 0 });
    expect(await counts(people)).toEqual(people.map(() => 1));
  });

  it('claims together only what may be claimed: not a delivery already sent or under another claim, and one whose lease ran out', async () => {
    // Prepare: of four deliveries, one sent, one under a live claim, one under a claim whose lease has run out
    const { people, held } = await plannedSend(4);
    const [sent, live, expired, fresh] = held.keys as [DeliveryKey, DeliveryKey, DeliveryKey, DeliveryKey];
    expect((await hub.deps.sendWorker().send([sent])).sent).toBe(1);
    const now = new Date();
    expect(await hub.deps.deliveries.claim(live, 'another-worker', now, 300)).toBeDefined();
    expect(await hub.deps.deliveries.claim(expired, 'a-dead-worker', new Date(now.getTime() - 600_000), 300)).toBeDefined();
    // Act
    const claimed = await hub.deps.deliveries.claimAll([sent, live, expired, fresh, fresh], 'this-worker', now, 300);
    // Assess
    expect(claimed.map((d) => d.recipientKey).sort()).toEqual([expired.recipientKey, fresh.recipientKey].sort());
    expect(claimed.every((d) => d.status === 'sending' && d.claimId === 'this-worker')).toBe(true);
    expect((await hub.deps.deliveries.get(live))?.claimId).toBe('another-worker');
    // Only the one sent before was mailed: claiming sends nothing.
    expect((await counts(people)).sort()).toEqual([0, 0, 0, 1]);
  });

  it('gives back what a batch claimed but has not sent when its update pauses meanwhile: nothing more goes, the rest stays queued', async () => {
    // Prepare: a mailer that pauses the update at the second email and holds every email from then
    // until the pause is written; the worker reads the status at every slot
    const { id, people, held } = await plannedSend(40);
    let mailed = 0;
    let pausing: Promise<unknown> | undefined;
    const mailer = {
      async send(email: Parameters<typeof hub.deps.mailer.send>[0]) {
        if (++mailed === 2) pausing = hub.deps.updates.pause(id, { reason: 'permanent-bounces', at: new Date().toISOString(), sent: 1, permanentBounces: 1, complaints: 0 }, new Date());
        await pausing;
        return hub.deps.mailer.send(email);
      },
    };
    // Act
    const outcome = await hub.deps.sendWorker({ mailer, statusFreshMs: 0 }).send(held.keys);
    // Assess: what was already at SES's door when the pause was read went (one a lane at most); the rest went back to the queue
    const emails = (await counts(people)).reduce((a, b) => a + b, 0);
    expect(outcome.sent).toBe(emails);
    expect(emails).toBeLessThanOrEqual(17);
    expect(outcome.held).toBe(40 - emails);
    const statuses = await Promise.all(held.keys.map(async (k) => (await hub.deps.deliveries.get(k))?.status));
    expect(statuses.filter((s) => s === 'queued')).toHaveLength(40 - emails);
  });

  it('reports a malformed queue message back to SQS instead of dropping the batch', async () => {
    const result = await sendQueuedBatch(hub.deps, { Records: [{ messageId: 'bad', body: '{"deliveries":[]}' }] });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
  });

  it('a permanent rejection marks the delivery failed with the reason', async () => {
    const { id, held } = await plannedSend(2);
    const rejecting = { send: async () => Promise.reject(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' })) };
    const outcome = await hub.deps.sendWorker({ mailer: rejecting }).send(held.keys);
    const deliveries = await hub.deps.deliveries.listOfUpdate(id);
    expect(outcome).toMatchObject({ sent: 0, failed: 2 });
    expect(deliveries.map((d) => [d.status, d.reason])).toEqual([
      ['failed', 'MessageRejected: Email address is not verified.'],
      ['failed', 'MessageRejected: Email address is not verified.'],
    ]);
  });

  it('a permanent bounce and a complaint suppress the contact everywhere and move the delivery', async () => {
    // Prepare
    const { id, people, held } = await plannedSend(3);
    await hub.deps.sendWorker().send(held.keys);
    const deliveries = await hub.deps.deliveries.listOfUpdate(id);
    const tagOf = (email: string) => `${id}.${deliveries.find((d) => d.email === email)!.recipientKey}`;
    const mail = (email: string) => ({ messageId: 'ses-1', destination: [email], headers: [{ name: 'X-Hub-Delivery', value: tagOf(email) }], tags: {} });
    // Act
    await recordSesNotifications(hub.deps, sesEvent({ eventType: 'Bounce', mail: mail(people[0]!), bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: people[0] }] } }));
    await recordSesNotifications(hub.deps, sesEvent({ eventType: 'Complaint', mail: { ...mail(people[1]!), headers: [], tags: { 'hub-delivery': [tagOf(people[1]!)] } }, complaint: { complainedRecipients: [{ emailAddress: people[1] }] } }));
    await recordSesNotifications(hub.deps, sesEvent({ eventType: 'Delivery', mail: mail(people[2]!), delivery: { recipients: [people[2]] } }));
    await recordSesNotifications(hub.deps, sesEvent({ eventType: 'Bounce', mail: mail(people[2]!), bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: people[2] }] } }));
    // Assess
    expect((await hub.deps.contactBook.contacts.get(people[0]!))!.status).toBe('bounced');
    expect((await hub.deps.contactBook.contacts.get(people[1]!))!.status).toBe('complained');
    expect((await hub.deps.contactBook.contacts.get(people[2]!))!.status).toBe('subscribed');
    expect(await hub.deps.contactBook.suppressions.has(suppressionKeyOf(people[0]!))).toBe(true);
    expect(await hub.deps.contactBook.suppressions.has(suppressionKeyOf(people[2]!))).toBe(false);
    const report = await hub.deps.deliveries.report(id);
    const total = (status: string) => report.counts.filter((c) => c.status === status).reduce((n, c) => n + c.count, 0);
    expect([total('bounced'), total('complained'), total('sent'), total('queued')]).toEqual([2, 1, 0, 0]);
  });

  it('refuses a malformed SES event, naming the field, and anything not shaped as EventBridge delivers it', async () => {
    const record = { eventType: 'Bounce', mail: { messageId: 'ses-2', destination: ['x@example.org'] }, bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'x@example.org' }] } };
    await expect(recordSesNotifications(hub.deps, sesEvent({ eventType: 'Bounce' }))).rejects.toThrow(/mail/);
    // The SNS shapes of before, and a bare record, are not what the events rule delivers.
    await expect(recordSesNotifications(hub.deps, { Records: [{ Sns: { Message: JSON.stringify(record) } }] })).rejects.toThrow(/source/);
    await expect(recordSesNotifications(hub.deps, record)).rejects.toThrow(/source/);
    await expect(recordSesNotifications(hub.deps, { ...sesEvent(record), source: 'aws.sns' })).rejects.toThrow(/source/);
    // A detail-type that contradicts the record is refused rather than guessed at.
    await expect(recordSesNotifications(hub.deps, { ...sesEvent(record), 'detail-type': 'Email Delivered' })).rejects.toThrow(/detail-type/);
    expect(await hub.deps.contactBook.suppressions.has(suppressionKeyOf('x@example.org'))).toBe(false);
  });
});
