import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../../functions/core/contacts/contact.ts';
import type { Network } from '../../../functions/core/networks/network.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { createUpdate, importCsv, queueIdle } from '../../helpers/mail-pipeline.ts';
import { addMember, browserHeaders, post, signIn } from '../../helpers/session.ts';

type ImportAnswer = { imported: number; updated: number; stored: boolean; rejected: { row: number; field: string; reason: string }[] };
type Profile = {
  contact: Contact;
  suppressed?: { reason: string };
  networks: { id: string; name: string }[];
  consents: { kind: string; channel: string; source: string }[];
  deliveries: { updateId: string; title: string; status: string; route: string }[];
  requests: { kind: string; state: string; via: string }[];
};
type ErrorAnswer = { error: { code: string; message: string; details?: { path?: string; field?: string; id?: string }[] } };
const header = 'email,name,organisation,audience,country,language,topics,networks';

const network = (id: string, name: string): Network => ({ id, name, audiences: ['ngo'], countries: [], languages: ['en'], relayContacts: [{ name: 'Desk', email: uniqueEmail('desk') }], intro: '' });

describe("contacts: networks, filters and a contact's page", () => {
  let hub: TestHub;
  let admin: string;
  let cookie: string;
  let memberCookie: string;
  beforeAll(async () => {
    hub = await createTestHub();
    admin = await addMember(hub, { secretariat: true });
    cookie = await signIn(hub, admin);
    memberCookie = await signIn(hub, await addMember(hub));
    await hub.deps.networks.save(network('eurocities', 'EUROCITIES'));
    await hub.deps.networks.save(network('ecre', 'European Council on Refugees and Exiles'));
  });
  afterAll(() => hub.dispose());

  const importing = async (csv: string, query = '') => {
    const response = await importCsv(hub, cookie, csv, query);
    return { status: response.status, body: (await response.json()) as ImportAnswer };
  };
  const contact = (email: string) => hub.deps.contactBook.contacts.get(email);
  const list = async (query: string) => {
    const response = await hub.app.request(`/api/admin/contacts?${query}`, { headers: browserHeaders(hub, cookie) });
    return { status: response.status, body: (await response.json()) as { contacts: Contact[]; cursor?: string } & ErrorAnswer };
  };
  const newContact = async (audience = 'ngo') => {
    const email = uniqueEmail('contact');
    expect((await importing(`${header}\n${email},Ana,Org,${audience},,,,`)).body.imported).toBe(1);
    return email;
  };

  describe('POST /admin/contacts/networks', () => {
    it('sets a contact’s networks, replacing them, and audits the change; [] clears them', async () => {
      // Prepare
      const email = await newContact();
      // Act
      const set = await post(hub, '/api/admin/contacts/networks', { email, networks: ['eurocities', 'ecre', 'eurocities'] }, cookie);
      const replaced = await post(hub, '/api/admin/contacts/networks', { email, networks: ['ecre'] }, cookie);
      const afterReplace = await contact(email);
      const cleared = await post(hub, '/api/admin/contacts/networks', { email, networks: [] }, cookie);
      // Assess
      expect(set.status).toBe(200);
      expect(((await set.json()) as Contact).networks).toEqual(['eurocities', 'ecre']);
      expect(replaced.status).toBe(200);
      expect(afterReplace?.networks).toEqual(['ecre']);
      expect(cleared.status).toBe(200);
      expect((await contact(email))?.networks).toEqual([]);
      const audit = (await hub.deps.audit.list(50)).entries.filter((e) => e.action === 'contact.networks-set' && e.subject === email);
      expect(audit.map((e) => e.details)).toEqual(expect.arrayContaining([{ before: '', after: 'eurocities;ecre' }, { before: 'eurocities;ecre', after: 'ecre' }, { before: 'ecre', after: '' }]));
      expect(audit.every((e) => e.actor === admin)).toBe(true);
    });

    it('refuses an unknown network id with a 422 naming each, and changes nothing', async () => {
      // Prepare
      const email = await newContact();
      await post(hub, '/api/admin/contacts/networks', { email, networks: ['ecre'] }, cookie);
      // Act
      const response = await post(hub, '/api/admin/contacts/networks', { email, networks: ['eurocities', 'no-such-network', 'nor-this'] }, cookie);
      // Assess
      expect(response.status).toBe(422);
      const body = (await response.json()) as ErrorAnswer;
      expect(body.error.message).toContain('no-such-network');
      expect(body.error.details).toEqual([
        { field: 'networks', id: 'no-such-network', reason: 'no such network' },
        { field: 'networks', id: 'nor-this', reason: 'no such network' },
      ]);
      expect((await contact(email))?.networks).toEqual(['ecre']);
    });

    it('answers 400 for a malformed id or address, 404 for an unknown contact', async () => {
      // Act
      const badId = await post(hub, '/api/admin/contacts/networks', { email: uniqueEmail('x'), networks: ['Not An Id'] }, cookie);
      const badEmail = await post(hub, '/api/admin/contacts/networks', { email: 'nobody', networks: [] }, cookie);
      const unknown = await post(hub, '/api/admin/contacts/networks', { email: uniqueEmail('nobody'), networks: ['ecre'] }, cookie);
      // Assess
      expect(badId.status).toBe(400);
      expect(((await badId.json()) as ErrorAnswer).error.details?.[0]?.path).toBe('networks.0');
      expect(badEmail.status).toBe(400);
      expect(unknown.status).toBe(404);
    });

    it('is the secretariat’s: 401 without a session, 403 for a member', async () => {
      // Prepare
      const email = await newContact();
      // Act
      const anonymous = await post(hub, '/api/admin/contacts/networks', { email, networks: ['ecre'] });
      const member = await post(hub, '/api/admin/contacts/networks', { email, networks: ['ecre'] }, memberCookie);
      const memberProfile = await post(hub, '/api/admin/contacts/profile', { email }, memberCookie);
      // Assess
      expect(anonymous.status).toBe(401);
      expect(member.status).toBe(403);
      expect(memberProfile.status).toBe(403);
      expect((await contact(email))?.networks).toEqual([]);
    });
  });

  describe('the import’s networks column', () => {
    it('sets networks from ;-separated ids inside the request; an empty cell keeps a known contact’s networks', async () => {
      // Prepare
      const [withNetworks, kept] = [uniqueEmail('with'), await newContact()];
      await post(hub, '/api/admin/contacts/networks', { email: kept, networks: ['eurocities'] }, cookie);
      // Act
      const { status, body } = await importing([header, `${withNetworks},W,,ngo,,,,eurocities; ecre`, `${kept},Kept,,ngo,,,,`].join('\n'));
      // Assess
      expect(status).toBe(200);
      expect(body).toMatchObject({ imported: 1, updated: 1, stored: true, rejected: [] });
      expect((await contact(withNetworks))?.networks).toEqual(['eurocities', 'ecre']);
      expect((await contact(kept))?.networks).toEqual(['eurocities']);
    });

    it('refuses a row naming an unknown network, with the reason, and imports nothing unless asked to', async () => {
      // Prepare
      const [good, bad] = [uniqueEmail('good'), uniqueEmail('bad')];
      const csv = [header, `${good},G,,ngo,,,,ecre`, `${bad},B,,ngo,,,,ecre;atlantis`].join('\n');
      // Act
      const refused = await importing(csv);
      const accepted = await importing(csv, '?acceptValid=true');
      // Assess
      expect(refused.body).toMatchObject({ stored: false, imported: 0 });
      expect(refused.body.rejected).toEqual([{ row: 3, field: 'networks', reason: expect.stringContaining('atlantis') }]);
      expect(accepted.body).toMatchObject({ stored: true, imported: 1 });
      expect((await contact(good))?.networks).toEqual(['ecre']);
      expect(await contact(bad)).toBeUndefined();
    });

    it('the import job takes the same column: good rows get their networks, a row with an unknown id is in the report', async () => {
      // Prepare: the three steps, as any file up to 50,000 rows may take
      const [good, bad] = [uniqueEmail('job-good'), uniqueEmail('job-bad')];
      const csv = [header, `${good},G,,ngo,,,,eurocities`, `${bad},B,,ngo,,,,nowhere`].join('\n');
      const bytes = Buffer.byteLength(csv);
      const asked = (await (await post(hub, '/api/admin/contacts/imports', { filename: 'contacts.csv', bytes }, cookie)).json()) as { id: string; upload: { url: string; headers: Record<string, string> } };
      await hub.app.request(asked.upload.url, { method: 'PUT', headers: { ...browserHeaders(hub, cookie), ...asked.upload.headers, 'content-length': String(bytes) }, body: csv });
      // Act
      const started = await post(hub, `/api/admin/contacts/imports/${asked.id}/start`, { acceptValid: true }, cookie);
      await queueIdle(hub);
      const job = (await (await hub.app.request(`/api/admin/jobs/${asked.id}`, { headers: browserHeaders(hub, cookie) })).json()) as { state: string; imported: number; rejected: number; stored: boolean };
      const report = await hub.app.request(`/api/admin/jobs/${asked.id}/report.csv`, { headers: browserHeaders(hub, cookie) });
      // Assess
      expect(started.status).toBe(202);
      expect(job).toMatchObject({ state: 'done', imported: 1, rejected: 1, stored: true });
      expect(parse(await report.text(), { columns: true })).toEqual([{ row: '3', field: 'networks', reason: expect.stringContaining('nowhere') }]);
      expect((await contact(good))?.networks).toEqual(['eurocities']);
      expect(await contact(bad)).toBeUndefined();
    });
  });

  describe('GET /admin/contacts filters', () => {
    it('filters one audience by country, language, status and network', async () => {
      // Prepare: the research audience holds only this test's contacts
      const [frFr, frEn, deFr, gone] = [uniqueEmail('fr-fr'), uniqueEmail('fr-en'), uniqueEmail('de-fr'), uniqueEmail('gone')];
      const rows = [`${frFr},A,,research,FR,fr,,ecre`, `${frEn},B,,research,FR,en,,`, `${deFr},C,,research,DE,fr,,ecre`, `${gone},D,,research,FR,fr,,`];
      expect((await importing([header, ...rows].join('\n'))).body.imported).toBe(4);
      await hub.deps.contactBook.contacts.setStatus(gone, 'unsubscribed', new Date());
      const emails = async (query: string) => (await list(`audience=research&${query}`)).body.contacts.map((c) => c.email).sort();
      // Act + Assess
      expect(await emails('')).toEqual([frFr, frEn, deFr, gone].sort());
      expect(await emails('country=FR')).toEqual([frFr, frEn, gone].sort());
      expect(await emails('language=fr')).toEqual([frFr, deFr, gone].sort());
      expect(await emails('country=FR&language=fr&status=subscribed')).toEqual([frFr]);
      expect(await emails('status=unsubscribed')).toEqual([gone]);
      expect(await emails('network=ecre')).toEqual([frFr, deFr].sort());
      expect(await emails('network=eurocities')).toEqual([]);
    });

    it('pages with a cursor, filters holding across pages', async () => {
      // Prepare
      const emails = Array.from({ length: 5 }, () => uniqueEmail('paged'));
      await importing([header, ...emails.map((e) => `${e},P,,eu-institution,IT,it,,`)].join('\n'));
      // Act
      const first = await list('audience=eu-institution&language=it&limit=3');
      const second = await list(`audience=eu-institution&language=it&limit=3&cursor=${first.body.cursor}`);
      // Assess
      expect(first.body.contacts).toHaveLength(3);
      expect(first.body.cursor).toBeDefined();
      expect([...first.body.contacts, ...second.body.contacts].map((c) => c.email).sort()).toEqual(emails.sort());
    });

    it('hands out a random cursor that names nobody and continues only the list it came from', async () => {
      // Prepare
      const emails = Array.from({ length: 4 }, () => uniqueEmail('opaque'));
      await importing([header, ...emails.map((e) => `${e},O,,eu-institution,FI,fi,,`)].join('\n'));
      const first = await list('audience=eu-institution&language=fi&limit=2');
      const cursor = first.body.cursor!;
      // Act
      const otherFilters = await list(`audience=eu-institution&language=it&limit=2&cursor=${cursor}`);
      const otherAudience = await list(`audience=ngo&language=fi&limit=2&cursor=${cursor}`);
      const madeUp = await list(`audience=eu-institution&language=fi&limit=2&cursor=${'A'.repeat(22)}`);
      const again = await list(`audience=eu-institution&language=fi&limit=2&cursor=${cursor}`);
      // Assess: the cursor is 128 random bits, not a key; it carries no address in a GET query string
      expect(cursor).toMatch(/^[A-Za-z0-9_-]{22}$/);
      for (const email of emails) expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toContain(email.split('@')[0]);
      for (const refused of [otherFilters, otherAudience, madeUp]) {
        expect(refused.status).toBe(400);
        expect(refused.body.error.details?.map((d) => d.path)).toEqual(['cursor']);
      }
      expect(again.status).toBe(200);
      expect([...first.body.contacts, ...again.body.contacts].map((c) => c.email).sort()).toEqual(emails.sort());
    });

    it('answers 400 naming each bad filter value', async () => {
      // Act
      const bad = await list('audience=aliens&country=France&language=klingon&status=happy&network=Not%20an%20id');
      const noAudience = await list('country=FR');
      const badCursor = await list('audience=ngo&cursor=not-a-cursor');
      // Assess
      expect(bad.status).toBe(400);
      expect(bad.body.error.details?.map((d) => d.path).sort()).toEqual(['audience', 'country', 'language', 'network', 'status']);
      expect(noAudience.status).toBe(400);
      expect(noAudience.body.error.details?.map((d) => d.path)).toEqual(['audience']);
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.error.details?.map((d) => d.path)).toEqual(['cursor']);
    });
  });

  describe("POST /admin/contacts/profile (a contact's page)", () => {
    it('gives the contact, its networks by name, its consents, the updates sent to it and its requests', async () => {
      // Prepare: a contact of its own audience, with a network, sent an update, whose data was exported
      const email = uniqueEmail('profile');
      await importing(`${header}\n${email},Pia,Org,private-sector,BE,fr,,eurocities`);
      const updateId = await createUpdate(hub, cookie, { title: 'For employers', subject: 'Employers', body: 'Body.', targets: { audiences: ['private-sector'] }, routes: { direct: true } });
      await post(hub, `/api/admin/updates/${updateId}/send`, {}, cookie);
      await queueIdle(hub);
      await hub.inbox.waitFor(email);
      expect((await post(hub, '/api/admin/people/export', { email }, cookie)).status).toBe(200);
      // Act
      const response = await post(hub, '/api/admin/contacts/profile', { email: email.toUpperCase() }, cookie);
      // Assess
      expect(response.status).toBe(200);
      const profile = (await response.json()) as Profile;
      expect(profile.contact).toMatchObject({ email, name: 'Pia', audience: 'private-sector', country: 'BE', language: 'fr', status: 'subscribed' });
      expect(profile.suppressed).toBeUndefined();
      expect(profile.networks).toEqual([{ id: 'eurocities', name: 'EUROCITIES' }]);
      expect(profile.consents).toEqual([expect.objectContaining({ kind: 'consent', channel: 'updates', source: `import by ${admin}` })]);
      expect(profile.deliveries).toEqual([expect.objectContaining({ updateId, title: 'For employers', route: 'direct', status: expect.stringMatching(/^(sent|delivered)$/) })]);
      expect(profile.requests).toEqual([expect.objectContaining({ kind: 'export', state: 'completed', via: 'secretariat' })]);
    });

    it("gives each source's code and values beside its sentence, and an entry recorded before codes as it was", async () => {
      // Prepare: an imported contact (a consent with its code), and a withdrawal as the hub recorded it before codes
      const email = uniqueEmail('sources');
      await importing(`${header}\n${email},Sol,Org,ngo,FR,fr,,`);
      await hub.deps.ledger.record(email, { kind: 'withdrawal', channel: 'updates', reason: 'unsubscribed', source: 'unsubscribe link in an email', at: new Date(Date.now() + 1000).toISOString(), recordedBy: 'the person' });
      // Act
      const response = await post(hub, '/api/admin/contacts/profile', { email }, cookie);
      const listed = await list('audience=ngo&country=FR');
      // Assess
      expect(response.status).toBe(200);
      const profile = (await response.json()) as Profile;
      const imported = { source: `import by ${admin}`, sourceCode: 'import', sourceValues: { by: admin } };
      // Newest first.
      expect(profile.consents).toEqual([
        { kind: 'withdrawal', channel: 'updates', reason: 'unsubscribed', source: 'unsubscribe link in an email', at: expect.any(String), recordedBy: 'the person' },
        expect.objectContaining({ kind: 'consent', ...imported }),
      ]);
      expect(profile.contact.consent).toMatchObject(imported);
      expect(listed.status).toBe(200);
      expect(listed.body.contacts.find((c) => c.email === email)?.consent).toMatchObject(imported);
    });

    it('shows an unsubscribe as the status, the withdrawal and the suppression', async () => {
      // Prepare
      const email = await newContact();
      await hub.deps.contactBook.contacts.setStatus(email, 'unsubscribed', new Date());
      await hub.deps.ledger.record(email, { kind: 'withdrawal', channel: 'updates', reason: 'unsubscribed', source: 'unsubscribe link', at: new Date().toISOString(), recordedBy: 'the person' });
      // Act
      const profile = (await (await post(hub, '/api/admin/contacts/profile', { email }, cookie)).json()) as Profile;
      // Assess
      expect(profile.contact.status).toBe('unsubscribed');
      expect(profile.suppressed).toMatchObject({ reason: 'unsubscribed' });
      expect(profile.consents.map((c) => c.kind)).toEqual(['withdrawal', 'consent']);
      expect(profile.deliveries).toEqual([]);
    });

    it('answers 404 for an address that is no contact and 400 for one that is no address', async () => {
      expect((await post(hub, '/api/admin/contacts/profile', { email: uniqueEmail('nobody') }, cookie)).status).toBe(404);
      expect((await post(hub, '/api/admin/contacts/profile', { email: 'nobody' }, cookie)).status).toBe(400);
      expect((await post(hub, '/api/admin/contacts/profile', { email: uniqueEmail('x') })).status).toBe(401);
    });
  });
});
