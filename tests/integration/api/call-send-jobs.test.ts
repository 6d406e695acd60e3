import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callSendPorts, sendCall } from '../../../functions/api/services/experts.ts';
import { sendQueuedMail } from '../../../functions/api/services/outbox.ts';
import { callEmailKey, callSendStep, CALL_SEND_JOB, type CallSendPorts } from '../../../functions/core/experts/send-job.ts';
import type { Expert } from '../../../functions/core/experts/expert.ts';
import { RuleViolationError } from '../../../functions/core/errors.ts';
import { createJobRunner, type JobMessage } from '../../../functions/core/jobs/job.ts';
import type { OutboxKey } from '../../../functions/core/outbox/message.ts';
import { outboxMessageBatches } from '../../../functions/adapters/sqs/send-queue.ts';
import { demoGroups } from '../../../functions/local/demo-data.ts';
import { expertApplication } from '../../helpers/experts.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { holdingOutbox, queueIdle } from '../../helpers/mail-pipeline.ts';
import { addMember, browserHeaders, post, signIn } from '../../helpers/session.ts';

type SendJob = { kind: string; state: string; processed: number; total: number; matches: number; sent: number; alreadySent: number; suppressed: number; callId: string; error?: { code: string } };

const group = demoGroups()[0]!;
let hub: TestHub;
const cookies: Record<'leader' | 'secretariat' | 'member' | 'observer', string> = { leader: '', secretariat: '', member: '', observer: '' };
let leaderEmail = '';

/** Confirmed experts straight into the pool (the join and confirm pages are tested elsewhere): `n` of them, in `country`. */
async function pool(n: number, country: string) {
  const at = new Date().toISOString();
  const experts: Expert[] = [];
  for (let i = 0; i < n; i++) {
    const { consent: _consent, ...application } = expertApplication({ email: uniqueEmail('pool'), country, topics: ['unaccompanied-minors'] });
    const expert: Expert = { ...(application as Omit<Expert, 'id'>), id: randomUUID(), status: 'confirmed', acceptsCalls: true, calledCount: 0, answeredCount: 0, createdAt: at, updatedAt: at };
    await hub.deps.experts.addExpert(expert);
    experts.push(expert);
  }
  return experts;
}

async function writeCall(country: string) {
  const draft = {
    title: `Guardianship in ${country} ${randomUUID().slice(0, 6)}`,
    body: 'We look for experience with guardianship that continues after a young person turns eighteen.',
    topics: ['unaccompanied-minors'],
    countries: [country],
    deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  };
  const written = await post(hub, `/api/groups/${group.id}/calls`, draft, cookies.leader);
  expect(written.status).toBe(201);
  return { id: ((await written.json()) as { id: string }).id, title: draft.title };
}

const follow = async (location: string, cookie = cookies.leader) => (await hub.app.request(location, { headers: { cookie } })).json() as Promise<SendJob>;

/** The call's emails each expert received, once the queues are idle. */
async function callMails(experts: readonly Expert[], title: string) {
  await queueIdle(hub);
  await hub.deps.outboxQueue.idle?.();
  return Promise.all(experts.map(async (e) => (await hub.inbox.to(e.email)).filter((m) => m.subject === `Call for cooperation: ${title}`).length));
}

/** A job queue that only holds what it is given, so a test decides when each chunk runs, and how. */
function heldQueue() {
  const messages: JobMessage[] = [];
  return { messages, queue: { kind: 'in-process' as const, enqueue: async (m: JobMessage) => void messages.push(m) } };
}

beforeAll(async () => {
  hub = await createTestHub();
  await hub.deps.partnership.addGroup(group);
  leaderEmail = await addMember(hub, { groups: [{ groupId: group.id, role: 'leader' }] });
  cookies.leader = await signIn(hub, leaderEmail);
  cookies.secretariat = await signIn(hub, await addMember(hub, { secretariat: true }));
  cookies.member = await signIn(hub, await addMember(hub, { groups: [{ groupId: group.id, role: 'member' }] }));
  cookies.observer = await signIn(hub, await addMember(hub, { groups: [{ groupId: group.id, role: 'observer' }] }));
});
afterAll(() => hub.dispose());

