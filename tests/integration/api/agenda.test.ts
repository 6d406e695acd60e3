import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, eventInput, openSession, request, roleNames, signInRoles, wallClock, type RoleName } from '../../helpers/agenda.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { addMember, post } from '../../helpers/session.ts';

const DAY = 86_400_000;

describe('agenda: who may do what', () => {
  let hub: TestHub;
  let cookies: Record<RoleName, string | undefined>;
  let groupEvent: string;
  let membersEvent: string;
  beforeAll(async () => {
    hub = await createTestHub();
    ({ cookies } = await signInRoles(hub));
    groupEvent = await createEvent(hub, cookies.secretariat!, { visibility: 'group', groupId: 'action-1', title: 'Working Group meeting of Action 1' });
    membersEvent = await createEvent(hub, cookies.secretariat!, { visibility: 'members' });
  });
  afterAll(() => hub.dispose());

  const expected: { route: string; answers: Record<RoleName, number>; call: (cookie?: string) => Promise<Response> }[] = [
    {
      route: 'POST /api/admin/events',
      answers: { anonymous: 401, 'non-member': 403, observer: 403, member: 403, leader: 403, secretariat: 201 },
      call: (cookie) => post(hub, '/api/admin/events', eventInput(), cookie),
    },
    {
      route: 'GET /api/admin/events',
      answers: { anonymous: 401, 'non-member': 403, observer: 403, member: 403, leader: 403, secretariat: 200 },
      call: (cookie) => request(hub, 'GET', '/api/admin/events', cookie),
    },
    {
      route: 'GET /api/admin/events/{id}/registrations',
      answers: { anonymous: 401, 'non-member': 403, observer: 403, member: 403, leader: 403, secretariat: 200 },
      call: (cookie) => request(hub, 'GET', `/api/admin/events/${groupEvent}/registrations`, cookie),
    },
    {
      route: 'GET /api/events',
      answers: { anonymous: 401, 'non-member': 200, observer: 200, member: 200, leader: 200, secretariat: 200 },
      call: (cookie) => request(hub, 'GET', '/api/events', cookie),
    },
    {
      route: 'GET /api/events/{group event}',
      answers: { anonymous: 401, 'non-member': 404, observer: 200, member: 200, leader: 200, secretariat: 200 },
      call: (cookie) => request(hub, 'GET', `/api/events/${groupEvent}`, cookie),
    },
    {
      route: 'GET /api/events/{members event}',
      answers: { anonymous: 401, 'non-member': 200, observer: 200, member: 200, leader: 200, secretariat: 200 },
      call: (cookie) => request(hub, 'GET', `/api/events/${membersEvent}`, cookie),
    },
    {
      route: 'POST /api/events/{group event}/registration',
      answers: { anonymous: 401, 'non-member': 404, observer: 201, member: 201, leader: 201, secretariat: 201 },
      call: (cookie) => post(hub, `/api/events/${groupEvent}/registration`, {}, cookie),
    },
    {
      route: 'DELETE /api/events/{group event}/registration',
      answers: { anonymous: 401, 'non-member': 404, observer: 200, member: 200, leader: 200, secretariat: 200 },
      call: (cookie) => request(hub, 'DELETE', `/api/events/${groupEvent}/registration`, cookie),
    },
    {
      route: 'GET /api/calendar-feed',
      answers: { anonymous: 401, 'non-member': 200, observer: 200, member: 200, leader: 200, secretariat: 200 },
      call: (cookie) => request(hub, 'GET', '/api/calendar-feed', cookie),
    },
    {
      route: 'POST /api/calendar-feed',
      answers: { anonymous: 401, 'non-member': 201, observer: 201, member: 201, leader: 201, secretariat: 201 },
      call: (cookie) => post(hub, '/api/calendar-feed', {}, cookie),
    },
    {
      route: 'POST /api/calendar-feed/revoke',
      answers: { anonymous: 401, 'non-member': 200, observer: 200, member: 200, leader: 200, secretariat: 200 },
      call: (cookie) => post(hub, '/api/calendar-feed/revoke', {}, cookie),
    },
  ];

  for (const { route, answers, call } of expected) {
    it(`answers ${route} by role`, async () => {
      // Act
      const statuses = Object.fromEntries(await Promise.all(roleNames.map(async (role) => [role, (await call(cookies[role])).status] as const)));
      // Assess
      expect(statuses).toEqual(answers);
    });
  }

  it('lists a group\'s events to its members only, never to others', async () => {
    const asOutsider = (await (await request(hub, 'GET', '/api/events', cookies['non-member'])).json()) as { upcoming: { id: string }[] };
    const asObserver = (await (await request(hub, 'GET', '/api/events', cookies.observer)).json()) as { upcoming: { id: string }[] };
    expect(asOutsider.upcoming.map((e) => e.id)).not.toContain(groupEvent);
    expect(asOutsider.upcoming.map((e) => e.id)).toContain(membersEvent);
    expect(asObserver.upcoming.map((e) => e.id)).toEqual(expect.arrayContaining([groupEvent, membersEvent]));
  });
});

