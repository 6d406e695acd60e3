import { PutCommand } from '../../../functions/adapters/dynamodb/document-client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/adapters/dynamodb/partnership-store.ts';
import { runJob } from '../../../functions/jobs/index.ts';
import { addGroup, openSession, request } from '../../helpers/agenda.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { addMember, post } from '../../helpers/session.ts';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

const meeting = {
  body: 'EUROCITIES Working Group on Migration and Integration',
  bodyKind: 'city-network',
  meetingTitle: 'Spring meeting of the working group',
  date: daysAgo(3),
  place: 'Brussels',
  whatHappened: 'Cities compared their reception of Ukrainian families and planned a joint statement.',
  actions: [2],
  links: ['https://example.org/eurocities-minutes'],
  followUp: 'Share our guardianship findings with the working group.',
  workingOn: 'A joint statement on housing for refugees, due before the summer.',
};

describe('outside meetings: report, review, brief and connections', () => {
  const clock = { now: () => new Date() };
  let hub: TestHub;
  let secretariat: string;
  let member: string;
  let memberEmail: string;
  beforeAll(async () => {
    hub = await createTestHub({ SESSION_IDLE_HOURS: String(365 * 24) }, { now: () => clock.now() });
    await addGroup(hub);
    secretariat = await openSession(hub, await addMember(hub, { secretariat: true }));
    memberEmail = await addMember(hub, { name: 'Eleni Papadaki', groups: [{ groupId: 'action-1', role: 'member' }] });
    member = await openSession(hub, memberEmail);
  });
  afterAll(() => hub.dispose());

  it('takes a member\'s outside report into the review queue, then the brief and the connections overview once accepted', async () => {
    // Prepare
    const submitted = await post(hub, '/api/outside-reports', meeting, member);
    const report = (await submitted.json()) as { id: string; status: string; eventTitle: string; outside: { body: string } };
    const queue = (await (await request(hub, 'GET', '/api/admin/reports', secretariat)).json()) as { reports: { id: string }[] };
    const before = (await (await request(hub, 'GET', '/api/connections', member)).json()) as { connections: unknown[] };
    // Act
    const reviewed = await post(hub, `/api/admin/reports/${report.id}/review`, { decision: 'accepted', note: 'For the autumn plenary.' }, secretariat);
    const brief = await (await request(hub, 'GET', `/api/admin/brief.md?from=${daysAgo(10)}&to=${inDays(1)}`, secretariat)).text();
    const overview = (await (await request(hub, 'GET', '/api/connections', member)).json()) as {
      connections: { body: string; bodyKind: string; lastMet: string; gap: boolean; meetings: { title: string; attendee: { name: string } }[]; workingOn: { text: string }[] }[];
      gaps: { kindsWithoutConnection: string[] };
    };
    const csv = await request(hub, 'GET', '/api/connections.csv', secretariat);
    // Assess
    expect(submitted.status).toBe(201);
    expect(report).toMatchObject({ status: 'pending', eventTitle: meeting.meetingTitle, outside: { body: meeting.body } });
    expect(queue.reports.map((r) => r.id)).toContain(report.id);
    expect(before.connections).toEqual([]);
    expect(reviewed.status).toBe(200);
    expect(brief).toContain('## Action 2');
    expect(brief).toContain(`### ${meeting.meetingTitle}`);
    expect(brief).toContain(`Outside meeting with ${meeting.body} · ${meeting.date}`);
    expect(brief).toContain('> A joint statement on housing for refugees');
    expect(overview.connections).toEqual([
      expect.objectContaining({
        body: meeting.body,
        bodyKind: 'city-network',
        lastMet: meeting.date,
        gap: false,
        meetings: [expect.objectContaining({ title: meeting.meetingTitle, attendee: expect.objectContaining({ name: 'Eleni Papadaki' }) })],
        workingOn: [expect.objectContaining({ text: meeting.workingOn })],
      }),
    ]);
    expect(overview.gaps.kindsWithoutConnection).toEqual(['eu-body', 'international-organisation', 'ngo-network']);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toContain(`${meeting.body},City network,${meeting.date},no,${meeting.date},${meeting.meetingTitle},Eleni Papadaki`);
  });

  it('keeps pending and rejected outside reports out of the overview', async () => {
    const pending = (await (await post(hub, '/api/outside-reports', { ...meeting, body: 'OECD Champion Mayors' }, member)).json()) as { id: string };
    const rejected = (await (await post(hub, '/api/outside-reports', { ...meeting, body: 'European Integration Network' }, member)).json()) as { id: string };
    await post(hub, `/api/admin/reports/${rejected.id}/review`, { decision: 'rejected', note: 'Not a partnership matter.' }, secretariat);
    const overview = (await (await request(hub, 'GET', '/api/connections', member)).json()) as { connections: { body: string }[] };
    expect(pending.id).toMatch(/^outside-/);
    expect(overview.connections.map((c) => c.body)).toEqual([meeting.body]);
  });

  it('refuses bad input, naming each field, and a meeting still to come', async () => {
    const bad = await post(hub, '/api/outside-reports', { ...meeting, body: '', bodyKind: 'club', date: '31/01/2027', whatHappened: 'short' }, member);
    const future = await post(hub, '/api/outside-reports', { ...meeting, date: inDays(2) }, member);
    expect(bad.status).toBe(400);
    const paths = ((await bad.json()) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body', 'bodyKind', 'date', 'whatHappened']));
    expect(future.status).toBe(422);
    expect(await future.json()).toMatchObject({ error: { details: { field: 'date', reason: 'future' } } });
  });

  it('refuses someone signed out, a contributor whose contribution has ended, and a member setting the request', async () => {
    const contributor = uniqueEmail('contributor');
    const until = new Date(Date.now() + DAY).toISOString();
    await hub.deps.partnership.addMember({ email: contributor, name: 'Short-term contributor', organisation: 'NGO', language: 'en', secretariat: false, contributorUntil: until, createdAt: new Date().toISOString() });
    await hub.deps.partnership.addMembership({ groupId: 'action-1', email: contributor, role: 'contributor', since: new Date().toISOString(), until });
    const cookie = await openSession(hub, contributor);
    const whileActive = await post(hub, '/api/outside-reports', { ...meeting, body: 'CEMR' }, cookie);
    clock.now = () => new Date(Date.now() + 2 * DAY);
    const lapsed = await post(hub, '/api/outside-reports', { ...meeting, body: 'CEMR' }, cookie);
    const lapsedOverview = await request(hub, 'GET', '/api/connections', cookie);
    clock.now = () => new Date();
    const anonymous = await post(hub, '/api/outside-reports', meeting);
    const memberSets = await request(hub, 'POST', '/api/admin/outside-request', member, { every: 'month' });
    expect(whileActive.status).toBe(201);
    expect(lapsed.status).toBe(401);
    expect(lapsedOverview.status).toBe(401);
    expect(anonymous.status).toBe(401);
    expect(memberSets.status).toBe(403);
  });
});

describe('outside meetings: the regular request', () => {
  const clock = { now: () => new Date() };
  let hub: TestHub;
  let secretariat: string;
  let secretariatEmail: string;
  beforeAll(async () => {
    hub = await createTestHub({ SESSION_IDLE_HOURS: String(365 * 24) }, { now: () => clock.now() });
    await addGroup(hub);
    secretariatEmail = await addMember(hub, { secretariat: true });
    secretariat = await openSession(hub, secretariatEmail);
  });
  afterAll(() => hub.dispose());

  it('mails each active member once a period, however often the job runs, and nobody while it is off', async () => {
    // Prepare: two members of a group, one in no group yet, the secretariat (in no group), and a
    // contributor whose contribution has ended
    const inNoGroup = await addMember(hub);
    const members = [await addMember(hub, { groups: [{ groupId: 'action-1', role: 'member' }] }), await addMember(hub, { groups: [{ groupId: 'action-1', role: 'leader' }] }), inNoGroup, secretariatEmail];
    const ended = uniqueEmail('ended');
    const endedAt = new Date(Date.now() - DAY).toISOString();
    await hub.deps.partnership.addMember({ email: ended, name: 'Past contributor', organisation: 'NGO', language: 'en', secretariat: false, contributorUntil: endedAt, createdAt: endedAt });
    await hub.deps.partnership.addMembership({ groupId: 'action-1', email: ended, role: 'contributor', since: endedAt, until: endedAt });
    const off = await runJob(hub.deps, 'outside-request');
    const bad = await request(hub, 'POST', '/api/admin/outside-request', secretariat, { every: 'weeks', weeks: 0 });
    const set = await request(hub, 'POST', '/api/admin/outside-request', secretariat, { every: 'month' });
    // Act: twice at once, then again
    const runs = await Promise.all([runJob(hub.deps, 'outside-request'), runJob(hub.deps, 'outside-request')]);
    const again = await runJob(hub.deps, 'outside-request');
    // Assess
    expect(off).toEqual({ due: 0, queued: 0, skipped: 0, suppressed: 0 });
    expect(bad.status).toBe(400);
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ setting: { every: 'month' }, currentPeriod: new Date().toISOString().slice(0, 7) });
    expect(runs.reduce((n, r) => n + r.queued!, 0)).toBe(4);
    expect(again).toMatchObject({ due: 1, queued: 0, skipped: 4 });
    for (const email of members) {
      const mails = await hub.inbox.waitFor(email, 1);
      expect(mails.map((m) => m.subject)).toEqual(['Your outside meetings: a two-minute report']);
      expect(mails[0]!.text).toContain(`${hub.config.BASE_URL}/members/outside/`);
    }
    // The next period asks again.
    clock.now = () => new Date(Date.now() + 32 * DAY);
    expect((await runJob(hub.deps, 'outside-request')).queued).toBe(4);
    clock.now = () => new Date();
    expect((await hub.inbox.waitFor(ended, 0)).length).toBe(0);
    const audit = (await (await request(hub, 'GET', '/api/admin/audit', secretariat)).json()) as { entries: { action: string; details: Record<string, string> }[] };
    expect(audit.entries.find((e) => e.action === 'outside-request.changed')).toMatchObject({ details: { every: 'month' } });
  }, 60_000);

  it('reaches, through their group, a member whose profile was stored before the list of members existed', async () => {
    // Prepare: a profile as it was written before (no list entry), in a group; the request is on.
    const earlier = uniqueEmail('earlier');
    const { gsi1pk: _pk, gsi1sk: _sk, ...profile } = { ...keys.member(earlier), ...keys.everyMember(earlier), type: 'member', email: earlier, name: 'Earlier member', organisation: 'City of Athens', language: 'en', secretariat: false, createdAt: new Date().toISOString() };
    await hub.deps.table.documents.send(new PutCommand({ TableName: hub.deps.table.name, Item: profile }));
    await hub.deps.partnership.addMembership({ groupId: 'action-1', email: earlier, role: 'member', since: new Date().toISOString() });
    clock.now = () => new Date(Date.now() + 64 * DAY);
    // Act
    const run = await runJob(hub.deps, 'outside-request').finally(() => (clock.now = () => new Date()));
    // Assess
    expect((await hub.deps.partnership.listMembers()).map((m) => m.email)).not.toContain(earlier);
    expect(run.queued).toBeGreaterThanOrEqual(1);
    expect((await hub.inbox.waitFor(earlier, 1)).map((m) => m.subject)).toEqual(['Your outside meetings: a two-minute report']);
  }, 60_000);
});
