import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { get, groupWithPeople, mailWithSubject, send, startThread } from '../../helpers/forums.ts';
import { post } from '../../helpers/session.ts';
import { runJob } from '../../../functions/api/jobs/index.ts';

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
    expect(first.sent).toBeGreaterThanOrEqual(3);
    expect(second.sent).toBe(0);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Digest topic');
    expect((await hub.inbox.waitFor(people.leader.email)).filter((m) => m.subject?.includes('Daily digest'))).toHaveLength(0);
  });

  it('sends a digest that failed on a later run of the same day, once', async () => {
    // Prepare: SES is down for the first run.
    const people = await groupWithPeople(hub);
    await startThread(hub, people.groupId, people.leader.cookie, 'Digest after an outage', 'Minutes of the call');
    const original = hub.deps.mailer.send;
    hub.deps.mailer.send = () => Promise.reject(new Error('SES is down'));
    let failedRun;
    try {
      failedRun = await runJob(hub.deps, 'digest');
    } finally {
      hub.deps.mailer.send = original;
    }
    // Act
    const retry = await runJob(hub.deps, 'digest');
    const again = await runJob(hub.deps, 'digest');
    // Assess
    expect(failedRun.failed).toBeGreaterThanOrEqual(3);
    expect(retry.sent).toBeGreaterThanOrEqual(3);
    expect(again.sent).toBe(0);
    const mails = (await mailWithSubject(hub, people.member.email, 'Daily digest')).filter((m) => m.text?.includes('Digest after an outage'));
    expect(mails).toHaveLength(1);
  });

  it('keeps the post when the mail cannot be sent', async () => {
    const people = await groupWithPeople(hub);
    const original = hub.deps.mailer.send;
    hub.deps.mailer.send = () => Promise.reject(new Error('SES is down'));
    try {
      const answer = await post(hub, `/api/groups/${people.groupId}/threads`, { title: 'Despite mail', body: 'Stored anyway' }, people.member.cookie);
      expect(answer.status).toBe(201);
      expect(await answer.json()).toMatchObject({ notified: 0 });
    } finally {
      hub.deps.mailer.send = original;
    }
  });
});
