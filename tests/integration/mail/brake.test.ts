import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The app first: other routers extend core schemas with OpenAPI metadata when they load.
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { demoGroups } from '../../../functions/local/demo-data.ts';
import type { Deps } from '../../../functions/api/deps.ts';
import { planJobPorts, recordSesNotifications } from '../../../functions/api/services/sending.ts';
import type { DeliveryKey } from '../../../functions/core/deliveries/delivery.ts';
import type { SendQueue } from '../../../functions/core/deliveries/ports.ts';
import { createUpdate, importCsv, queueIdle, startAndPlan } from '../../helpers/mail-pipeline.ts';
import { addMember, browserHeaders, post, signIn } from '../../helpers/session.ts';
import { sesEvent } from '../../helpers/ses-events.ts';

/** A queue that only records what was enqueued, so the test decides which worker sends what, and when. */
function holdingQueue() {
  const keys: DeliveryKey[] = [];
  const queue: SendQueue = { kind: 'in-process', enqueue: async (k) => void keys.push(...k) };
  return { queue, keys };
}

/** Tests that send 150 to 220 emails through the emulator: a shared two-core machine needs the room. */
const HEAVY = 180_000;


describe('the brake on a send, resume and cancel', () => {
  let hub: TestHub;
  let cookie: string;
  const secretariat: string[] = [];
  const roles: Record<'member' | 'leader', string> = { member: '', leader: '' };
  const countries = ['PT', 'ES', 'IT', 'AT', 'BE', 'NL', 'LU', 'SI', 'HR', 'CZ'];

  beforeAll(async () => {
    hub = await createTestHub({ SES_MAX_SEND_RATE: '1000' });
    const group = demoGroups()[0]!;
    await hub.deps.partnership.addGroup(group);
    secretariat.push(await addMember(hub, { secretariat: true }), await addMember(hub, { secretariat: true }));
    cookie = await signIn(hub, secretariat[0]!);
    roles.member = await signIn(hub, await addMember(hub, { groups: [{ groupId: group.id, role: 'member' }] }));
    roles.leader = await signIn(hub, await addMember(hub, { groups: [{ groupId: group.id, role: 'leader' }] }));
  });
  afterAll(() => hub.dispose());

  /** Imports `n` fresh research contacts in a country of their own and plans a send to them, holding the queue. */
  async function plannedSend(n: number) {
    const country = countries.shift()!;
    const people = Array.from({ length: n }, () => uniqueEmail('reader'));
    const imported = await importCsv(hub, cookie, ['email,audience,country,topics', ...people.map((p) => `${p},research,${country},indicators`)].join('\n'));
    expect(imported.status).toBe(200);
    const id = await createUpdate(hub, cookie, { title: `Brake ${country}`, subject: 'Indicators', body: 'Body', targets: { audiences: ['research'], countries: [country] }, routes: { direct: true, networks: [] } });
    const held = holdingQueue();
    const deps: Deps = { ...hub.deps, sendQueue: held.queue };
    await startAndPlan(deps, id);
    const deliveries = await hub.deps.deliveries.listOfUpdate(id);
    const tagOf = (email: string) => `${id}.${deliveries.find((d) => d.email === email)!.recipientKey}`;
    const keyOf = (email: string): DeliveryKey => ({ updateId: id, recipientKey: deliveries.find((d) => d.email === email)!.recipientKey });
    return { id, title: `Brake ${country}`, people, held, tagOf, keyOf };
  }

  const bounce = (tag: string, email: string, bounceType = 'Permanent') =>
    sesEvent({ eventType: 'Bounce', mail: { messageId: 'ses-b', destination: [email], headers: [{ name: 'X-Hub-Delivery', value: tag }], tags: {} }, bounce: { bounceType, bouncedRecipients: [{ emailAddress: email }] } });
  const complaint = (tag: string, email: string) =>
    sesEvent({ eventType: 'Complaint', mail: { messageId: 'ses-c', destination: [email], headers: [{ name: 'X-Hub-Delivery', value: tag }], tags: {} }, complaint: { complainedRecipients: [{ emailAddress: email }] } });

  /** Emails each address received, one read of the emulator for all. */
  async function received(addresses: string[], subject?: string) {
    const all = await hub.inbox.all();
    return addresses.map((a) => all.filter((e) => e.to.includes(a.toLowerCase()) && (!subject || e.subject === subject)).length);
  }

  const report = async (id: string) => {
    const response = await hub.app.request(`/api/admin/updates/${id}/report`, { headers: browserHeaders(hub, cookie) });
    expect(response.status).toBe(200);
    return (await response.json()) as { update: { status: string }; pause: null | { reason: string; sent: number; permanentBounces: number; complaints: number }; totals: { byStatus: Record<string, number> }; notSent: { cancelled: number; reason: string | null } };
  };

  it('a bounce storm pauses the send, the secretariat hears once although the events come in parallel, the worker sends nothing more, and a resume sends the rest once', async () => {
    // Prepare: 210 of 220 sent
    const { id, title, people, held, tagOf } = await plannedSend(220);
    const first = await hub.deps.sendWorker().send(held.keys.slice(0, 210));
    expect(first.sent).toBe(210);
    const rest = people.filter((p) => !held.keys.slice(0, 210).some((k) => tagOf(p).endsWith(k.recipientKey)));
    // Act: 14 permanent bounces (6.7 % of 210) arrive at once
    const bounced = people.filter((p) => !rest.includes(p)).slice(0, 14);
    const outcomes = await Promise.all(bounced.map((p) => recordSesNotifications(hub.deps, bounce(tagOf(p), p))));
    // Assess: paused once, with the reason and the figures
    expect(outcomes.reduce((n, o) => n + o.paused, 0)).toBe(1);
    const paused = await report(id);
    expect(paused.update.status).toBe('paused');
    expect(paused.pause).toMatchObject({ reason: 'permanent-bounces', sent: 210 });
    expect(paused.pause!.permanentBounces).toBeGreaterThan(10);
    const subject = `Sending paused: ${title}`;
    expect(await received(secretariat, subject)).toEqual([1, 1]);
    // Act: the worker gets the remaining keys while paused
    const whilePaused = await hub.deps.sendWorker().send(held.keys.slice(210));
    // Assess: nothing claimed, nothing sent, still queued
    expect(whilePaused).toMatchObject({ sent: 0, held: 10 });
    expect(await received(rest)).toEqual(rest.map(() => 0));
    expect((await report(id)).totals.byStatus.queued).toBe(10);
    // Act: resume through the API (the hub's own queue and worker send the rest)
    const resumed = await post(hub, `/api/admin/updates/${id}/resume`, {}, cookie);
    await queueIdle(hub);
    // Assess: every recipient has exactly one email; later bounces pull the brake no more
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toMatchObject({ status: 'sent', requeued: 10 });
    expect(await received(people)).toEqual(people.map(() => 1));
    const more = people.filter((p) => !bounced.includes(p)).slice(0, 5);
    for (const p of more) await recordSesNotifications(hub.deps, bounce(tagOf(p), p));
    expect((await report(id)).update.status).toBe('sent');
    expect(await received(secretariat, subject)).toEqual([1, 1]);
    const audit = (await (await hub.app.request('/api/admin/audit', { headers: browserHeaders(hub, cookie) })).json()) as { entries: { action: string; details: Record<string, string> }[] };
    expect(audit.entries.find((e) => e.action === 'update.resumed')?.details).toMatchObject({ updateId: id, requeued: '10' });
  }, HEAVY);

  it('complaints over 0.1 % of what was sent pause the send', async () => {
    // Prepare
    const { id, title, people, held, tagOf } = await plannedSend(205);
    await hub.deps.sendWorker().send(held.keys.slice(0, 200));
    const sent = (await hub.deps.deliveries.listOfUpdate(id)).filter((d) => d.status === 'sent').map((d) => d.email);
    // Act: 1 complaint of 200 is 0.5 %
    await recordSesNotifications(hub.deps, complaint(tagOf(sent[0]!), sent[0]!));
    // Assess
    const r = await report(id);
    expect(r.update.status).toBe('paused');
    expect(r.pause).toMatchObject({ reason: 'complaints', sent: 200, complaints: 1 });
    expect(await received(secretariat, `Sending paused: ${title}`)).toEqual([1, 1]);
    expect(people).toHaveLength(205);
  }, HEAVY);

  it('below 200 sent, even 20 % permanent bounces do not pause', async () => {
    // Prepare
    const { id, people, held, tagOf } = await plannedSend(150);
    await hub.deps.sendWorker().send(held.keys);
    // Act
    const outcomes = await Promise.all(people.slice(0, 30).map((p) => recordSesNotifications(hub.deps, bounce(tagOf(p), p))));
    // Assess
    expect(outcomes.every((o) => o.paused === 0 && o.deliveries === 1)).toBe(true);
    const r = await report(id);
    expect(r.update.status).toBe('sent');
    expect(r.pause).toBeNull();
  }, HEAVY);

  it('transient bounces do not count towards the brake', async () => {
    // Prepare
    const { id, people, held, tagOf } = await plannedSend(200);
    await hub.deps.sendWorker().send(held.keys);
    // Act
    await Promise.all(people.slice(0, 40).map((p) => recordSesNotifications(hub.deps, bounce(tagOf(p), p, 'Transient'))));
    // Assess
    expect((await report(id)).update.status).toBe('sent');
  }, HEAVY);

  it('cancel during a send: nothing more is claimed, the queued ones are counted cancelled with the reason, and a resume is refused', async () => {
    // Prepare: 10 of 30 sent, one claimed by a worker that died
    const { id, people, held, keyOf } = await plannedSend(30);
    await hub.deps.sendWorker().send(held.keys.slice(0, 10));
    const stuck = held.keys[10]!;
    expect(await hub.deps.deliveries.claim(stuck, 'dead-worker', new Date(), 300)).toBeDefined();
    // Act
    const cancelled = await post(hub, `/api/admin/updates/${id}/cancel`, {}, cookie);
    // Assess: the 19 queued are cancelled at once; the one in flight is left to its claim
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled', cancelled: 19 });
    // Act: every key comes back to a worker, the stuck one after its lease ran out
    const later = new Date(Date.now() + 6 * 60_000);
    const outcome = await hub.deps.sendWorker({ now: () => later }).send(held.keys);
    // Assess: nothing sent; the stuck one is closed as cancelled; 10 emails in all
    expect(outcome).toMatchObject({ sent: 0, cancelled: 1 });
    expect((await received(people)).reduce((a, b) => a + b, 0)).toBe(10);
    expect((await hub.deps.deliveries.get(stuck))?.status).toBe('cancelled');
    expect((await hub.deps.deliveries.get(keyOf(people.find((p) => !held.keys.slice(0, 11).some((k) => k.recipientKey === keyOf(p).recipientKey))!)))?.reason).toMatch(/cancelled/);
    const r = await report(id);
    expect(r.update.status).toBe('cancelled');
    expect(r.totals.byStatus).toMatchObject({ sent: 10, cancelled: 20, queued: 0, sending: 0 });
    expect(r.notSent).toEqual({ cancelled: 20, reason: 'The update was cancelled before this email was sent.' });
    const resume = await post(hub, `/api/admin/updates/${id}/resume`, {}, cookie);
    expect(resume.status).toBe(409);
    expect(((await resume.json()) as { error: { message: string } }).error.message).toBe('Only a paused update can be resumed. It is cancelled.');
    const audit = (await (await hub.app.request('/api/admin/audit', { headers: browserHeaders(hub, cookie) })).json()) as { entries: { action: string; details: Record<string, string> }[] };
    expect(audit.entries.find((e) => e.action === 'update.cancelled')?.details).toMatchObject({ updateId: id, from: 'sent', cancelled: '19' });
  });

  it('a send paused while it was being planned stops planning, holds what it queued, and a resume plans the rest', async () => {
    // Prepare: five people, planned two at a time; the brake pauses the send once the first page is queued
    const country = countries.shift()!;
    const people = Array.from({ length: 5 }, () => uniqueEmail('planning'));
    await importCsv(hub, cookie, ['email,audience,country,topics', ...people.map((p) => `${p},research,${country},indicators`)].join('\n'));
    const id = await createUpdate(hub, cookie, { title: `Planning ${country}`, subject: 'Indicators', body: 'Body', targets: { audiences: ['research'], countries: [country] }, routes: { direct: true, networks: [] } });
    const held = holdingQueue();
    const deps: Deps = { ...hub.deps, sendQueue: held.queue };
    let pages = 0;
    // Act: planning, paused after its first page
    const planning = await startAndPlan(deps, id, {
      pageSize: 2,
      queue: async (update, planned) => {
        const queued = await planJobPorts(deps).queue(update, planned);
        if (planned.length > 0 && pages++ === 0) await hub.deps.updates.pause(id, { reason: 'complaints', at: new Date().toISOString(), sent: 300, permanentBounces: 0, complaints: 1 }, new Date());
        return queued;
      },
    });
    const outcome = await hub.deps.sendWorker().send(held.keys);
    // Assess: planning stopped, saying why; what it queued is held, nothing claimed, no plan recorded
    expect(planning).toMatchObject({ state: 'failed', error: { code: 'update_paused' } });
    expect(outcome).toMatchObject({ sent: 0, held: held.keys.length });
    const stored = await hub.deps.updates.getUpdate(id);
    expect(stored).toMatchObject({ status: 'paused' });
    expect(stored?.plannedAt).toBeUndefined();
    expect(await received(people)).toEqual(people.map(() => 0));
    // Act: resume
    const resumed = await post(hub, `/api/admin/updates/${id}/resume`, {}, cookie);
    await queueIdle(hub);
    // Assess: planned again from the top, everyone mailed once, the plan recorded
    expect(await resumed.json()).toMatchObject({ status: 'sending', requeued: 0, planning: { job: expect.any(String) } });
    expect(await received(people)).toEqual(people.map(() => 1));
    expect(await hub.deps.updates.getUpdate(id)).toMatchObject({ status: 'sent', recipients: 5 });
  });

  it('cancel of a send whose every email went out is refused with 409', async () => {
    // Prepare
    const { id, held } = await plannedSend(3);
    await hub.deps.sendWorker().send(held.keys);
    // Act
    const response = await post(hub, `/api/admin/updates/${id}/cancel`, {}, cookie);
    // Assess
    expect(response.status).toBe(409);
    expect((await report(id)).update.status).toBe('sent');
  });

  it('a member or a leader gets 403 on resume and cancel, a stranger 401, and nothing changes', async () => {
    // Prepare
    const { id } = await plannedSend(2);
    for (const act of ['resume', 'cancel']) expect((await post(hub, `/api/admin/updates/${id}/${act}`, {})).status).toBe(401);
    for (const role of ['member', 'leader'] as const) {
      for (const act of ['resume', 'cancel']) {
        // Act
        const response = await post(hub, `/api/admin/updates/${id}/${act}`, {}, roles[role]);
        // Assess
        expect(response.status, `${role} ${act}`).toBe(403);
      }
    }
    expect((await report(id)).update.status).toBe('sent');
  });
});
