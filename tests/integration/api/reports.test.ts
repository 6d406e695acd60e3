import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, openSession, request, roleNames, signInRoles, wallClock, type RoleName } from '../../helpers/agenda.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { addMember, post } from '../../helpers/session.ts';

const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

const report = {
  whatHappened: 'Athens and Berlin agreed to pilot a shared guardianship training for social workers.',
  actions: [1, 6],
  links: ['https://example.org/minutes'],
  followUp: 'Ask the Advisory Board to review the training outline.',
};

describe('developments reports: who may do what', () => {
  const clock = { now: () => new Date() };
  let hub: TestHub;
  let cookies: Record<RoleName, string | undefined>;
  let eventId: string;
  let reportId: string;
  beforeAll(async () => {
    // The clock moves past events while sessions stay open: the idle timeout is tested in security/.
    hub = await createTestHub({ SESSION_IDLE_HOURS: String(365 * 24) }, { now: () => clock.now() });
    ({ cookies } = await signInRoles(hub));
    eventId = await createEvent(hub, cookies.secretariat!, { visibility: 'group', groupId: 'action-1', start: wallClock(2, 9), end: wallClock(2, 12), timeZone: 'UTC' });
    for (const role of ['observer', 'member', 'leader', 'secretariat'] as const) await post(hub, `/api/events/${eventId}/registration`, {}, cookies[role]);
    clock.now = () => new Date(Date.now() + 3 * DAY);
    const submitted = await post(hub, `/api/events/${eventId}/report`, report, cookies.member);
    reportId = ((await submitted.json()) as { id: string }).id;
  });
  afterAll(() => hub.dispose());

  const expected: { route: string; answers: Record<RoleName, number>; call: (cookie?: string) => Promise<Response> }[] = [
    {
      route: 'POST /api/events/{id}/report',
      answers: { anonymous: 401, 'non-member': 404, observer: 201, member: 201, leader: 201, secretariat: 201 },
      call: (cookie) => post(hub, `/api/events/${eventId}/report`, report, cookie),
    },
    {
      route: 'GET /api/events/{id}/report',
      answers: { anonymous: 401, 'non-member': 404, observer: 200, member: 200, leader: 200, secretariat: 200 },
      call: (cookie) => request(hub, 'GET', `/api/events/${eventId}/report`, cookie),
    },
    {
      route: 'GET /api/admin/reports',
      answers: { anonymous: 401, 'non-member': 403, observer: 403, member: 403, leader: 403, secretariat: 200 },
      call: (cookie) => request(hub, 'GET', '/api/admin/reports', cookie),
    },
    {
      route: 'POST /api/admin/reports/{id}/review',
      answers: { anonymous: 401, 'non-member': 403, observer: 403, member: 403, leader: 403, secretariat: 404 },
      call: (cookie) => post(hub, `/api/admin/reports/${eventId}.00000000000000000000/review`, { decision: 'accepted' }, cookie),
    },
    {
      route: 'GET /api/admin/brief',
      answers: { anonymous: 401, 'non-member': 403, observer: 403, member: 403, leader: 403, secretariat: 200 },
      call: (cookie) => request(hub, 'GET', `/api/admin/brief?from=${today()}&to=${inDays(30)}`, cookie),
    },
    {
      route: 'GET /api/admin/brief.md',
      answers: { anonymous: 401, 'non-member': 403, observer: 403, member: 403, leader: 403, secretariat: 200 },
      call: (cookie) => request(hub, 'GET', `/api/admin/brief.md?from=${today()}&to=${inDays(30)}`, cookie),
    },
  ];
  for (const { route, answers, call } of expected) {
    it(`answers ${route} by role`, async () => {
      const statuses = Object.fromEntries(await Promise.all(roleNames.map(async (role) => [role, (await call(cookies[role])).status] as const)));
      expect(statuses).toEqual(answers);
    });
  }

  it('lets the secretariat accept a report, after which the author can no longer change it', async () => {
    const accepted = await post(hub, `/api/admin/reports/${reportId}/review`, { decision: 'accepted', note: 'For the June plenary.' }, cookies.secretariat);
    const again = await post(hub, `/api/admin/reports/${reportId}/review`, { decision: 'rejected' }, cookies.secretariat);
    const resubmitted = await post(hub, `/api/events/${eventId}/report`, report, cookies.member);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: 'accepted', review: { note: 'For the June plenary.', edited: false } });
    expect(again.status).toBe(422);
    expect(resubmitted.status).toBe(409);
  });
});

