import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessageBatches } from '../../../functions/adapters/sqs/send-queue.ts';
import { sendQueuedMail } from '../../../functions/api/services/outbox.ts';
import { recipientKeyOf } from '../../../functions/core/deliveries/delivery.ts';
import { demoGroups } from '../../../functions/local/demo-data.ts';
import { expertApplication } from '../../helpers/experts.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { header } from '../../helpers/inbox.ts';
import { addMember, browserHeaders, fromAddress, newClientAddress, post, signIn } from '../../helpers/session.ts';

const clock = { now: () => new Date() };
let hub: TestHub;
const group = demoGroups()[0]!; // action-1
const otherGroup = demoGroups()[1]!; // action-2
const cookies: Record<string, string> = {};

const application = expertApplication;

/** The `#token` of the newest link to `path` in the mails to `email`. */
async function linkToken(email: string, path: string, count = 1) {
  const mails = await hub.inbox.waitFor(email, count);
  for (const mail of [...mails].reverse()) {
    const token = new RegExp(`${path}#([A-Za-z0-9_-]+)`).exec(mail.text ?? '')?.[1];
    if (token) return token;
  }
  throw new Error(`no ${path} link for ${email}`);
}

/** Joins from a client of its own: the pool limits how often one client may ask to join. */
function join(body: unknown) {
  return hub.app.request('/api/experts', { method: 'POST', headers: browserHeaders(hub), body: JSON.stringify(body) }, fromAddress(newClientAddress()));
}

async function confirmedExpert(overrides: Record<string, unknown> = {}) {
  const body = application(overrides);
  expect((await join(body)).status).toBe(202);
  const token = await linkToken(body.email, '/experts/confirm/');
  expect((await post(hub, '/api/experts/confirm', { token })).status).toBe(200);
  return body.email;
}

type SendJob = { state: string; processed: number; total: number; matches: number; sent: number; alreadySent: number; suppressed: number };
/** Presses send (202, the job's Location), waits for the job, and answers the job as the leader follows it. */
async function sendAndFollow(callId: string, cookie = cookies.leader!) {
  const started = await post(hub, `/api/groups/${group.id}/calls/${callId}/send`, {}, cookie);
  expect(started.status).toBe(202);
  return followJob(started);
}
async function followJob(started: Response, cookie = cookies.leader!) {
  const location = started.headers.get('location');
  expect(location).toMatch(/^\/api\/groups\/.+\/jobs\/j/);
  await hub.deps.jobQueue.idle?.();
  return (await (await hub.app.request(location!, { headers: { cookie } })).json()) as SendJob;
}

const inAWeek = () => new Date(clock.now().getTime() + 7 * 86_400_000).toISOString();
const callDraft = (overrides: Record<string, unknown> = {}) => ({
  title: 'Guardianship beyond eighteen',
  body: 'We look for experience with guardianship that continues after a young person turns eighteen.\n\nTell us what worked in your city.',
  topics: ['unaccompanied-minors'],
  countries: ['GR'],
  deadline: inAWeek(),
  ...overrides,
});

beforeAll(async () => {
  // The clock moves past contributors' end dates while sessions stay open: idle timeouts are tested elsewhere.
  hub = await createTestHub({ SESSION_IDLE_HOURS: String(365 * 24) }, { now: () => clock.now() });
  for (const g of [group, otherGroup]) await hub.deps.partnership.addGroup(g);
  const people = {
    secretariat: await addMember(hub, { secretariat: true }),
    leader: await addMember(hub, { groups: [{ groupId: group.id, role: 'leader' }] }),
    member: await addMember(hub, { groups: [{ groupId: group.id, role: 'member' }] }),
    observer: await addMember(hub, { groups: [{ groupId: group.id, role: 'observer' }] }),
    outsider: await addMember(hub, { groups: [{ groupId: otherGroup.id, role: 'leader' }] }),
  };
  for (const [role, email] of Object.entries(people)) cookies[role] = await signIn(hub, email);
});
afterAll(() => hub.dispose());

