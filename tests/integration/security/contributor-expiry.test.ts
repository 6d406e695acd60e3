import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, wallClock } from '../../helpers/agenda.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { addMember, browserHeaders, cookiesFrom, latestSignInToken, post, signIn } from '../../helpers/session.ts';

/**
 * "Roles end when they end": a contributor a leader added after a call for cooperation keeps
 * nothing once `until` has passed, whatever their open session says, and leaders can add nothing
 * but a time-limited contributor to the group they lead. Everything goes through the HTTP API;
 * the clock is the test's.
 */
const DAY = 86_400_000;
const realNow = () => new Date();
const clock = { now: realNow };
/** Moves the hub's clock `days` ahead of the real one (reset after each test). */
const travel = (days: number) => {
  clock.now = () => new Date(Date.now() + days * DAY);
};
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const A = { id: 'action-1', name: 'Action 1: Protection of unaccompanied minors' };
const B = { id: 'action-2', name: 'Action 2: Housing for newcomers' };
/** Countries no other expert here has, so each call reaches exactly the experts meant for it. */
const COUNTRY = { [A.id]: 'MT', [B.id]: 'LU' } as const;

let hub: TestHub;
const cookies: Record<string, string> = {};
const emails: Record<string, string> = {};
const callOf: Record<string, string> = {};
/** Experts who answered their group's call with interest: name → { email, expertId }. */
const experts: Record<string, { email: string; expertId: string }> = {};

async function linkToken(email: string, path: string) {
  const mails = await hub.inbox.waitFor(email, 1);
  for (const mail of [...mails].reverse()) {
    const token = new RegExp(`${path}#([A-Za-z0-9_-]+)`).exec(mail.text ?? '')?.[1];
    if (token) return token;
  }
  throw new Error(`no ${path} link for ${email}`);
}

