import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../../functions/jobs/index.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { header } from '../../helpers/inbox.ts';
import { createUpdate, importCsv, queueIdle } from '../../helpers/mail-pipeline.ts';
import { addMember, browserHeaders, post, signIn } from '../../helpers/session.ts';

describe('tailored updates', () => {
  let hub: TestHub;
  let cookie: string;
  let memberCookie: string;
  const ngo = uniqueEmail('ngo');
  const city = uniqueEmail('city');
  const cityFr = uniqueEmail('city-fr');
  const covered = uniqueEmail('covered');
  const relay = uniqueEmail('relay');
  beforeAll(async () => {
    hub = await createTestHub();
    cookie = await signIn(hub, await addMember(hub, { secretariat: true }));
    memberCookie = await signIn(hub, await addMember(hub));
    const csv = ['email,name,organisation,audience,country,language,topics', `${ngo},Nora,Refugee Aid,ngo,GR,en,housing`, `${city},Carl,City of Ghent,local-authority,BE,en,housing`, `${cityFr},Claire,Ville de Lyon,local-authority,FR,fr,housing`, `${covered},Ana,City of Porto,local-authority,PT,pt,housing`].join('\n');
    expect((await importCsv(hub, cookie, csv)).status).toBe(200);
    const put = await hub.app.request('/api/admin/networks/eurocities-test', {
      method: 'PUT',
      headers: browserHeaders(hub, cookie),
      body: JSON.stringify({ name: 'EUROCITIES', audiences: ['local-authority'], countries: [], languages: ['en'], relayContacts: [{ name: 'Relay Desk', email: relay }], intro: 'Cities network' }),
    });
    expect(put.status).toBe(200);
    // Ana is reached through EUROCITIES: the network forwards, so no direct email.
    const contact = await hub.deps.contactBook.contacts.get(covered);
    await hub.deps.contactBook.contacts.save({ ...contact!, networks: ['eurocities-test'] }, contact!.updatedAt);
  });
  afterAll(() => hub.dispose());

  const update = {
    title: 'Housing first results',
    subject: 'Housing first: what we learnt',
    body: 'The base body. <script>alert(1)</script>',
    variants: [
      { audience: 'ngo', subject: 'For NGOs: housing first', body: 'The NGO body.' },
      { audience: 'local-authority', subject: 'For cities: housing first', body: 'The cities body.' },
      { audience: 'local-authority', language: 'fr', subject: 'Pour les villes : le logement d’abord', body: 'Le corps pour les villes.' },
    ],
    targets: { audiences: ['ngo', 'local-authority'], countries: [] },
    routes: { direct: true, networks: ['eurocities-test'] },
  };

  it('sends each targeted person exactly one email with their variant, one-click headers and the delivery tag', async () => {
    // Prepare
    const id = await createUpdate(hub, cookie, update);
    // Act
    const send = await post(hub, `/api/admin/updates/${id}/send`, {}, cookie);
    await queueIdle(hub);
    // Assess
    expect(send.status).toBe(202);
    const started = (await send.json()) as { job: string; location: string };
    expect(started).toMatchObject({ id, status: 'sending', location: `/api/admin/jobs/${started.job}` });
    expect(send.headers.get('location')).toBe(started.location);
    const planning = await hub.app.request(started.location, { headers: { cookie } });
    expect(await planning.json()).toMatchObject({ kind: 'update-plan', state: 'done', recipients: 4, queued: 4 });
    const [ngoMail] = await hub.inbox.waitFor(ngo);
    const [cityMail] = await hub.inbox.waitFor(city);
    const [frMail] = await hub.inbox.waitFor(cityFr);
    const [relayMail] = await hub.inbox.waitFor(relay);
    expect(ngoMail!.subject).toBe('For NGOs: housing first');
    expect(cityMail!.subject).toBe('For cities: housing first');
    expect(frMail!.subject).toBe('Pour les villes : le logement d’abord');
    expect(relayMail!.subject).toBe('To relay to EUROCITIES: For cities: housing first');
    expect(relayMail!.text).toMatch(/forward-ready version/);
    expect(relayMail!.text).toMatch(/\/relayed\/#u-/);
    expect(header(ngoMail!, 'List-Unsubscribe')).toMatch(/^<http:\/\/localhost:4321\/api\/unsubscribe\/[A-Za-z0-9_.-]+>$/);
    expect(header(ngoMail!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header(ngoMail!, 'X-Hub-Delivery')).toMatch(new RegExp(`^${id}\\.[a-f0-9]{32}$`));
    expect(ngoMail!.text).toMatch(/Unsubscribe: http:\/\/localhost:4321\/unsubscribe\/#/);
    // A French contact's email speaks French around the update, and its links open the French pages
    expect(frMail!.text).toMatch(/Se désabonner: http:\/\/localhost:4321\/fr\/unsubscribe\/#/);
    expect(frMail!.text).toMatch(/Préférences: http:\/\/localhost:4321\/fr\/preferences\/#/);
    expect(frMail!.text).toContain('Vous recevez cette lettre du Partenariat pour l’inclusion des migrants et des réfugiés');
    expect(frMail!.text).toContain('Bonjour Claire,');
    expect(frMail!.text).not.toMatch(/Unsubscribe|You receive this|Dear /);
    expect(await hub.inbox.to(covered)).toHaveLength(0);
    for (const address of [ngo, city, cityFr, relay]) expect(await hub.inbox.to(address)).toHaveLength(1);
  });

  it('reports counts by status, route, audience and country, the relay confirmations and the coverage', async () => {
    // Prepare
    const id = await createUpdate(hub, cookie, { ...update, targets: { audiences: ['ngo', 'local-authority', 'research'], countries: [] } });
    await post(hub, `/api/admin/updates/${id}/send`, {}, cookie);
    await queueIdle(hub);
    const relayMails = await hub.inbox.waitFor(relay, 2);
    const token = /\/relayed\/#([^\s]+)/.exec(relayMails.at(-1)!.text!)![1]!;
    // Act
    const relayed = await post(hub, '/api/relayed', { token });
    const again = await post(hub, '/api/relayed', { token });
    const report = await hub.app.request(`/api/admin/updates/${id}/report`, { headers: { cookie } });
    // Assess
    expect(relayed.status).toBe(200);
    expect(await again.json()).toEqual({ confirmed: true, already: true });
    const body = (await report.json()) as { totals: { byStatus: unknown; byRoute: unknown }; counts: unknown[]; gaps: { audiences: string[] }; coverage: unknown; relays: unknown };
    expect(body.totals.byStatus).toMatchObject({ sent: 4, queued: 0, failed: 0 });
    expect(body.totals.byRoute).toEqual({ direct: 3, 'relay:eurocities-test': 1 });
    expect(body.counts).toContainEqual({ status: 'sent', route: 'direct', network: '', audience: 'ngo', country: 'GR', count: 1 });
    expect(body.gaps.audiences).toEqual(['research']);
    expect(body.coverage).toEqual([{ network: 'eurocities-test', audience: 'local-authority', country: 'PT', count: 1 }]);
    expect(body.relays).toEqual([{ network: 'eurocities-test', name: 'EUROCITIES', relayContacts: 1, confirmed: 1 }]);
  });

  it('refuses to send an update twice', async () => {
    const id = await createUpdate(hub, cookie, { ...update, routes: { direct: false, networks: ['eurocities-test'] } });
    expect((await post(hub, `/api/admin/updates/${id}/send`, {}, cookie)).status).toBe(202);
    const second = await post(hub, `/api/admin/updates/${id}/send`, {}, cookie);
    await queueIdle(hub);
    expect(second.status).toBe(409);
  });

  it('unsubscribes on the one-click POST, without cookie or origin, and not on a GET', async () => {
    // Prepare
    const [mail] = await hub.inbox.waitFor(ngo);
    const url = new URL(header(mail!, 'List-Unsubscribe')!.slice(1, -1));
    // Act
    const get = await hub.app.request(url.pathname);
    const afterGet = await hub.deps.contactBook.contacts.get(ngo);
    const oneClick = await hub.app.request(url.pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    // Assess
    expect(get.status).toBe(404);
    expect(afterGet!.status).toBe('subscribed');
    expect(oneClick.status).toBe(200);
    expect((await hub.deps.contactBook.contacts.get(ngo))!.status).toBe('unsubscribed');
    const before = (await hub.inbox.to(ngo)).length;
    const id = await createUpdate(hub, cookie, { ...update, routes: { direct: true, networks: [] } });
    const send = await post(hub, `/api/admin/updates/${id}/send`, {}, cookie);
    await queueIdle(hub);
    expect(send.status).toBe(202);
    const report = (await (await hub.app.request(`/api/admin/updates/${id}/report`, { headers: { cookie } })).json()) as { update: { recipients: number }; excluded: { suppressed: number } };
    expect(report).toMatchObject({ update: { recipients: 3 }, excluded: { suppressed: 1 } });
    expect(await hub.inbox.to(ngo)).toHaveLength(before);
  });

  it('previews every variant and the forward-ready version, HTML sanitized', async () => {
    const id = await createUpdate(hub, cookie, update);
    const response = await hub.app.request(`/api/admin/updates/${id}/preview`, { headers: { cookie } });
    const { previews } = (await response.json()) as { previews: { variant: string; route: string; html: string }[] };
    expect(previews.map((p) => `${p.variant}/${p.route}`)).toEqual(['base/direct', 'ngo/direct', 'local-authority/direct', 'local-authority:fr/direct', 'local-authority/relay:eurocities-test']);
    expect(previews[0]!.html).not.toContain('<script>');
  });

  it('schedules and cancels: the scheduled-updates job starts an update at its time, not before, and never a cancelled one', async () => {
    // Prepare: one update scheduled an hour ahead, another scheduled then cancelled; no variants, so every email carries its subject.
    const at = new Date(Date.now() + 3600_000);
    const subject = `Scheduled ${at.toISOString()}`;
    const id = await createUpdate(hub, cookie, { ...update, subject, variants: [] });
    const dropped = await createUpdate(hub, cookie, { ...update, subject: `Dropped ${at.toISOString()}`, variants: [] });
    const bad = await post(hub, `/api/admin/updates/${id}/schedule`, { at: '2001-01-01T00:00:00Z' }, cookie);
    const scheduled = await post(hub, `/api/admin/updates/${id}/schedule`, { at: at.toISOString() }, cookie);
    expect(await post(hub, `/api/admin/updates/${dropped}/schedule`, { at: at.toISOString() }, cookie)).toHaveProperty('status', 200);
    const cancelled = await post(hub, `/api/admin/updates/${dropped}/cancel`, {}, cookie);
    const cancelAgain = await post(hub, `/api/admin/updates/${dropped}/cancel`, {}, cookie);
    const withSubject = async (address: string, wanted: string) => (await hub.inbox.waitFor(address, 0)).filter((mail) => mail.subject?.includes(wanted)).length;
    // Act: the job the scheduler Lambda and the local scheduler run, a second before the time, then a second after it, then once more.
    const before = await runJob({ ...hub.deps, now: () => new Date(at.getTime() - 1000) }, 'scheduled-updates');
    await queueIdle(hub);
    const statusBefore = (await hub.deps.updates.getUpdate(id))?.status;
    const mailsBefore = await withSubject(city, subject);
    const due = await runJob({ ...hub.deps, now: () => new Date(at.getTime() + 1000) }, 'scheduled-updates');
    await queueIdle(hub);
    const again = await runJob({ ...hub.deps, now: () => new Date(at.getTime() + 120_000) }, 'scheduled-updates');
    await queueIdle(hub);
    // Assess
    expect(bad.status).toBe(422);
    expect(scheduled.status).toBe(200);
    expect(cancelled.status).toBe(200);
    expect(cancelAgain.status).toBe(409);
    expect(before).toEqual({ started: 0, resumed: 0 });
    expect(statusBefore).toBe('scheduled');
    expect(mailsBefore).toBe(0);
    expect(due).toEqual({ started: 1, resumed: 0 });
    expect(again).toEqual({ started: 0, resumed: 0 });
    // The two cities directly, EUROCITIES' relay desk for Ana; not the NGO, unsubscribed above.
    expect(await hub.deps.updates.getUpdate(id)).toMatchObject({ status: 'sent', recipients: 3 });
    expect(await Promise.all([city, cityFr, relay, ngo, covered].map((person) => withSubject(person, subject)))).toEqual([1, 1, 1, 0, 0]);
    expect((await hub.deps.updates.getUpdate(dropped))?.status).toBe('cancelled');
    expect(await Promise.all([ngo, city, cityFr, relay].map((person) => withSubject(person, `Dropped ${at.toISOString()}`)))).toEqual([0, 0, 0, 0]);
  });

  it('holds an update while a translation is still to translate, then gives it to the readers of its language who have no variant of their own', async () => {
    // Prepare: a variant for cities in English and a French translation of the whole update, not yet written.
    const subjectsOf = async (address: string) => (await hub.inbox.to(address)).map((m) => m.subject).filter((s) => /translation test|test de traduction/.test(s));
    const draft = {
      ...update,
      subject: 'Housing: the translation test',
      variants: [{ audience: 'local-authority', subject: 'For cities: the translation test' }, { language: 'fr', translation: 'to-translate' }],
      routes: { direct: true, networks: [] },
    };
    const id = await createUpdate(hub, cookie, draft);
    // Act: send and schedule while the translation waits
    const held = await post(hub, `/api/admin/updates/${id}/send`, {}, cookie);
    const scheduled = await post(hub, `/api/admin/updates/${id}/schedule`, { at: new Date(Date.now() + 3_600_000).toISOString() }, cookie);
    // Assess: both refused, naming the variant; nothing went out
    expect(held.status).toBe(422);
    expect(await held.json()).toMatchObject({ error: { code: 'rule_violated', details: [{ path: 'variants.1.translation', variant: 'all:fr' }] } });
    expect(scheduled.status).toBe(422);
    expect(((await (await hub.app.request(`/api/admin/updates/${id}`, { headers: { cookie } })).json()) as { status: string }).status).toBe('draft');
    // Act: the translation is written and marked translated, then the update is sent
    const translated = { ...draft, variants: [draft.variants[0], { language: 'fr', translation: 'translated', subject: 'Logement : le test de traduction', body: 'Le texte traduit.' }] };
    const saved = await hub.app.request(`/api/admin/updates/${id}`, { method: 'PUT', headers: browserHeaders(hub, cookie), body: JSON.stringify(translated) });
    expect(saved.status).toBe(200);
    expect((await post(hub, `/api/admin/updates/${id}/send`, {}, cookie)).status).toBe(202);
    await queueIdle(hub);
    // Assess: the French city reads the translation (its language before its audience), the English
    // and Portuguese cities the variant for cities.
    expect(await subjectsOf(cityFr)).toEqual(['Logement : le test de traduction']);
    expect(await subjectsOf(city)).toEqual(['For cities: the translation test']);
    expect(await subjectsOf(covered)).toEqual(['For cities: the translation test']);
  });

  it('answers 401 to anonymous callers, 403 to members, 400 naming the field', async () => {
    const anonymous = await post(hub, '/api/admin/updates', update);
    const member = await post(hub, '/api/admin/updates', update, memberCookie);
    const invalid = await post(hub, '/api/admin/updates', { ...update, targets: { audiences: [] } }, cookie);
    const unknownNetwork = await post(hub, '/api/admin/updates', { ...update, routes: { direct: false, networks: ['nope'] } }, cookie);
    expect(anonymous.status).toBe(401);
    expect(member.status).toBe(403);
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(await invalid.json())).toContain('targets.audiences');
    expect(unknownNetwork.status).toBe(422);
  });
});