describe('agenda: creating events', () => {
  let hub: TestHub;
  let secretariat: string;
  beforeAll(async () => {
    hub = await createTestHub();
    secretariat = await openSession(hub, await addMember(hub, { secretariat: true }));
  });
  afterAll(() => hub.dispose());

  const bad: { name: string; input: Record<string, unknown>; field: string }[] = [
    { name: 'an end before the start', input: { start: wallClock(10, 15), end: wallClock(10, 9) }, field: 'end' },
    { name: 'an unknown time zone', input: { timeZone: 'Europe/Atlantis' }, field: 'timeZone' },
    { name: 'a capacity of 0', input: { capacity: 0 }, field: 'capacity' },
    { name: 'a date that does not exist', input: { start: '2027-02-30T09:00' }, field: 'start' },
    { name: 'neither place nor online link', input: { place: undefined }, field: 'place' },
    { name: 'a group event without its group', input: { visibility: 'group' }, field: 'groupId' },
    { name: 'a group that does not exist', input: { visibility: 'group', groupId: 'action-99' }, field: 'groupId' },
    { name: 'an Action number out of range', input: { actions: [9] }, field: 'actions.0' },
  ];
  for (const { name, input, field } of bad) {
    it(`refuses ${name} with 400 naming ${field}`, async () => {
      const answer = await post(hub, '/api/admin/events', { ...eventInput(), ...input }, secretariat);
      expect(answer.status).toBe(400);
      const body = (await answer.json()) as { error: { code: string; details: { path: string }[] } };
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.map((d) => d.path)).toContain(field);
    });
  }

  it('stores the wall-clock times in the event\'s zone and the matching UTC instants', async () => {
    const id = await createEvent(hub, secretariat, { start: '2027-07-01T09:30', end: '2027-07-01T12:00', timeZone: 'Europe/Athens' });
    const event = await hub.deps.events.getEvent(id);
    expect(event).toMatchObject({ start: '2027-07-01T09:30', startsAt: '2027-07-01T06:30:00.000Z', endsAt: '2027-07-01T09:00:00.000Z' });
  });
});