/** An expert joins from a client of its own (the pool limits joins per client) and confirms. */
async function confirmedExpert(groupId: string) {
  const email = uniqueEmail('expert');
  const joined = await hub.app.request('/api/experts', {
    method: 'POST',
    headers: { ...browserHeaders(hub), 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250) + 1}` },
    body: JSON.stringify({
      email,
      name: 'Dr. Marta Borg',
      organisation: 'Institute for Migration Research',
      organisationType: 'research',
      audience: 'research',
      country: COUNTRY[groupId],
      languages: ['en'],
      topics: ['unaccompanied-minors'],
      profile: 'Researches guardianship of unaccompanied minors.',
      consent: true,
    }),
  });
  expect(joined.status).toBe(202);
  expect((await post(hub, '/api/experts/confirm', { token: await linkToken(email, '/experts/confirm/') })).status).toBe(200);
  return email;
}

/** The leader of `groupId` writes and sends a call; each named expert answers it with interest. */
async function answeredCall(groupId: string, leaderCookie: string, names: string[]) {
  const pending = await Promise.all(names.map(async (name) => ({ name, email: await confirmedExpert(groupId) })));
  const written = await post(
    hub,
    `/api/groups/${groupId}/calls`,
    { title: 'Guardianship beyond eighteen', body: 'Tell us what worked in your city.', topics: ['unaccompanied-minors'], countries: [COUNTRY[groupId]], deadline: inDays(7) },
    leaderCookie,
  );
  const { id } = (await written.json()) as { id: string };
  expect((await post(hub, `/api/groups/${groupId}/calls/${id}/send`, {}, leaderCookie)).status).toBe(202);
  for (const { email } of pending) {
    await hub.inbox.waitFor(email, 2);
    const token = await linkToken(email, '/experts/answer/');
    expect((await post(hub, `/api/calls/${id}/responses`, { token, interested: true, message: 'Glad to help.' })).status).toBeLessThan(300);
  }
  const view = (await (await hub.app.request(`/api/groups/${groupId}/calls/${id}`, { headers: { cookie: leaderCookie } })).json()) as {
    responses: { expertId: string; email: string }[];
  };
  for (const { name, email } of pending) experts[name] = { email, expertId: view.responses.find((r) => r.email === email)!.expertId };
  callOf[groupId] = id;
}

const invite = (groupId: string, body: Record<string, unknown>, cookie: string | undefined, callId = callOf[groupId]) =>
  post(hub, `/api/groups/${groupId}/calls/${callId}/contributors`, body, cookie);
const get = (path: string, cookie: string) => hub.app.request(path, { headers: { cookie } });
const groupsOf = async (email: string) => (await hub.deps.partnership.groupsOf(email)).map((m) => ({ groupId: m.groupId, role: m.role }));

/** Asks for a sign-in and uses the emailed link in the same browser; answers both responses. */
async function tryToSignIn(email: string) {
  const before = (await hub.inbox.to(email)).length;
  const login = await post(hub, '/api/auth/login', { email });
  // The login answers after its email (if any) was handed to SES, so the inbox already has it.
  const arrived = (await hub.inbox.to(email)).length > before;
  const verify = arrived ? await post(hub, '/api/auth/verify', { token: (await latestSignInToken(hub, email, before + 1)).token }, cookiesFrom(login)) : undefined;
  return { login, arrived, verify };
}

beforeAll(async () => {
  // The clock jumps past the contribution's end while sessions stay open: the idle timeout is tested elsewhere.
  hub = await createTestHub({ SESSION_IDLE_HOURS: String(365 * 24) }, { now: () => clock.now() });
  for (const g of [A, B]) await hub.deps.partnership.addGroup({ ...g, description: '', archived: false, createdAt: new Date().toISOString() });
  emails.secretariat = await addMember(hub, { secretariat: true });
  emails.leaderA = await addMember(hub, { groups: [{ groupId: A.id, role: 'leader' }] });
  emails.leaderB = await addMember(hub, { groups: [{ groupId: B.id, role: 'leader' }] });
  emails.memberA = await addMember(hub, { groups: [{ groupId: A.id, role: 'member' }] });
  for (const role of ['secretariat', 'leaderA', 'leaderB', 'memberA']) cookies[role] = await signIn(hub, emails[role]!);
  await answeredCall(A.id, cookies.leaderA!, ['contributor', 'lasting', 'farFuture', 'byMember', 'regular', 'again']);
  await answeredCall(B.id, cookies.leaderB!, ['inB']);

  // The contributor of the lifecycle tests: ten days in group A, signed in while that runs.
  const invited = await invite(A.id, { expertId: experts.contributor!.expertId, until: inDays(10) }, cookies.leaderA);
  expect(invited.status).toBe(201);
  cookies.contributor = await signIn(hub, experts.contributor!.email);
});
afterEach(() => {
  clock.now = realNow;
});
afterAll(() => hub.dispose());

describe('a contributor after `until`', () => {
  it('sees members-only events and their online link while the contribution runs, and nothing after', async () => {
    // Prepare
    const online = 'https://meet.example.org/guardianship';
    const id = await createEvent(hub, cookies.secretariat!, { visibility: 'members', online, start: wallClock(20, 9), end: wallClock(20, 12), timeZone: 'UTC' });
    // Act
    const list = await get('/api/events', cookies.contributor!);
    const page = await get(`/api/events/${id}`, cookies.contributor!);
    travel(11);
    const listAfter = await get('/api/events', cookies.contributor!);
    const pageAfter = await get(`/api/events/${id}`, cookies.contributor!);
    // Assess
    const upcoming = ((await list.json()) as { upcoming: { id: string; online?: string }[] }).upcoming;
    expect(upcoming.find((e) => e.id === id)).toMatchObject({ online });
    expect(await page.json()).toMatchObject({ id, online });
    expect(listAfter.status).toBe(401);
    expect(pageAfter.status).toBe(401);
    expect(JSON.stringify(await pageAfter.json())).not.toContain(online);
  });

  it('drops members-only events from the calendar feed, whose address stops answering', async () => {
    // Prepare: a seat at a members' event, and a feed address taken while the contribution runs.
    const id = await createEvent(hub, cookies.secretariat!, { title: 'Members-only guardianship clinic', visibility: 'members', online: 'https://meet.example.org/clinic', start: wallClock(5, 9), end: wallClock(5, 12), timeZone: 'UTC' });
    expect((await post(hub, `/api/events/${id}/registration`, {}, cookies.contributor)).status).toBeLessThan(300);
    const { url } = (await (await post(hub, '/api/calendar-feed', {}, cookies.contributor)).json()) as { url: string };
    const path = new URL(url).pathname;
    // Act
    const feed = await hub.app.request(path);
    travel(11);
    const feedAfter = await hub.app.request(path);
    // Assess
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('Members-only guardianship clinic');
    expect(feedAfter.status).toBe(404);
    expect(await feedAfter.text()).not.toContain('Members-only guardianship clinic');
  });

  it('submits a developments report while the contribution runs, and cannot after', async () => {
    // Prepare: a seat at an event that takes place during the contribution.
    const id = await createEvent(hub, cookies.secretariat!, { visibility: 'members', start: wallClock(2, 9), end: wallClock(2, 12), timeZone: 'UTC' });
    expect((await post(hub, `/api/events/${id}/registration`, {}, cookies.contributor)).status).toBeLessThan(300);
    const report = { whatHappened: 'Valletta and Athens compared guardianship after eighteen.', actions: [1], links: [], followUp: '' };
    // Act
    travel(3);
    const during = await post(hub, `/api/events/${id}/report`, report, cookies.contributor);
    travel(11);
    const after = await post(hub, `/api/events/${id}/report`, { ...report, whatHappened: 'Rewritten after the contribution ended.' }, cookies.contributor);
    // Assess
    expect(during.status).toBe(201);
    expect(after.status).toBe(401);
    const stored = await hub.deps.reports.getReport(((await during.json()) as { id: string }).id);
    expect(stored?.whatHappened).toBe(report.whatHappened);
  });

  it('proposes experts while the contribution runs, and mails no third party after', async () => {
    // Prepare
    const proposal = (email: string) => ({ email, name: 'Ana Vella', organisation: 'Malta Guardianship Office', organisationType: 'national-authority', audience: 'national-authority', country: 'MT', languages: ['en'], topics: ['education'], profile: 'Runs guardianship for minors in Malta.' });
    const first = uniqueEmail('proposed');
    const second = uniqueEmail('proposed');
    // Act
    const during = await post(hub, '/api/experts/proposals', proposal(first), cookies.contributor);
    travel(11);
    const after = await post(hub, '/api/experts/proposals', proposal(second), cookies.contributor);
    // Assess
    expect(during.status).toBe(202);
    expect(await hub.inbox.waitFor(first, 1)).toHaveLength(1);
    expect(after.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await hub.inbox.to(second)).toHaveLength(0);
    expect(await hub.deps.experts.expertIdByEmail(second)).toBeUndefined();
  });

  it('reads and posts in the group forum while the contribution runs, and neither after', async () => {
    // Act
    const thread = await post(hub, `/api/groups/${A.id}/threads`, { title: 'Guardianship notes', body: 'What we saw in Valletta.' }, cookies.contributor);
    const read = await get(`/api/groups/${A.id}/threads`, cookies.contributor!);
    travel(11);
    const readAfter = await get(`/api/groups/${A.id}/threads`, cookies.contributor!);
    const postAfter = await post(hub, `/api/groups/${A.id}/threads`, { title: 'After the end', body: 'Should not appear.' }, cookies.contributor);
    // Assess
    expect(thread.status).toBe(201);
    expect(read.status).toBe(200);
    expect(readAfter.status).toBe(401);
    expect(postAfter.status).toBe(401);
    const { threads } = (await (await get(`/api/groups/${A.id}/threads`, cookies.leaderA!)).json()) as { threads: { title: string }[] };
    expect(threads.map((t) => t.title)).not.toContain('After the end');
  });

  it('answers /api/me with the contribution while it runs, and 401 after: the old session grants nothing', async () => {
    // Act
    const me = await get('/api/me', cookies.contributor!);
    travel(11);
    const meAfter = await get('/api/me', cookies.contributor!);
    // Assess
    expect(await me.json()).toMatchObject({ email: experts.contributor!.email, groups: [{ id: A.id, role: 'contributor' }] });
    expect(meAfter.status).toBe(401);
  });

  it('is refused a new session after `until`, also once TTL has removed the membership; members with no group still sign in', async () => {
    // Prepare: a member the secretariat registered without any group yet.
    const ungrouped = await addMember(hub);
    const stranger = uniqueEmail('stranger');
    travel(11);
    // Act
    const strangerLogin = await post(hub, '/api/auth/login', { email: stranger });
    const expired = await tryToSignIn(experts.contributor!.email);
    // DynamoDB removes an ended membership by TTL, leaving the person with none at all.
    await hub.deps.groupAdmin.removeMembership(A.id, experts.contributor!.email);
    const afterTtl = await tryToSignIn(experts.contributor!.email);
    const member = await tryToSignIn(ungrouped);
    // Assess: the same 202 as for a stranger, and no session comes of it.
    expect(expired.login.status).toBe(202);
    expect(await expired.login.json()).toEqual(await strangerLogin.json());
    for (const attempt of [expired, afterTtl]) {
      expect(attempt.verify?.status ?? 'no email').not.toBe(200);
      expect(attempt.verify ? cookiesFrom(attempt.verify) : '').not.toContain('hub_session');
    }
    expect(member.verify?.status).toBe(200);
  });
});

describe('what a leader can grant through inviteContributor', () => {
  it('adds nobody to another group, whichever call is named', async () => {
    // Act
    const withCallOfB = await invite(B.id, { expertId: experts.inB!.expertId, until: inDays(10) }, cookies.leaderA);
    const withCallOfA = await invite(B.id, { expertId: experts.lasting!.expertId, until: inDays(10) }, cookies.leaderA, callOf[A.id]);
    // Assess
    expect(withCallOfB.status).toBe(404);
    expect(withCallOfA.status).toBe(404);
    expect(await groupsOf(experts.inB!.email)).toEqual([]);
    expect(await groupsOf(experts.lasting!.email)).toEqual([]);
  });

  it('gives no role but contributor and always an end, saying which field is wrong', async () => {
    // Act
    const asMember = await invite(A.id, { expertId: experts.lasting!.expertId, role: 'member', until: inDays(10) }, cookies.leaderA);
    const asLeader = await invite(A.id, { expertId: experts.lasting!.expertId, role: 'leader', until: inDays(10) }, cookies.leaderA);
    const withoutEnd = await invite(A.id, { expertId: experts.lasting!.expertId, role: 'contributor' }, cookies.leaderA);
    const withMore = await invite(A.id, { expertId: experts.lasting!.expertId, until: inDays(10), secretariat: true }, cookies.leaderA);
    // Assess
    expect(asMember.status).toBe(400);
    expect(await asMember.json()).toMatchObject({ error: { details: [{ path: 'role', message: expect.stringMatching(/contributors only/) }] } });
    expect(asLeader.status).toBe(400);
    expect(withoutEnd.status).toBe(400);
    expect(await withoutEnd.json()).toMatchObject({ error: { details: [{ path: 'until' }] } });
    expect(withMore.status).toBe(400);
    expect(await withMore.json()).toMatchObject({ error: { details: [{ message: expect.stringMatching(/secretariat/) }] } });
    expect(await groupsOf(experts.lasting!.email)).toEqual([]);
    expect(await hub.deps.partnership.getMember(experts.lasting!.email)).toBeUndefined();
  });

  it('refuses an end further than a year ahead, or already past, naming the latest allowed', async () => {
    // Act
    const farFuture = await invite(A.id, { expertId: experts.farFuture!.expertId, until: inDays(2 * 365) }, cookies.leaderA);
    const past = await invite(A.id, { expertId: experts.farFuture!.expertId, until: inDays(-1) }, cookies.leaderA);
    // Assess
    expect(farFuture.status).toBe(422);
    expect(await farFuture.json()).toMatchObject({ error: { message: expect.stringMatching(/at most 365 days/), details: { field: 'until', latest: expect.any(String) } } });
    expect(past.status).toBe(422);
    expect(await groupsOf(experts.farFuture!.email)).toEqual([]);
  });

  it('lets no member who does not lead the group add anyone', async () => {
    // Act
    const answer = await invite(A.id, { expertId: experts.byMember!.expertId, until: inDays(10) }, cookies.memberA);
    // Assess
    expect(answer.status).toBe(403);
    expect(await groupsOf(experts.byMember!.email)).toEqual([]);
  });

  it('extends a contributor invited again, and never touches a regular member of the group', async () => {
    // Prepare: one respondent is already a regular member of group A; another is a contributor for ten days.
    await addMember(hub, { email: experts.regular!.email, groups: [{ groupId: A.id, role: 'member' }] });
    expect((await invite(A.id, { expertId: experts.again!.expertId, until: inDays(10) }, cookies.leaderA)).status).toBe(201);
    const session = await signIn(hub, experts.again!.email);
    // Act
    const regular = await invite(A.id, { expertId: experts.regular!.expertId, until: inDays(10) }, cookies.leaderA);
    const again = await invite(A.id, { expertId: experts.again!.expertId, until: inDays(30) }, cookies.leaderA);
    travel(20);
    const meLater = await get('/api/me', session);
    // Assess
    expect(regular.status).toBe(409);
    expect(await regular.json()).toMatchObject({ error: { details: { role: 'member' } } });
    expect(await groupsOf(experts.regular!.email)).toEqual([{ groupId: A.id, role: 'member' }]);
    expect((await hub.deps.partnership.getMember(experts.regular!.email))?.contributorUntil).toBeUndefined();
    expect(again.status).toBe(201);
    expect(meLater.status).toBe(200);
    expect(await meLater.json()).toMatchObject({ groups: [{ id: A.id, role: 'contributor' }] });
  });
});