describe('a call for cooperation is sent by a job', () => {
  it('answers 202 with the Location of its job to a leader and to the secretariat; the job ends with each expert mailed once', async () => {
    // Prepare: twelve experts in a country no other test of this file uses.
    const experts = await pool(12, 'PT');
    const first = await writeCall('PT');
    const second = await writeCall('PT');
    // Act
    const byLeader = await post(hub, `/api/groups/${group.id}/calls/${first.id}/send`, {}, cookies.leader);
    const bySecretariat = await post(hub, `/api/groups/${group.id}/calls/${second.id}/send`, {}, cookies.secretariat);
    const started = (await byLeader.json()) as { call: string; job: string; state: string; location: string; matches: number };
    const mails = await callMails(experts, first.title);
    const job = await follow(started.location);
    const sameJobForSecretariat = await follow(started.location, cookies.secretariat);
    const asAdminJob = (await (await hub.app.request(`/api/admin/jobs/${started.job}`, { headers: { cookie: cookies.secretariat } })).json()) as SendJob;
    const view = (await (await hub.app.request(`/api/groups/${group.id}/calls/${first.id}`, { headers: { cookie: cookies.leader } })).json()) as { call: { status: string; sentCount: number; sentAt: string }; sentCount: number };
    // Assess
    expect(byLeader.status).toBe(202);
    expect(bySecretariat.status).toBe(202);
    expect(byLeader.headers.get('location')).toBe(started.location);
    expect(started).toMatchObject({ call: first.id, state: 'running', matches: 12, location: `/api/groups/${group.id}/calls/${first.id}/jobs/${started.job}` });
    expect(bySecretariat.headers.get('location')).toMatch(new RegExp(`^/api/groups/${group.id}/calls/${second.id}/jobs/j`));
    expect(job).toMatchObject({ kind: CALL_SEND_JOB, state: 'done', processed: 12, total: 12, matches: 12, sent: 12, alreadySent: 0, suppressed: 0, callId: first.id });
    expect(sameJobForSecretariat).toEqual(job);
    expect(asAdminJob).toMatchObject({ kind: CALL_SEND_JOB, sent: 12, processed: 12 });
    expect(mails).toEqual(experts.map(() => 1));
    expect(view.call).toMatchObject({ status: 'sent', sentCount: 12, sentAt: expect.any(String) });
    expect(view.sentCount).toBe(12);
    expect((await hub.deps.experts.getExpert(experts[0]!.id))?.calledCount).toBe(2);
  }, 60_000);

  it('refuses members and observers (403) and a closed call (422), and shows a job only under its own call', async () => {
    // Prepare
    const call = await writeCall('ES');
    const other = await writeCall('ES');
    // Act
    const member = await post(hub, `/api/groups/${group.id}/calls/${call.id}/send`, {}, cookies.member);
    const observer = await post(hub, `/api/groups/${group.id}/calls/${call.id}/send`, {}, cookies.observer);
    const started = (await (await post(hub, `/api/groups/${group.id}/calls/${call.id}/send`, {}, cookies.leader)).json()) as { job: string };
    const underOther = await hub.app.request(`/api/groups/${group.id}/calls/${other.id}/jobs/${started.job}`, { headers: { cookie: cookies.leader } });
    const byMember = await hub.app.request(`/api/groups/${group.id}/calls/${call.id}/jobs/${started.job}`, { headers: { cookie: cookies.member } });
    const closed = await sendCall({ ...hub.deps, now: () => new Date(Date.now() + 8 * 86_400_000) }, { email: leaderEmail, secretariat: true, groups: [] } as never, group.id, other.id).catch((e: unknown) => e);
    // Assess
    expect([member.status, observer.status]).toEqual([403, 403]);
    expect(underOther.status).toBe(404);
    expect(byMember.status).toBe(403);
    expect(closed).toBeInstanceOf(RuleViolationError);
  });

  it('a worker killed mid-chunk, then the chunk run again: nobody twice, nobody missing, the counts exact', async () => {
    // Prepare: ten experts, four a chunk; in the second chunk the worker dies after recording the
    // emails, having marked one expert sent: three emails are recorded, their experts not marked.
    const experts = await pool(10, 'NL');
    const call = await writeCall('NL');
    const { messages, queue } = heldQueue();
    const started = await sendCall({ ...hub.deps, jobQueue: queue }, { email: leaderEmail, secretariat: true, groups: [] } as never, group.id, call.id);
    const ports: CallSendPorts = { ...callSendPorts(hub.deps), chunkSize: 4 };
    let marked = 0;
    const landing: Promise<unknown>[] = [];
    const experts$ = hub.deps.experts;
    const dyingDeps = {
      ...hub.deps,
      experts: {
        ...experts$,
        markSent: (...args: Parameters<typeof experts$.markSent>) => {
          const mark = ++marked > 1 ? Promise.reject(new Error('worker killed')) : experts$.markSent(...args);
          landing.push(mark.catch(() => undefined));
          return mark;
        },
      },
    };
    const dying: CallSendPorts = { ...callSendPorts(dyingDeps), chunkSize: 4 };
    const runner = (p: CallSendPorts) => createJobRunner({ jobs: hub.deps.jobs, queue, now: hub.deps.now, steps: { [CALL_SEND_JOB]: callSendStep(p) } });
    // Act
    await runner(ports).run(messages.shift()!);
    const killed = messages[0]!;
    await expect(runner(dying).run(killed)).rejects.toThrow('worker killed');
    // What the dead worker had under way lands (or not) before the chunk runs again.
    await Promise.all(landing);
    const stalled = await follow(started.location);
    while (messages.length) await runner(ports).run(messages.shift()!);
    const mails = await callMails(experts, call.title);
    // Assess
    expect(stalled).toMatchObject({ state: 'running', processed: 4, sent: 4 });
    expect(await follow(started.location)).toMatchObject({ state: 'done', processed: 10, total: 10, sent: 10, alreadySent: 0, suppressed: 0 });
    expect(mails).toEqual(experts.map(() => 1));
    const { sent } = await hub.deps.experts.callWithAnswers(call.id);
    expect(sent).toHaveLength(10);
    expect((await Promise.all(experts.map((e) => hub.deps.outbox.get(callEmailKey(call.id, e.email))))).map((m) => m?.status)).toEqual(experts.map(() => 'sent'));
    // An email recorded before the worker died is the one that goes: no second answer link was issued.
    const answerLinks = await Promise.all(experts.map(async (e) => (await hub.deps.experts.trailOf(e.id)).tokens.filter((t) => t.purpose === 'answer' && t.callId === call.id).length));
    expect(answerLinks).toEqual(experts.map(() => 1));
  }, 60_000);

  it('the same job message delivered twice, and every queue message of its emails twice: nobody twice', async () => {
    // Prepare
    const experts = await pool(7, 'BE');
    const call = await writeCall('BE');
    const { messages, queue } = heldQueue();
    const held = holdingOutbox();
    const deps = { ...hub.deps, jobQueue: queue, outboxQueue: { ...hub.deps.outboxQueue, ...held.queue } };
    const started = await sendCall(deps, { email: leaderEmail, secretariat: true, groups: [] } as never, group.id, call.id);
    const runner = createJobRunner({ jobs: hub.deps.jobs, queue, now: hub.deps.now, steps: { [CALL_SEND_JOB]: callSendStep({ ...callSendPorts(deps), chunkSize: 3 }) } });
    const seen: JobMessage[] = [];
    // Act: each message twice at once, then all of them once more.
    while (messages.length) {
      const message = messages.shift()!;
      seen.push(message);
      await Promise.all([runner.run(message), runner.run(message)]);
    }
    const again = await Promise.all(seen.map((m) => runner.run(m)));
    const keys: OutboxKey[] = held.keys;
    const records = outboxMessageBatches('https://sqs.example/send', [...keys, ...keys]).flatMap((b) => b.Entries!.map((e) => ({ messageId: e.Id!, body: e.MessageBody! })));
    await sendQueuedMail(hub.deps, { Records: records });
    await sendQueuedMail(hub.deps, { Records: records });
    const mails = await callMails(experts, call.title);
    // Assess
    expect(again.every((o) => o === 'stale')).toBe(true);
    expect(await follow(started.location)).toMatchObject({ state: 'done', processed: 7, sent: 7, alreadySent: 0 });
    expect(mails).toEqual(experts.map(() => 1));
  }, 60_000);

  it('send pressed twice: one job’s worth of emails, the second job counting them already sent', async () => {
    // Prepare
    const experts = await pool(5, 'AT');
    const call = await writeCall('AT');
    const send = () => post(hub, `/api/groups/${group.id}/calls/${call.id}/send`, {}, cookies.leader);
    // Act
    const presses = await Promise.all([send(), send()]);
    const started = (await Promise.all(presses.map((p) => p.json()))) as { location: string }[];
    const mails = await callMails(experts, call.title);
    const jobs = await Promise.all(started.map((s) => follow(s.location)));
    // Assess
    expect(presses.map((p) => p.status)).toEqual([202, 202]);
    expect(jobs.map((j) => j.state)).toEqual(['done', 'done']);
    expect(jobs[0]!.sent + jobs[1]!.sent).toBe(5);
    expect(jobs[0]!.alreadySent + jobs[1]!.alreadySent).toBe(5);
    expect(mails).toEqual(experts.map(() => 1));
    const view = (await (await hub.app.request(`/api/groups/${group.id}/calls/${call.id}`, { headers: browserHeaders(hub, cookies.leader) })).json()) as { call: { sentCount: number } };
    expect(view.call.sentCount).toBe(5);
  }, 60_000);
});
