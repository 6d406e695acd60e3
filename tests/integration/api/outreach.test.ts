import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, openSession, request, roleNames, signInRoles, type RoleName } from '../../helpers/agenda.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { createUpdate, importCsv, queueIdle } from '../../helpers/mail-pipeline.ts';
import { addMember, post } from '../../helpers/session.ts';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

describe('outreach view', () => {
  let hub: TestHub;
  let cookies: Record<RoleName, string | undefined>;
  beforeAll(async () => {
    hub = await createTestHub();
    ({ cookies } = await signInRoles(hub));
  });
  afterAll(() => hub.dispose());

  it('answers GET /api/admin/outreach by role', async () => {
    const statuses = Object.fromEntries(
      await Promise.all(roleNames.map(async (role) => [role, (await request(hub, 'GET', `/api/admin/outreach?from=${inDays(0)}&to=${inDays(60)}`, cookies[role])).status] as const)),
    );
    expect(statuses).toEqual({ anonymous: 401, 'non-member': 403, observer: 403, member: 403, leader: 403, secretariat: 200 });
  });

  it('shows which audiences, countries and networks events and updates reached, the gaps first', async () => {
    // Prepare: a contact who is also a member (an NGO in Greece, reached through ECRE)
    const now = new Date().toISOString();
    const email = await addMember(hub);
    await hub.deps.partnership.addContact({
      email,
      name: 'NGO worker',
      organisation: 'Refugee support NGO',
      audience: 'ngo',
      country: 'GR',
      language: 'en',
      topics: ['housing'],
      source: 'test',
      status: 'subscribed',
      networks: ['ecre'],
      createdAt: now,
      updatedAt: now,
    });
    const researcher = uniqueEmail('researcher');
    const csv = ['email,name,organisation,audience,country,language,topics', `${researcher},Rita,Urban Institute,research,PT,pt,indicators`, `${uniqueEmail('ministry')},Mia,Ministry,national-authority,IT,it,funding`].join('\n');
    expect((await importCsv(hub, cookies.secretariat!, csv)).status).toBe(200);
    const updateId = await createUpdate(hub, cookies.secretariat!, {
      title: 'Indicators dashboard',
      subject: 'The urban indicators dashboard is online',
      body: 'The dashboard of urban integration indicators is online.',
      variants: [],
      targets: { audiences: ['research'], countries: [] },
      routes: { direct: true, networks: [] },
    });
    expect((await post(hub, `/api/admin/updates/${updateId}/send`, {}, cookies.secretariat)).status).toBe(202);
    await queueIdle(hub);
    await hub.inbox.waitFor(researcher);
    await hub.deps.partnership.addNetwork({ id: 'ecre', name: 'ECRE', audiences: ['ngo'], countries: [], languages: ['en'], relayContacts: [{ name: 'ECRE', email: 'relay@ecre.example.net' }], intro: '' });
    const id = await createEvent(hub, cookies.secretariat!, { start: `${inDays(10)}T09:00`, end: `${inDays(10)}T12:00`, timeZone: 'UTC' });
    await post(hub, `/api/events/${id}/registration`, {}, await openSession(hub, email));
    // Act
    const answer = await request(hub, 'GET', `/api/admin/outreach?from=${inDays(0)}&to=${inDays(30)}`, cookies.secretariat);
    // Assess
    expect(answer.status).toBe(200);
    const view = (await answer.json()) as { audiences: { key: string; events: number; updates: number; reached: boolean }[]; countries: { key: string; reached: boolean }[]; networks: { key: string; events: number }[]; pending: string[] };
    expect(view.pending).toEqual([]);
    expect(view.audiences.find((a) => a.key === 'ngo')).toEqual({ key: 'ngo', label: 'ngo', events: 1, updates: 0, reached: true });
    expect(view.audiences.find((a) => a.key === 'research')).toEqual({ key: 'research', label: 'research', events: 0, updates: 1, reached: true });
    expect(view.audiences.find((a) => a.key === 'national-authority')).toMatchObject({ events: 0, updates: 0, reached: false });
    expect(view.audiences[0]!.reached).toBe(false);
    expect(view.countries).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'GR', reached: true }), expect.objectContaining({ key: 'PT', reached: true }), expect.objectContaining({ key: 'IT', reached: false })]),
    );
    expect(view.networks.find((n) => n.key === 'ecre')?.events).toBe(1);
  });

  it('refuses a period that ends before it starts, naming "to"', async () => {
    const answer = await request(hub, 'GET', `/api/admin/outreach?from=${inDays(5)}&to=${inDays(0)}`, cookies.secretariat);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { details: [{ path: 'to' }] } });
  });
});