describe('agenda: registration, waitlist and mail', () => {
  let hub: TestHub;
  let secretariat: string;
  const person = async () => {
    const email = await addMember(hub);
    return { email, cookie: await openSession(hub, email) };
  };
  beforeAll(async () => {
    hub = await createTestHub();
    secretariat = await openSession(hub, await addMember(hub, { secretariat: true }));
  });
  afterAll(() => hub.dispose());

  it('seats exactly 10 of 50 simultaneous registrations for 10 seats and waitlists 40', async () => {
    // Prepare
    const id = await createEvent(hub, secretariat, { capacity: 10 });
    const people = await Promise.all(Array.from({ length: 50 }, person));
    // Act
    const answers = await Promise.all(people.map((p) => post(hub, `/api/events/${id}/registration`, {}, p.cookie)));
    const statuses = await Promise.all(answers.map(async (a) => ((await a.json()) as { status: string }).status));
    // Assess
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect(statuses.filter((s) => s === 'registered')).toHaveLength(10);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(40);
    const event = await hub.deps.events.getEvent(id);
    expect(event).toMatchObject({ registered: 10, waitlisted: 40 });
    const stored = await hub.deps.registrations.registrationsOf(id);
    expect(stored.filter((r) => r.status === 'registered')).toHaveLength(10);
  }, 60_000);

  it('answers a repeated registration with the place already held, and emails once', async () => {
    const id = await createEvent(hub, secretariat, { capacity: 5 });
    const p = await person();
    const first = await post(hub, `/api/events/${id}/registration`, {}, p.cookie);
    const again = await post(hub, `/api/events/${id}/registration`, {}, p.cookie);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(await again.json()).toEqual({ status: 'registered' });
    await hub.inbox.waitFor(p.email, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await hub.inbox.to(p.email)).toHaveLength(1);
    expect((await hub.deps.events.getEvent(id))?.registered).toBe(1);
  });

  it('confirms a seat by email with a valid iCalendar invitation', async () => {
    // Prepare
    const id = await createEvent(hub, secretariat, { start: '2027-03-10T09:30', end: '2027-03-10T13:00', timeZone: 'Europe/Brussels', title: 'Plenary on integration funding' });
    const p = await person();
    // Act
    await post(hub, `/api/events/${id}/registration`, {}, p.cookie);
    const [mail] = await hub.inbox.waitFor(p.email);
    // Assess
    expect(mail!.subject).toBe('Registered: Plenary on integration funding');
    const attachment = mail!.attachments.find((a) => a.filename === 'invitation.ics');
    expect(attachment?.contentType).toBe('text/calendar');
    const text = attachment!.content.toString('utf8');
    expect(text).toMatch(/^DTSTART:20270310T083000Z$/m);
    expect(text).toMatch(/^DTEND:20270310T120000Z$/m);
    expect(text).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/m);
    const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('uid')).toBe(`event-${id}@localhost`);
    expect(vevent.getFirstPropertyValue('summary')).toBe('Plenary on integration funding');
  });

  it('gives a freed seat to the earliest on the waitlist and tells them by email', async () => {
    // Prepare
    const id = await createEvent(hub, secretariat, { capacity: 1, title: 'Small expert round table' });
    const [seated, first, second] = [await person(), await person(), await person()];
    for (const p of [seated, first, second]) await post(hub, `/api/events/${id}/registration`, {}, p.cookie);
    // Act
    const cancelled = await request(hub, 'DELETE', `/api/events/${id}/registration`, seated.cookie);
    // Assess
    expect(await cancelled.json()).toEqual({ cancelled: 'registered', promoted: 1 });
    const view = (await (await request(hub, 'GET', `/api/events/${id}`, first.cookie)).json()) as { myStatus: string };
    expect(view.myStatus).toBe('registered');
    const mails = await hub.inbox.waitFor(first.email, 2);
    expect(mails.map((m) => m.subject)).toEqual(['Waitlist: Small expert round table', 'Seat confirmed from the waitlist: Small expert round table']);
    expect(mails[1]!.attachments.map((a) => a.filename)).toEqual(['invitation.ics']);
    expect((await hub.deps.registrations.getRegistration(id, second.email))?.status).toBe('waitlisted');
  });

  it('promotes each waiting member exactly once when cancellations arrive together', async () => {
    // Prepare
    const id = await createEvent(hub, secretariat, { capacity: 4 });
    const seated = await Promise.all(Array.from({ length: 4 }, person));
    for (const p of seated) await post(hub, `/api/events/${id}/registration`, {}, p.cookie);
    const waiting = [];
    for (let i = 0; i < 6; i++) {
      const p = await person();
      await post(hub, `/api/events/${id}/registration`, {}, p.cookie);
      waiting.push(p);
    }
    // Act
    const answers = await Promise.all(seated.slice(0, 3).map((p) => request(hub, 'DELETE', `/api/events/${id}/registration`, p.cookie)));
    // Assess
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const statuses = await Promise.all(waiting.map(async (p) => (await hub.deps.registrations.getRegistration(id, p.email))?.status));
    expect(statuses).toEqual(['registered', 'registered', 'registered', 'waitlisted', 'waitlisted', 'waitlisted']);
    expect(await hub.deps.events.getEvent(id)).toMatchObject({ registered: 4, waitlisted: 3 });
    for (const p of waiting.slice(0, 3)) {
      const mails = await hub.inbox.waitFor(p.email, 2);
      expect(mails.filter((m) => m.subject?.startsWith('Seat confirmed from the waitlist'))).toHaveLength(1);
    }
  }, 60_000);

  it('closes registration after the deadline, naming the reason', async () => {
    const id = await createEvent(hub, secretariat, { start: wallClock(3, 9), end: wallClock(3, 12), registrationDeadline: wallClock(-1, 9), timeZone: 'UTC' });
    const p = await person();
    const answer = await post(hub, `/api/events/${id}/registration`, {}, p.cookie);
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ error: { code: 'rule_violated', details: { reason: 'deadline_passed' } } });
  });

  it('answers 404 when cancelling a registration that does not exist', async () => {
    const id = await createEvent(hub, secretariat);
    const p = await person();
    expect((await request(hub, 'DELETE', `/api/events/${id}/registration`, p.cookie)).status).toBe(404);
  });
});