describe('joining the expert pool', () => {
  it('is only in the pool after the confirmation page posts the token', async () => {
    // Prepare
    const body = application();
    // Act
    const joined = await join(body);
    const before = await hub.app.request('/api/experts?topics=education', { headers: { cookie: cookies.secretariat! } });
    const token = await linkToken(body.email, '/experts/confirm/');
    const confirm = await post(hub, '/api/experts/confirm', { token });
    const after = await hub.app.request('/api/experts?topics=education&status=confirmed', { headers: { cookie: cookies.secretariat! } });
    // Assess
    expect(joined.status).toBe(202);
    const pending = ((await before.json()) as { experts: { email: string; status: string }[] }).experts.find((e) => e.email === body.email);
    expect(pending?.status).toBe('pending');
    expect(confirm.status).toBe(200);
    expect(((await after.json()) as { experts: { email: string }[] }).experts.map((e) => e.email)).toContain(body.email);
  });

  it('refuses a join without consent, naming the field', async () => {
    const answer = await join(application({ consent: false }));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { details: [{ path: 'consent' }] } });
  });

  it('answers a second join of the same address the same way, without a second entry', async () => {
    const email = await confirmedExpert();
    const again = await join(application({ email }));
    expect(again.status).toBe(202);
    const mails = await hub.inbox.waitFor(email, 2);
    expect(mails.at(-1)?.subject).toBe('You are already in the Partnership expert pool');
    const list = (await (await hub.app.request('/api/experts?topics=education', { headers: { cookie: cookies.secretariat! } })).json()) as { experts: { email: string }[] };
    expect(list.experts.filter((e) => e.email === email)).toHaveLength(1);
  });

  it('refuses an unknown confirmation token with a clear message', async () => {
    const answer = await post(hub, '/api/experts/confirm', { token: 'x'.repeat(43) });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({ error: { message: expect.stringMatching(/not valid or has expired/) } });
  });

  it('lets the expert see, change and leave their entry from the link in the email', async () => {
    const email = await confirmedExpert();
    const token = await linkToken(email, '/experts/entry/');
    const seen = await post(hub, '/api/experts/entry', { token });
    expect(await seen.json()).toMatchObject({ email, status: 'confirmed' });
    const changed = await post(hub, '/api/experts/entry/update', { token, changes: { topics: ['housing'] } });
    expect(await changed.json()).toMatchObject({ topics: ['housing'] });
    const left = await post(hub, '/api/experts/entry/leave', { token });
    expect(await left.json()).toMatchObject({ status: 'left', acceptsCalls: false, profile: '' });
  });

  it('lets a member propose an expert, who must still confirm', async () => {
    const body = application();
    const { consent: _c, ...proposal } = body;
    expect((await post(hub, '/api/experts/proposals', proposal, cookies.member)).status).toBe(202);
    expect((await post(hub, '/api/experts/proposals', proposal)).status).toBe(401);
    const [mail] = await hub.inbox.waitFor(body.email);
    expect(mail?.text).toMatch(/proposed you for the expert pool/);
  });
});

