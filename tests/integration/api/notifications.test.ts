import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { get, groupWithPeople, mailWithSubject, send, startThread } from '../../helpers/forums.ts';
import { post } from '../../helpers/session.ts';
import { holdingOutbox } from '../../helpers/mail-pipeline.ts';
import { MESSAGE_SHARDS } from '../../../functions/adapters/dynamodb/outbox-store.ts';
import { runJob } from '../../../functions/jobs/index.ts';
import { sweepOutbox } from '../../../functions/api/services/outbox.ts';

type People = Awaited<ReturnType<typeof groupWithPeople>>;
const settingsToken = (text: string) => /\/members\/notifications\/#([A-Za-z0-9_-]+)/.exec(text)?.[1];

describe('forum notifications', () => {
  const clock = { now: () => new Date() };
  let hub: TestHub;
  let g: People;
  beforeAll(async () => {
    hub = await createTestHub({}, { now: () => clock.now() });
    g = await groupWithPeople(hub);
  });
  afterAll(() => hub.dispose());

  it('emails the leader at once about a new thread, linking to the thread and a settings page', async () => {
    // Act
    const { thread } = await startThread(hub, g.groupId, g.member.cookie, 'Call for pilots', 'Who joins?');
    // Assess
    const [mail] = await mailWithSubject(hub, g.leader.email, 'New thread: Call for pilots');
    expect(mail!.text).toContain(`/members/thread/?id=${thread.id}`);
    expect(settingsToken(mail!.text ?? '')).toBeDefined();
    expect((await hub.inbox.waitFor(g.other.email)).filter((m) => m.subject?.includes('Call for pilots'))).toHaveLength(0);
  });

  it('never emails the author about their own post', async () => {
    const { thread } = await startThread(hub, g.groupId, g.leader.cookie, 'Leader note', 'FYI');
    await post(hub, `/api/threads/${thread.id}/posts`, { body: 'reply from member' }, g.member.cookie);
    const mails = await mailWithSubject(hub, g.leader.email, 'Leader note');
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining('Re: Leader note')]);
  });

  it('emails a mentioned member on the digest setting at once', async () => {
    const handle = g.other.email.split('@')[0];
    await startThread(hub, g.groupId, g.member.cookie, 'Mention test', `What do you think, @${handle}?`);
    const mails = await mailWithSubject(hub, g.other.email, 'You were mentioned');
    expect(mails[0]!.text).toContain('Mention test');
  });

  it('changes the setting from the email link only by POST, and the new setting holds', async () => {
    const [mail] = await mailWithSubject(hub, g.leader.email, 'New thread');
    const token = settingsToken(mail!.text ?? '')!;
    const inspected = await post(hub, '/api/notification-links/inspect', { token });
    const applied = await post(hub, '/api/notification-links/apply', { token, setting: 'off' });
    const now = await get(hub, `/api/groups/${g.groupId}/notifications`, g.leader.cookie);
    expect(await inspected.json()).toMatchObject({ email: g.leader.email, setting: 'immediate' });
    expect(await applied.json()).toMatchObject({ setting: 'off' });
    expect(await now.json()).toMatchObject({ setting: 'off' });
    await send(hub, 'PUT', `/api/groups/${g.groupId}/notifications`, { setting: 'immediate' }, g.leader.cookie);
  });

  it('refuses an unknown or malformed settings token', async () => {
    expect((await post(hub, '/api/notification-links/inspect', { token: 'x'.repeat(32) })).status).toBe(404);
    expect((await post(hub, '/api/notification-links/apply', { token: 'bad', setting: 'off' })).status).toBe(400);
    expect((await post(hub, '/api/notification-links/apply', { token: 'x'.repeat(32), setting: 'weekly' })).status).toBe(400);
  });

  it('sends each digest reader one email a day, even when the job runs twice', async () => {
    const people = await groupWithPeople(hub);
    await startThread(hub, people.groupId, people.leader.cookie, 'Digest topic', 'Agenda for March');
    const first = await runJob(hub.deps, 'digest');
    const second = await runJob(hub.deps, 'digest');
    const mails = await mailWithSubject(hub, people.member.email, 'Daily digest');
    expect(first.queued).toBeGreaterThanOrEqual(3);
    expect(second.queued).toBe(0);
    expect(second.skipped).toBeGreaterThanOrEqual(3);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Digest topic');
    expect((await hub.inbox.waitFor(people.leader.email)).filter((m) => m.subject?.includes('Daily digest'))).toHaveLength(0);
  });

  it('sends a digest SES could not take while it was down once it is back, and a later run of the day records nobody again', async () => {
    // Prepare: the day's digests recorded with the queue held; the worker that tries them finds SES down.
    const people = await groupWithPeople(hub);
    await startThread(hub, people.groupId, people.leader.cookie, 'Digest after an outage', 'Minutes of the call');
    const held = holdingOutbox();
    const deps = { ...hub.deps, outboxQueue: held.queue };
    const recorded = await runJob(deps, 'digest');
    const down = { send: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:443')) };
    const whileDown = await hub.deps.outboxWorker({ mailer: down }).send(held.keys);
    // Act: the job runs again the same day; later the sweeper hands the released digests to a worker.
    const again = await runJob(deps, 'digest');
    held.keys.length = 0;
    const later = new Date(Date.now() + 11 * 60_000);
    await sweepOutbox({ ...deps, now: () => later }, MESSAGE_SHARDS);
    const backUp = await hub.deps.outboxWorker({ now: () => later }).send(held.keys);
    // Assess
    expect(recorded.queued).toBeGreaterThanOrEqual(3);
    expect(whileDown).toMatchObject({ sent: 0, failed: 0 });
    expect(whileDown.retry).toHaveLength(recorded.queued!);
    expect(again.queued).toBe(0);
    expect(backUp.sent).toBeGreaterThanOrEqual(3);
    const mails = (await mailWithSubject(hub, people.member.email, 'Daily digest')).filter((m) => m.text?.includes('Digest after an outage'));
    expect(mails).toHaveLength(1);
  });

  it('keeps the post when its notifications cannot be queued, and the sweeper sends them later, once', async () => {
    // Prepare: the send queue refuses everything.
    const people = await groupWithPeople(hub);
    const original = hub.deps.outboxQueue.enqueueOutbox;
    hub.deps.outboxQueue.enqueueOutbox = () => Promise.reject(new Error('the send queue is down'));
    let answer: Response;
    try {
      // Act
      answer = await post(hub, `/api/groups/${people.groupId}/threads`, { title: 'Despite the queue', body: 'Stored anyway' }, people.member.cookie);
    } finally {
      hub.deps.outboxQueue.enqueueOutbox = original;
    }
    const swept = await runJob({ ...hub.deps, now: () => new Date(Date.now() + 11 * 60_000) }, 'sweeper');
    // Assess: the leader (the only one set to hear at once) is queued, and mailed after the sweep.
    expect(answer.status).toBe(201);
    expect(await answer.json()).toMatchObject({ notified: 1 });
    expect(swept.requeuedMessages).toBeGreaterThanOrEqual(1);
    expect(await mailWithSubject(hub, people.leader.email, 'New thread: Despite the queue')).toHaveLength(1);
  });
});