describe('agenda: reminders job', () => {
  const clock = { now: () => new Date() };
  let hub: TestHub;
  let secretariat: string;
  beforeAll(async () => {
    hub = await createTestHub({}, { now: () => clock.now() });
    secretariat = await openSession(hub, await addMember(hub, { secretariat: true }));
  });
  afterAll(() => hub.dispose());

  it('sends each reminder and the report invitation once, however often the job runs', async () => {
    // Prepare: an event in 10 days, two registrants and one on the waitlist
    clock.now = () => new Date();
    const start = wallClock(10, 9);
    const id = await createEvent(hub, secretariat, { capacity: 2, start, end: wallClock(10, 12), timeZone: 'UTC', title: 'Urban Academy session' });
    // Times are taken from the event's start, not from now, so the test holds at any hour of the day.
    const startsAt = Date.parse(`${start}:00Z`);
    const people = [];
    for (let i = 0; i < 3; i++) {
      const email = await addMember(hub);
      await post(hub, `/api/events/${id}/registration`, {}, await openSession(hub, email));
      people.push(email);
    }
    const { runJob } = await import('../../../functions/jobs/index.ts');
    const subjects = async (email: string) => (await hub.inbox.waitFor(email, 1)).map((m) => m.subject);
    // Act: a week before, twice at once; a day before, twice; after the event, twice
    clock.now = () => new Date(startsAt - 6.5 * DAY);
    const week = await Promise.all([runJob(hub.deps, 'reminders'), runJob(hub.deps, 'reminders')]);
    clock.now = () => new Date(startsAt - 0.5 * DAY);
    const day = [await runJob(hub.deps, 'reminders'), await runJob(hub.deps, 'reminders')];
    clock.now = () => new Date(startsAt + DAY);
    const after = [await runJob(hub.deps, 'reminders'), await runJob(hub.deps, 'reminders')];
    // Assess
    expect(week.reduce((n, r) => n + r['reminder-7d']!, 0)).toBe(2);
    expect(day.map((r) => r['reminder-1d'])).toEqual([2, 0]);
    expect(after.map((r) => r['report-invitation'])).toEqual([2, 0]);
    for (const email of people.slice(0, 2)) {
      await hub.inbox.waitFor(email, 4);
      expect(await subjects(email)).toEqual([
        'Registered: Urban Academy session',
        'Reminder (in a week): Urban Academy session',
        'Reminder (tomorrow): Urban Academy session',
        'Developments report: Urban Academy session',
      ]);
    }
    expect(await subjects(people[2]!)).toEqual(['Waitlist: Urban Academy session']);
  }, 60_000);

  it('a run that died after recording its reminders, before marking them, is finished by the next: each registrant mailed once', async () => {
    // Prepare: an event in 10 days with two registrants; a run whose marks fail for this event (its request timed out there).
    clock.now = () => new Date();
    const start = wallClock(10, 9);
    const title = `Outbox session ${Date.now().toString(36)}`;
    const id = await createEvent(hub, secretariat, { capacity: 5, start, end: wallClock(10, 12), timeZone: 'UTC', title });
    const startsAt = Date.parse(`${start}:00Z`);
    const people = [await addMember(hub), await addMember(hub)];
    for (const email of people) await post(hub, `/api/events/${id}/registration`, {}, await openSession(hub, email));
    const { runJob } = await import('../../../functions/jobs/index.ts');
    const real = hub.deps.registrations;
    const claimMailing: typeof real.claimMailing = (eventId, ...rest) => (eventId === id ? Promise.reject(new Error('the job timed out')) : real.claimMailing(eventId, ...rest));
    const dying = { ...hub.deps, registrations: { ...real, claimMailing } };
    clock.now = () => new Date(startsAt - 6.5 * DAY);
    // Act
    await expect(runJob(dying, 'reminders')).rejects.toThrow('timed out');
    const next = await runJob(hub.deps, 'reminders');
    const again = await runJob(hub.deps, 'reminders');
    // Assess
    expect(next['reminder-7d']).toBeGreaterThanOrEqual(2);
    expect(again['reminder-7d']).toBe(0);
    for (const email of people) {
      const mails = await hub.inbox.waitFor(email, 2);
      expect(mails.filter((m) => m.subject === `Reminder (in a week): ${title}`)).toHaveLength(1);
    }
  }, 60_000);

  it('closes unsent the reminder of someone who cancelled between its recording and its mark', async () => {
    // Prepare: one registrant, who cancels at the moment the run marks their reminder.
    clock.now = () => new Date();
    const start = wallClock(10, 9);
    const title = `Cancelled session ${Date.now().toString(36)}`;
    const id = await createEvent(hub, secretariat, { capacity: 5, start, end: wallClock(10, 12), timeZone: 'UTC', title });
    const startsAt = Date.parse(`${start}:00Z`);
    const email = await addMember(hub);
    await post(hub, `/api/events/${id}/registration`, {}, await openSession(hub, email));
    const { runJob } = await import('../../../functions/jobs/index.ts');
    const { recipientKeyOf } = await import('../../../functions/core/deliveries/delivery.ts');
    const real = hub.deps.registrations;
    const claimMailing: typeof real.claimMailing = async (eventId, who, ...rest) => {
      if (eventId === id) await real.cancel(eventId, who);
      return real.claimMailing(eventId, who, ...rest);
    };
    clock.now = () => new Date(startsAt - 6.5 * DAY);
    // Act
    await runJob({ ...hub.deps, registrations: { ...real, claimMailing } }, 'reminders');
    await hub.deps.sendQueue.idle?.();
    // Assess
    expect(await hub.deps.outbox.get({ mailingId: `reminder-7d:${id}`, recipientKey: recipientKeyOf(email) })).toMatchObject({ status: 'failed', reason: expect.stringContaining('cancelled') });
    expect((await hub.inbox.to(email)).map((m) => m.subject)).toEqual([`Registered: ${title}`]);
  }, 60_000);

  it('is registered as the job "reminders"', async () => {
    const { jobs } = await import('../../../functions/jobs/index.ts');
    expect(Object.keys(jobs)).toContain('reminders');
  });
});