describe('calls for cooperation', () => {
  it('neither a colleague\'s proposal nor a call mails an expert who asked not to be mailed elsewhere', async () => {
    // Prepare: a confirmed expert unsubscribes from the updates, which suppresses them everywhere.
    const suppressed = await confirmedExpert({ country: 'CY', topics: ['unaccompanied-minors'] });
    const reachable = await confirmedExpert({ country: 'CY', topics: ['unaccompanied-minors'] });
    const [mailToken] = (await hub.deps.contactBook.mailTokens.ensure([suppressed])).values();
    expect((await hub.app.request(`/api/unsubscribe/${mailToken}`, { method: 'POST' })).status).toBeLessThan(300);
    const before = (await hub.inbox.to(suppressed)).length;
    const title = `Cyprus guardianship ${uniqueEmail('call')}`;
    // Act
    const { consent: _c, ...proposal } = application({ email: suppressed });
    const proposed = await post(hub, '/api/experts/proposals', proposal, cookies.member);
    const written = (await (await post(hub, `/api/groups/${group.id}/calls`, callDraft({ title, countries: ['CY'] }), cookies.leader)).json()) as { id: string };
    const sent = await sendAndFollow(written.id);
    await hub.inbox.waitFor(reachable, 2);
    // Assess
    expect(proposed.status).toBe(202);
    expect(sent).toMatchObject({ state: 'done', sent: 1, suppressed: 1, matches: 2 });
    expect((await hub.inbox.to(suppressed)).length).toBe(before);
  });

  it('reaches exactly the matching experts once, and takes their answers until the deadline', async () => {
    // Prepare
    const matching = await confirmedExpert({ country: 'GR', topics: ['unaccompanied-minors'] });
    const wrongCountry = await confirmedExpert({ country: 'IT', topics: ['unaccompanied-minors'] });
    const wrongTopic = await confirmedExpert({ country: 'GR', topics: ['housing'] });
    const unconfirmed = application({ country: 'GR', topics: ['unaccompanied-minors'] });
    await join(unconfirmed);
    const title = `Guardianship ${uniqueEmail('call')}`;

    // Act
    const written = await post(hub, `/api/groups/${group.id}/calls`, callDraft({ title }), cookies.leader);
    const { id } = (await written.json()) as { id: string };
    const preview = await hub.app.request(`/api/groups/${group.id}/calls/${id}/matches`, { headers: { cookie: cookies.leader! } });
    const previewed = (await preview.json()) as { matches: number };
    const firstSend = await sendAndFollow(id);
    const resent = await sendAndFollow(id);

    // Assess
    expect(written.status).toBe(201);
    expect(firstSend).toMatchObject({ state: 'done', matches: previewed.matches });
    expect(firstSend.sent).toBe(previewed.matches);
    expect(resent).toMatchObject({ state: 'done', sent: 0, alreadySent: firstSend.sent });
    const callMails = async (email: string) => (await hub.inbox.to(email)).filter((m) => m.subject === `Call for cooperation: ${title}`);
    await hub.inbox.waitFor(matching, 2);
    expect(await callMails(matching)).toHaveLength(1);
    for (const other of [wrongCountry, wrongTopic, unconfirmed.email]) expect(await callMails(other)).toHaveLength(0);
    const [mail] = (await hub.inbox.waitFor(matching, 2)).slice(-1);
    expect(header(mail!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // The expert answers from the page the email links to.
    const answerToken = await linkToken(matching, '/experts/answer/', 2);
    const page = await post(hub, '/api/calls/answer-page', { token: answerToken });
    expect(await page.json()).toMatchObject({ call: { title, open: true }, answer: null });
    const answer = await post(hub, `/api/calls/${id}/responses`, { token: answerToken, interested: true, message: 'Athens ran such a scheme in 2025.' });
    expect(answer.status).toBe(201);

    const view = await hub.app.request(`/api/groups/${group.id}/calls/${id}`, { headers: { cookie: cookies.leader! } });
    expect(await view.json()).toMatchObject({ responses: [{ email: matching, interested: true, message: 'Athens ran such a scheme in 2025.' }] });

    // After the deadline, answers are refused with a clear message.
    clock.now = () => new Date(Date.now() + 8 * 86_400_000);
    const late = await post(hub, `/api/calls/${id}/responses`, { token: answerToken, interested: false });
    clock.now = () => new Date();
    expect(late.status).toBe(422);
    expect(await late.json()).toMatchObject({ error: { message: expect.stringMatching(/closed/) } });
  });

  it('mails each of N matching experts exactly once, through the outbox, whatever is pressed twice or delivered twice', async () => {
    // Prepare: six confirmed experts in a country no other test uses.
    const experts = [];
    for (let i = 0; i < 6; i++) experts.push(await confirmedExpert({ country: 'MT', topics: ['unaccompanied-minors'] }));
    const title = `Malta guardianship ${uniqueEmail('call')}`;
    const { id } = (await (await post(hub, `/api/groups/${group.id}/calls`, callDraft({ title, countries: ['MT'] }), cookies.leader)).json()) as { id: string };
    const send = () => post(hub, `/api/groups/${group.id}/calls/${id}/send`, {}, cookies.leader);

    // Act: two presses at once, a third later, and every queue message of the call delivered twice more.
    const together = (await Promise.all([send(), send()])) as Response[];
    const [first, second] = await Promise.all(together.map((r) => followJob(r)));
    const third = await followJob(await send());
    const keys = experts.map((email) => ({ mailingId: `call:${id}`, recipientKey: recipientKeyOf(email) }));
    const records = outboxMessageBatches('https://sqs.example/send', keys).flatMap((b) => b.Entries!.map((e) => ({ messageId: e.Id!, body: e.MessageBody! })));
    const redelivered = [await sendQueuedMail(hub.deps, { Records: records }), await sendQueuedMail(hub.deps, { Records: records })];
    await hub.deps.outboxQueue.idle?.();

    // Assess
    expect(together.map((r) => r.status)).toEqual([202, 202]);
    expect([first!.sent + second!.sent, first!.alreadySent + second!.alreadySent, first!.matches]).toEqual([6, 6, 6]);
    expect(third).toMatchObject({ sent: 0, alreadySent: 6, matches: 6 });
    expect(redelivered).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    const callMails = await Promise.all(experts.map(async (email) => (await hub.inbox.waitFor(email, 2)).filter((m) => m.subject === `Call for cooperation: ${title}`)));
    expect(callMails.map((mails) => mails.length)).toEqual(experts.map(() => 1));
    expect((await Promise.all(keys.map((k) => hub.deps.outbox.get(k)))).map((m) => m?.status)).toEqual(experts.map(() => 'sent'));
    const view = (await (await hub.app.request(`/api/groups/${group.id}/calls/${id}`, { headers: { cookie: cookies.leader! } })).json()) as { sentCount: number };
    expect(view.sentCount).toBe(6);
  });

  it('stops calls for an expert who uses the one-click unsubscribe, from any origin', async () => {
    const email = await confirmedExpert({ country: 'GR', topics: ['unaccompanied-minors'] });
    const token = await linkToken(email, '/experts/entry/');
    const oneClick = await hub.app.request(`/api/experts/calls-off/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.provider.example' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    const { id } = (await (await post(hub, `/api/groups/${group.id}/calls`, callDraft(), cookies.leader)).json()) as { id: string };
    await sendAndFollow(id);
    // Calls are sent from the outbox: wait for the queue, so "none" is not merely "not yet".
    await hub.deps.outboxQueue.idle?.();
    expect((await hub.inbox.to(email)).filter((m) => m.subject.startsWith('Call for cooperation'))).toHaveLength(0);
  });

  it('refuses a deadline in the past, naming the rule', async () => {
    const answer = await post(hub, `/api/groups/${group.id}/calls`, callDraft({ deadline: '2020-01-01T00:00:00Z' }), cookies.leader);
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ error: { message: 'The deadline must be in the future.' } });
  });

  it('makes a respondent a contributor until a date, after which access ends by itself', async () => {
    // Prepare: an expert answers a call with interest.
    const email = await confirmedExpert({ country: 'GR', topics: ['unaccompanied-minors'] });
    const { id } = (await (await post(hub, `/api/groups/${group.id}/calls`, callDraft(), cookies.leader)).json()) as { id: string };
    await post(hub, `/api/groups/${group.id}/calls/${id}/send`, {}, cookies.leader);
    const answerToken = await linkToken(email, '/experts/answer/', 2);
    await post(hub, `/api/calls/${id}/responses`, { token: answerToken, interested: true, message: 'Glad to help.' });
    const view = (await (await hub.app.request(`/api/groups/${group.id}/calls/${id}`, { headers: { cookie: cookies.leader! } })).json()) as {
      responses: { expertId: string }[];
    };
    const until = new Date(clock.now().getTime() + 10 * 86_400_000).toISOString();

    // Act
    const invited = await post(hub, `/api/groups/${group.id}/calls/${id}/contributors`, { expertId: view.responses[0]!.expertId, until }, cookies.leader);
    const session = await signIn(hub, email);
    const me = await hub.app.request('/api/me', { headers: { cookie: session } });
    clock.now = () => new Date(Date.now() + 11 * 86_400_000);
    const later = await hub.app.request('/api/me', { headers: { cookie: session } });
    clock.now = () => new Date();

    // Assess
    expect(invited.status).toBe(201);
    expect(await me.json()).toMatchObject({ groups: [{ id: group.id, role: 'contributor', until }] });
    // The contributor exists only for this contribution: once it ends, so does the session.
    expect(later.status).toBe(401);
    const twice = await post(hub, `/api/groups/${group.id}/calls/${id}/contributors`, { expertId: view.responses[0]!.expertId, until }, cookies.leader);
    expect(twice.status).toBe(409);
  });
});

describe('calls in the outreach view', () => {
  it('counts the calls sent in the period, the experts reached by type and country, and uncovered topics', async () => {
    // Prepare: one call reaches one Greek researcher.
    const email = await confirmedExpert({ country: 'GR', topics: ['unaccompanied-minors'] });
    const { id } = (await (await post(hub, `/api/groups/${group.id}/calls`, callDraft(), cookies.leader)).json()) as { id: string };
    await post(hub, `/api/groups/${group.id}/calls/${id}/send`, {}, cookies.leader);
    await hub.inbox.waitFor(email, 2);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    // Act
    const answer = await hub.app.request(`/api/admin/outreach?from=${day(-1)}&to=${day(1)}`, { headers: { cookie: cookies.secretariat! } });
    // Assess
    expect(answer.status).toBe(200);
    const { calls } = (await answer.json()) as { calls: { sent: number; emails: number; byType: Record<string, number>; byCountry: Record<string, number>; topicsWithoutExpert: string[] } };
    expect(calls.sent).toBeGreaterThanOrEqual(1);
    expect(calls.emails).toBeGreaterThanOrEqual(1);
    expect(calls.byCountry.GR).toBeGreaterThanOrEqual(1);
    expect(calls.byType.research).toBeGreaterThanOrEqual(1);
    expect(calls.topicsWithoutExpert).toContain('funding');
    expect(calls.topicsWithoutExpert).not.toContain('unaccompanied-minors');
  });
});

describe('authorization of expert-pool routes', () => {
  let callId = '';
  beforeAll(async () => {
    const written = await post(hub, `/api/groups/${group.id}/calls`, callDraft(), cookies.leader);
    callId = ((await written.json()) as { id: string }).id;
  });

  const roles = ['anonymous', 'outsider', 'observer', 'member', 'leader', 'secretariat'] as const;
  const cases: { route: string; call: () => [string, RequestInit]; expected: Record<(typeof roles)[number], number> }[] = [
    {
      route: 'GET /api/experts',
      call: () => ['/api/experts', {}],
      // The outsider leads another group, so may search the pool.
      expected: { anonymous: 401, outsider: 200, observer: 403, member: 403, leader: 200, secretariat: 200 },
    },
    {
      route: 'POST /api/groups/{group}/calls',
      call: () => [`/api/groups/${group.id}/calls`, { method: 'POST', body: JSON.stringify(callDraft()) }],
      expected: { anonymous: 401, outsider: 404, observer: 403, member: 403, leader: 201, secretariat: 201 },
    },
    {
      route: 'GET /api/groups/{group}/calls/{id}',
      call: () => [`/api/groups/${group.id}/calls/${callId}`, {}],
      expected: { anonymous: 401, outsider: 404, observer: 403, member: 403, leader: 200, secretariat: 200 },
    },
    {
      route: 'GET /api/groups/{group}/calls/{id}/matches',
      call: () => [`/api/groups/${group.id}/calls/${callId}/matches`, {}],
      expected: { anonymous: 401, outsider: 404, observer: 403, member: 403, leader: 200, secretariat: 200 },
    },
    {
      route: 'POST /api/groups/{group}/calls/{id}/send',
      call: () => [`/api/groups/${group.id}/calls/${callId}/send`, { method: 'POST', body: '{}' }],
      expected: { anonymous: 401, outsider: 404, observer: 403, member: 403, leader: 202, secretariat: 202 },
    },
    {
      route: 'GET /api/groups/{group}/calls',
      call: () => [`/api/groups/${group.id}/calls`, {}],
      expected: { anonymous: 401, outsider: 404, observer: 403, member: 403, leader: 200, secretariat: 200 },
    },
  ];

  for (const { route, call, expected } of cases) {
    for (const role of roles) {
      it(`${route} as ${role} → ${expected[role]}`, async () => {
        const [path, init] = call();
        const answer = await hub.app.request(path, {
          ...init,
          headers: { 'content-type': 'application/json', origin: new URL(hub.config.BASE_URL).origin, ...(role === 'anonymous' ? {} : { cookie: cookies[role]! }) },
        });
        expect(answer.status).toBe(expected[role]);
      });
    }
  }

  it('refuses an answer token used on another call', async () => {
    const answer = await post(hub, `/api/calls/${callId}/responses`, { token: 'y'.repeat(43), interested: true });
    expect(answer.status).toBe(404);
  });
});

describe('asking to join too often', () => {
  it('answers 429 with Retry-After once a client has asked ten times in an hour', async () => {
    const client = fromAddress(newClientAddress());
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      const answer = await hub.app.request('/api/experts', { method: 'POST', headers: browserHeaders(hub), body: JSON.stringify(application()) }, client);
      statuses.push(answer.status);
      if (answer.status === 429) expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([...Array(10).fill(202), 429]);
  });
});