describe('developments reports: review and plenary brief', () => {
  const clock = { now: () => new Date() };
  let hub: TestHub;
  let secretariat: string;
  beforeAll(async () => {
    // The clock moves past events while sessions stay open: the idle timeout is tested in security/.
    hub = await createTestHub({ SESSION_IDLE_HOURS: String(365 * 24) }, { now: () => clock.now() });
    secretariat = await openSession(hub, await addMember(hub, { secretariat: true }));
  });
  afterAll(() => hub.dispose());

  async function attended(title: string) {
    clock.now = () => new Date();
    const id = await createEvent(hub, secretariat, { title, start: wallClock(1, 9), end: wallClock(1, 12), timeZone: 'UTC' });
    const email = await addMember(hub);
    const cookie = await openSession(hub, email);
    await post(hub, `/api/events/${id}/registration`, {}, cookie);
    return { id, email, cookie };
  }

  it('refuses a report before the event, and from someone who was not registered', async () => {
    const { id, cookie } = await attended('Webinar on EU integration funding');
    const early = await post(hub, `/api/events/${id}/report`, report, cookie);
    clock.now = () => new Date(Date.now() + 2 * DAY);
    const stranger = await post(hub, `/api/events/${id}/report`, report, await openSession(hub, await addMember(hub)));
    expect(early.status).toBe(422);
    expect(await early.json()).toMatchObject({ error: { details: { reason: 'not_started' } } });
    expect(stranger.status).toBe(422);
    expect(await stranger.json()).toMatchObject({ error: { details: { reason: 'not_registered' } } });
  });

  it('refuses a report with bad fields, naming each', async () => {
    const { id, cookie } = await attended('Workshop on urban indicators');
    clock.now = () => new Date(Date.now() + 2 * DAY);
    const answer = await post(hub, `/api/events/${id}/report`, { whatHappened: 'short', actions: [0], links: ['not a link'] }, cookie);
    expect(answer.status).toBe(400);
    const paths = ((await answer.json()) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['whatHappened', 'actions.0', 'links.0']));
  });

  it('compiles accepted reports, as edited by the secretariat, into the brief; rejected ones stay out', async () => {
    // Prepare
    const a = await attended('Advisory Board meeting in Amsterdam');
    const b = await attended('Desegregation study visit');
    clock.now = () => new Date(Date.now() + 2 * DAY);
    const first = (await (await post(hub, `/api/events/${a.id}/report`, report, a.cookie)).json()) as { id: string };
    const second = (await (await post(hub, `/api/events/${b.id}/report`, { whatHappened: 'Nothing new for the partnership this time.', actions: [8] }, b.cookie)).json()) as { id: string };
    const queue = (await (await request(hub, 'GET', '/api/admin/reports', secretariat)).json()) as { reports: { id: string }[] };
    // Act
    await post(hub, `/api/admin/reports/${first.id}/review`, { decision: 'accepted', note: 'Present in June.', edits: { whatHappened: 'Athens and Berlin will pilot a shared guardianship training.' } }, secretariat);
    await post(hub, `/api/admin/reports/${second.id}/review`, { decision: 'rejected', note: 'No development to report.' }, secretariat);
    const brief = await request(hub, 'GET', `/api/admin/brief.md?from=${today()}&to=${inDays(5)}`, secretariat);
    const bad = await request(hub, 'GET', `/api/admin/brief.md?from=${inDays(5)}&to=${today()}`, secretariat);
    // Assess
    expect(queue.reports.map((r) => r.id)).toEqual([first.id, second.id]);
    expect((await (await request(hub, 'GET', '/api/admin/reports', secretariat)).json()) as unknown).toEqual({ reports: [] });
    expect(brief.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(brief.headers.get('content-disposition')).toMatch(/attachment; filename="plenary-brief-/);
    const markdown = await brief.text();
    expect(markdown).toContain('## Action 1');
    expect(markdown).toContain('## Action 6');
    expect(markdown).toContain('### Advisory Board meeting in Amsterdam');
    expect(markdown).toContain('> Athens and Berlin will pilot a shared guardianship training.');
    expect(markdown).toContain('Present in June.');
    expect(markdown).not.toContain('Desegregation study visit');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { details: [{ path: 'to' }] } });
    const stored = await hub.deps.reports.getReport(first.id);
    expect(stored?.original?.whatHappened).toBe(report.whatHappened);
  });
});
