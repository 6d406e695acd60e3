import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressionKeyOf } from '../../../functions/core/contacts/suppression.ts';
import { seedDemo } from '../../../functions/local/seed.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { createUpdate, importCsv, queueIdle } from '../../helpers/mail-pipeline.ts';
import { addMember, post, signIn } from '../../helpers/session.ts';

type Audience = {
  complete: boolean;
  read: number;
  recipients: number;
  direct: number;
  relayed: { network: string; name: string; relayContacts: number; covered: number }[];
  byAudience: Record<string, number>;
  byCountry: Record<string, number>;
  byLanguage: Record<string, number>;
  excluded: Record<string, number>;
  gaps: { audiences: string[]; countries: string[] };
};
type Report = { update: { recipients: number; status: string }; counts: { route: string; audience: string; country: string; count: number }[]; totals: { byRoute: Record<string, number>; byAudience: Record<string, number>; byCountry: Record<string, number> }; excluded: { suppressed: number; unconsented: number }; gaps: Audience['gaps']; relays: { network: string; relayContacts: number }[] };

/** The demo partnership (360 contacts, seven networks): the dry run against what a real send of it plans. */
describe('how many people an update would reach', () => {
  let hub: TestHub;
  // The count's limit is per minute of the clock: a test holds the clock still, so its requests never straddle two minutes.
  let stopped: Date | undefined;
  const clock = { now: () => stopped ?? new Date() };
  let cookie: string;
  const draft = {
    title: 'Reception of young refugees',
    subject: 'What reception centres learnt this year',
    body: 'The **base** body.',
    targets: { audiences: ['ngo', 'local-authority'], countries: ['GR', 'ES', 'DE'], topics: [] },
    routes: { direct: true, networks: ['ecre'] },
  };
  const audienceOf = async (id: string) => {
    const answer = await hub.app.request(`/api/admin/updates/${id}/audience`, { headers: { cookie } });
    expect(answer.status, await answer.clone().text()).toBe(200);
    return (await answer.json()) as Audience;
  };
  const dryRun = async (body: unknown) => post(hub, '/api/admin/updates/audience', body, cookie);

  beforeAll(async () => {
    hub = await createTestHub({}, clock);
    await seedDemo(hub.table);
    cookie = await signIn(hub, await addMember(hub, { secretariat: true }));
    // One NGO in Greece erased or suppressed while still marked subscribed: the list alone keeps them out.
    const greekNgo = (await hub.deps.contactBook.contacts.allOfAudience('ngo')).find((c) => c.country === 'GR' && c.status === 'subscribed' && c.consent)!;
    await hub.deps.contactBook.suppressions.add({ key: suppressionKeyOf(greekNgo.email), reason: 'erased', at: new Date().toISOString() });
  });
  afterAll(() => hub.dispose());

  it('counts exactly the recipients, routes, audiences, countries and exclusions a send then plans, and writes nothing', async () => {
    // Prepare
    const id = await createUpdate(hub, cookie, draft);
    // Act
    const dry = await audienceOf(id);
    const again = await audienceOf(id);
    const before = (await (await hub.app.request(`/api/admin/updates/${id}/report`, { headers: { cookie } })).json()) as Report;
    const send = await post(hub, `/api/admin/updates/${id}/send`, {}, cookie);
    await queueIdle(hub);
    const report = (await (await hub.app.request(`/api/admin/updates/${id}/report`, { headers: { cookie } })).json()) as Report;
    // Assess: the dry run left the draft a draft, with no delivery, and counts the same twice.
    expect(again).toEqual(dry);
    expect(before.update.status).toBe('draft');
    expect(before.counts).toEqual([]);
    expect(send.status).toBe(202);
    expect(dry.complete).toBe(true);
    expect(dry.recipients).toBeGreaterThan(10);
    expect(report.update.recipients).toBe(dry.recipients);
    expect(report.counts.reduce((n, c) => n + c.count, 0)).toBe(dry.recipients);
    expect(report.totals.byRoute).toEqual({ direct: dry.direct, 'relay:ecre': dry.relayed[0]!.relayContacts });
    expect(dry.relayed).toEqual([{ network: 'ecre', name: 'ECRE', relayContacts: 1, covered: expect.any(Number) as number }]);
    expect(dry.relayed[0]!.covered).toBeGreaterThan(0);
    expect(report.totals.byAudience).toEqual(dry.byAudience);
    expect(report.totals.byCountry).toEqual(dry.byCountry);
    expect(report.excluded).toEqual({ suppressed: dry.excluded.suppressed, unconsented: dry.excluded.unconsented });
    expect(dry.excluded.suppressionList).toBe(1);
    expect(dry.excluded.suppressed).toBe(dry.excluded.unsubscribed! + dry.excluded.bounced! + dry.excluded.complained! + dry.excluded.suppressionList! + dry.excluded.relaySuppressed!);
    expect(report.gaps).toEqual(dry.gaps);
    expect(Object.values(dry.byLanguage).reduce((n, x) => n + x, 0)).toBe(dry.recipients);
  });

  it('counts targets and routes not saved yet: a country more reaches more people; a topic narrows it', async () => {
    // Prepare
    const updatesBefore = ((await (await hub.app.request('/api/admin/updates', { headers: { cookie } })).json()) as { updates: unknown[] }).updates.length;
    const ngos = (countries: string[], topics: string[] = []) => ({ targets: { audiences: ['ngo'], countries, topics }, routes: { direct: true, networks: [] } });
    // Act
    const answers = await Promise.all([dryRun(ngos(['GR', 'ES'])), dryRun(ngos(['GR', 'ES', 'DE'])), dryRun(ngos(['GR', 'ES', 'DE'], ['housing']))]);
    const [two, three, housing] = (await Promise.all(answers.map((a) => a.json()))) as Audience[];
    // Assess
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(three!.recipients).toBeGreaterThan(two!.recipients);
    expect(three!.recipients - two!.recipients).toBe(three!.byCountry.DE);
    expect(housing!.recipients).toBeLessThan(three!.recipients);
    expect(Object.keys(three!.byCountry).sort()).toEqual(['DE', 'ES', 'GR']);
    expect(three!.gaps).toEqual({ audiences: [], countries: [] });
    const updatesAfter = ((await (await hub.app.request('/api/admin/updates', { headers: { cookie } })).json()) as { updates: unknown[] }).updates.length;
    expect(updatesAfter).toBe(updatesBefore);
  });

  it('names the outreach gaps: a targeted country nobody is reached in', async () => {
    // Act
    const answer = await dryRun({ targets: { audiences: ['ngo'], countries: ['GR', 'LU'] }, routes: { direct: true, networks: [] } });
    // Assess
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as Audience).gaps).toEqual({ audiences: [], countries: ['LU'] });
  });

  it('answers 400 with each field at fault, 422 for an unknown network, 404 for an unknown update', async () => {
    // Act
    const invalid = await dryRun({ targets: { audiences: [], countries: ['Greece'], topics: ['gardening'] }, routes: { direct: false, networks: [] } });
    const unknownNetwork = await dryRun({ targets: { audiences: ['ngo'] }, routes: { direct: true, networks: ['nowhere'] } });
    const missing = await hub.app.request('/api/admin/updates/u-000000/audience', { headers: { cookie } });
    const badId = await hub.app.request('/api/admin/updates/nope/audience', { headers: { cookie } });
    // Assess
    expect(invalid.status).toBe(400);
    const details = ((await invalid.json()) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);
    expect(details).toEqual(expect.arrayContaining(['targets.audiences', 'targets.countries.0', 'targets.topics.0', 'routes']));
    expect(unknownNetwork.status).toBe(422);
    expect(await unknownNetwork.json()).toMatchObject({ error: { code: 'rule_violated', details: [{ path: 'routes.networks', message: 'unknown: nowhere' }] } });
    expect(missing.status).toBe(404);
    expect(badId.status).toBe(400);
  });

  it('counts the demo and a few thousand imported contacts in one request, well inside its time budget', async () => {
    // Prepare: 3,000 more NGOs and cities, imported in two files as the console would.
    const countries = ['GR', 'ES', 'DE', 'IT', 'PT', 'FR'];
    for (const part of [0, 1]) {
      const rows = Array.from({ length: 1500 }, (_, i) => {
        const n = part * 1500 + i;
        return `bulk${n}@bulk.example.net,Person ${n},Org ${n},${n % 2 ? 'ngo' : 'local-authority'},${countries[n % countries.length]},en,housing`;
      });
      const imported = await importCsv(hub, cookie, ['email,name,organisation,audience,country,language,topics', ...rows].join('\n'));
      expect(imported.status).toBe(200);
    }
    const everyone = { targets: { audiences: ['local-authority', 'national-authority', 'eu-institution', 'city-network', 'ngo', 'migrant-organisation', 'research', 'private-sector'] }, routes: { direct: true, networks: ['eurocities', 'ecre'] } };
    // Act
    const started = performance.now();
    const answer = await dryRun(everyone);
    const took = performance.now() - started;
    // Assess
    const count = (await answer.json()) as Audience;
    expect(answer.status).toBe(200);
    expect(count).toMatchObject({ complete: true, read: 3360 });
    expect(count.recipients).toBeGreaterThan(2000);
    // The budget is 7 s; on a shared two-core machine this takes about a second.
    expect(took).toBeLessThan(7000);
    console.info(`dry run over ${count.read} contacts: ${Math.round(took)} ms, ${count.recipients} recipients`);
  }, 180_000);

  it('refuses a member who counts too often, with Retry-After', async () => {
    // Prepare
    const fast = await signIn(hub, await addMember(hub, { secretariat: true }));
    const nobody = JSON.stringify({ targets: { audiences: ['private-sector'], countries: ['LI'] }, routes: { direct: true } });
    // Act
    const answers: Response[] = [];
    stopped = new Date();
    for (let i = 0; i < 61; i++) answers.push(await post(hub, '/api/admin/updates/audience', JSON.parse(nobody), fast));
    stopped = undefined;
    // Assess
    expect(answers.slice(0, 60).every((a) => a.status === 200)).toBe(true);
    expect(answers[60]!.status).toBe(429);
    expect(Number(answers[60]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
