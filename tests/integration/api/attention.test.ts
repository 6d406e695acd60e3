import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, openSession, request, roleNames, signInRoles, wallClock, type RoleName } from '../../helpers/agenda.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { createUpdate } from '../../helpers/mail-pipeline.ts';
import { addMember, post } from '../../helpers/session.ts';

const DAY = 86_400_000;
const draft = (title: string) => ({ title, subject: title, body: 'Body.', targets: { audiences: ['research'], countries: ['LI'] }, routes: { direct: true } });
const report = {
  whatHappened: 'Athens and Berlin agreed to pilot a shared guardianship training for social workers.',
  actions: [1],
  links: [],
  followUp: 'Ask the Advisory Board to review the training outline.',
};

describe("the console's attention counts", () => {
  const clock = { now: () => new Date() };
  let hub: TestHub;
  let cookies: Record<RoleName, string | undefined>;
  const counts = async () => {
    const answer = await request(hub, 'GET', '/api/admin/attention', cookies.secretariat);
    expect(answer.status).toBe(200);
    return answer.json();
  };
  beforeAll(async () => {
    // The clock moves past an event while sessions stay open.
    hub = await createTestHub({ SESSION_IDLE_HOURS: String(365 * 24) }, { now: () => clock.now() });
    ({ cookies } = await signInRoles(hub));
  });
  afterAll(() => hub.dispose());

  it('answers GET /api/admin/attention to the secretariat alone', async () => {
    const statuses = Object.fromEntries(await Promise.all(roleNames.map(async (role) => [role, (await request(hub, 'GET', '/api/admin/attention', cookies[role])).status] as const)));
    expect(statuses).toEqual({ anonymous: 401, 'non-member': 403, observer: 403, member: 403, leader: 403, secretariat: 200 });
  });

  it('says zero of each when nothing waits, and does not count drafts', async () => {
    await createUpdate(hub, cookies.secretariat!, draft('A draft'));
    expect(await counts()).toEqual({ reports: 0, pausedSends: 0, scheduledUpdates: 0 });
  });

  it('counts scheduled updates until they are cancelled, and sends the brake paused', async () => {
    const scheduled = await createUpdate(hub, cookies.secretariat!, draft('Scheduled'));
    expect((await post(hub, `/api/admin/updates/${scheduled}/schedule`, { at: new Date(Date.now() + 2 * DAY).toISOString() }, cookies.secretariat)).status).toBe(200);
    const paused = await createUpdate(hub, cookies.secretariat!, draft('Paused'));
    await hub.deps.updates.startSending(paused, new Date());
    await hub.deps.updates.pause(paused, { reason: 'complaints', at: new Date().toISOString(), sent: 300, permanentBounces: 0, complaints: 1 }, new Date());
    expect(await counts()).toEqual({ reports: 0, pausedSends: 1, scheduledUpdates: 1 });
    expect((await post(hub, `/api/admin/updates/${scheduled}/cancel`, {}, cookies.secretariat)).status).toBe(200);
    expect(await counts()).toEqual({ reports: 0, pausedSends: 1, scheduledUpdates: 0 });
  });

  it('counts reports awaiting review until the secretariat reviews them', async () => {
    const eventId = await createEvent(hub, cookies.secretariat!, { start: wallClock(1, 9), end: wallClock(1, 12), timeZone: 'UTC' });
    const author = await openSession(hub, await addMember(hub));
    await post(hub, `/api/events/${eventId}/registration`, {}, author);
    clock.now = () => new Date(Date.now() + 2 * DAY);
    const submitted = await post(hub, `/api/events/${eventId}/report`, report, author);
    expect(submitted.status).toBe(201);
    expect(await counts()).toMatchObject({ reports: 1 });
    const { id } = (await submitted.json()) as { id: string };
    expect((await post(hub, `/api/admin/reports/${id}/review`, { decision: 'accepted' }, cookies.secretariat)).status).toBe(200);
    expect(await counts()).toMatchObject({ reports: 0 });
  });
});