describe('agenda: personal calendar feed', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.dispose());

  it('serves the member\'s events by secret address, until it is replaced or revoked', async () => {
    // Prepare
    const secretariat = await openSession(hub, await addMember(hub, { secretariat: true }));
    const id = await createEvent(hub, secretariat, { title: 'Advisory Board meeting' });
    await createEvent(hub, secretariat, { title: 'An event this member skips' });
    const member = await openSession(hub, await addMember(hub));
    await post(hub, `/api/events/${id}/registration`, {}, member);
    // Act
    const { url } = (await (await post(hub, '/api/calendar-feed', {}, member)).json()) as { url: string };
    const feedPath = new URL(url).pathname;
    const feed = await hub.app.request(feedPath);
    const { url: newer } = (await (await post(hub, '/api/calendar-feed', {}, member)).json()) as { url: string };
    const old = await hub.app.request(feedPath);
    await post(hub, '/api/calendar-feed/revoke', {}, member);
    const revoked = await hub.app.request(new URL(newer).pathname);
    // Assess
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await feed.text();
    expect(text).toContain('SUMMARY:Advisory Board meeting');
    expect(text).not.toContain('An event this member skips');
    expect(old.status).toBe(404);
    expect(revoked.status).toBe(404);
  });

  it('refuses a malformed feed address with 400', async () => {
    expect((await hub.app.request('/api/calendar/short.ics')).status).toBe(400);
  });
});
