import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The app first: other routers extend core schemas with OpenAPI metadata when they load.
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { OUTBOX_SHARDS } from '../../../functions/adapters/dynamodb/delivery-store.ts';
import { sendMessageBatches } from '../../../functions/adapters/sqs/send-queue.ts';
import { sendQueuedBatch, sweepDeliveries } from '../../../functions/api/services/sending.ts';
import type { DeliveryKey } from '../../../functions/core/deliveries/delivery.ts';
import type { SendQueue } from '../../../functions/core/deliveries/ports.ts';
import { dailyQuotaExceeded, QUOTA_HOLD_MS } from '../../../functions/core/deliveries/send-quota.ts';
import { classifySendError } from '../../../functions/core/deliveries/sending.ts';
import { startSesEmulator, type RunningSes } from '../../../functions/local/engines/ses.ts';
import { freePort } from '../../../functions/local/ports.ts';
import { createUpdate, importCsv, startAndPlan } from '../../helpers/mail-pipeline.ts';
import { addMember, signIn } from '../../helpers/session.ts';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/** A queue that only records what was enqueued, so the test decides which worker runs it and when. */
function holdingQueue() {
  const keys: DeliveryKey[] = [];
  const queue: SendQueue = { kind: 'in-process', enqueue: async (k) => void keys.push(...k) };
  return { queue, keys };
}

interface Report {
  waiting: { reason: string; since: string; until: string } | null;
  totals: { byStatus: Record<string, number> };
}

describe("the SES account's 24-hour quota", () => {
  // A local SES of this file's own: its quota is 5, and its clock moves to let the 24-hour window roll.
  let ses: RunningSes;
  let sesClockAhead = 0;
  let hub: TestHub;
  let cookie: string;
  beforeAll(async () => {
    ses = await startSesEmulator({
      emulatorPort: await freePort(),
      proxyPort: await freePort(),
      account: { maxSendRate: 100, max24HourSend: 5 },
      now: () => new Date(Date.now() + sesClockAhead),
    });
    hub = await createTestHub({ SES_ENDPOINT: ses.endpoint, SES_MAX_SEND_RATE: '500' });
    // The sign-in email counts against the quota too: SES saw it the day before.
    sesClockAhead = -(DAY + HOUR);
    cookie = await signIn(hub, await addMember(hub, { secretariat: true }));
    sesClockAhead = 0;
  });
  afterAll(async () => {
    await hub.dispose();
    await ses.stop();
  });

  const report = async (id: string) => (await (await hub.app.request(`/api/admin/updates/${id}/report`, { headers: { cookie } })).json()) as Report;
  const emailsTo = (people: string[]) => Promise.all(people.map(async (p) => (await hub.inbox.to(p)).length));

  it('sends what the quota allows, holds the rest queued with the report saying why, and sends those once after the window, nobody twice', async () => {
    // Prepare: an update to 8 contacts, planned, its queue message held back.
    const people = Array.from({ length: 8 }, () => uniqueEmail('quota'));
    await importCsv(hub, cookie, ['email,audience,country', ...people.map((p) => `${p},research,MT`)].join('\n'));
    const id = await createUpdate(hub, cookie, { title: 'Quota', subject: 'Within the quota', body: 'Body', targets: { audiences: ['research'], countries: ['MT'] }, routes: { direct: true, networks: [] } });
    const queued = holdingQueue();
    await startAndPlan({ ...hub.deps, sendQueue: queued.queue }, id);
    const [batch] = sendMessageBatches('https://sqs.example/queue', queued.keys);
    const message = { Records: batch!.Entries!.map((e) => ({ messageId: e.Id!, body: e.MessageBody! })) };

    // Act: the send worker gets the message.
    const started = Date.now();
    const first = await sendQueuedBatch(hub.deps, message);
    const whileHeld = await report(id);
    const sweptEarly = await sweepDeliveries({ ...hub.deps, sendQueue: queued.queue, now: () => new Date(started + QUOTA_HOLD_MS / 2) }, OUTBOX_SHARDS);

    // Assess: 5 sent, 3 held (still queued), the message done with, the report saying why and until when.
    expect(first).toEqual({ batchItemFailures: [] });
    expect((await emailsTo(people)).sort()).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
    expect(whileHeld.totals.byStatus).toMatchObject({ sent: 5, queued: 3, sending: 0 });
    expect(whileHeld.waiting).toEqual({ reason: 'daily-quota', since: expect.any(String), until: expect.any(String) });
    const { since, until } = whileHeld.waiting!;
    expect(Date.parse(until) - Date.parse(since)).toBe(QUOTA_HOLD_MS);
    expect(Date.parse(since)).toBeGreaterThanOrEqual(started);
    expect(sweptEarly.requeued).toBe(0);
    // SES itself (here its local stand-in) refuses anything beyond the quota, with the error the worker knows.
    const beyond = await hub.deps.mailer.send({ to: uniqueEmail('beyond'), subject: 'Beyond', text: 'Beyond', html: '<p>Beyond</p>' }).catch((error: unknown) => error);
    expect(classifySendError(beyond)).toEqual({ kind: 'throttled' });
    expect(dailyQuotaExceeded(beyond)).toBe(true);

    // Act: a day later SES's window no longer holds the 5; the sweeper hands the held deliveries on.
    sesClockAhead = DAY + HOUR;
    const later = new Date(Date.now() + sesClockAhead);
    queued.keys.length = 0;
    const swept = await sweepDeliveries({ ...hub.deps, sendQueue: queued.queue, now: () => later }, OUTBOX_SHARDS);
    const second = await hub.deps.sendWorker({ now: () => later }).send(queued.keys);
    const again = await sendQueuedBatch(hub.deps, message);
    const afterwards = await report(id);

    // Assess: the 3 sent, everyone has exactly one email, and the report no longer says it waits.
    expect(swept.requeued).toBe(3);
    expect(second).toMatchObject({ sent: 3, held: 0, failed: 0, retry: [] });
    expect(again).toEqual({ batchItemFailures: [] });
    expect(await emailsTo(people)).toEqual(people.map(() => 1));
    expect(afterwards.totals.byStatus).toMatchObject({ sent: 8, queued: 0, sending: 0 });
    expect(afterwards.waiting).toBeNull();
  });

  it("answers GetAccount as SES does, with the local account's limits and what it sent in the last 24 hours", async () => {
    // Act
    const response = await fetch(`${ses.endpoint}/v2/email/account`);
    const account = (await response.json()) as Record<string, unknown>;
    // Assess: the test above sent 3 within this window of the SES clock.
    expect(account).toMatchObject({ SendingEnabled: true, ProductionAccessEnabled: true, SendQuota: { MaxSendRate: 100, Max24HourSend: 5, SentLast24Hours: 3 } });
  });

  it('describes the wait in the OpenAPI document of the report', async () => {
    const document = (await (await hub.app.request('/api/openapi.json')).json()) as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    expect(document.components.schemas.UpdateReport!.properties.waiting).toMatchObject({ description: expect.stringContaining('24-hour quota') });
  });
});
