import { ScanCommand } from '../../../functions/adapters/dynamodb/document-client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSesNotifications } from '../../../functions/api/services/sending.ts';
import { suppressionKeyOf } from '../../../functions/core/contacts/suppression.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { createUpdate, importCsv, queueIdle } from '../../helpers/mail-pipeline.ts';
import { addMember, browserHeaders, fromAddress, newClientAddress, post, signIn } from '../../helpers/session.ts';
import { sesEvent } from '../../helpers/ses-events.ts';

const HOUR = 3600_000;
const header = 'email,name,organisation,audience,country,language,topics';

describe('personal data: "Your data" requests, confirmation by button, the requests log', () => {
  let hub: TestHub;
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  let secretariat: string;
  beforeAll(async () => {
    hub = await createTestHub({ RETENTION_PRIVACY_LINK_HOURS: '2' }, clock);
    secretariat = await signIn(hub, await addMember(hub, { secretariat: true }));
  });
  afterAll(() => hub.dispose());

  const visitor = newClientAddress;
  const ask = (body: unknown, client = visitor()) =>
    hub.app.request('/api/privacy/requests', { method: 'POST', headers: browserHeaders(hub), body: JSON.stringify(body) }, fromAddress(client));
  const linkToken = async (email: string, count = 1) => {
    const mails = await hub.inbox.waitFor(email, count);
    const token = /\/your-data\/confirm\/#([A-Za-z0-9_-]+)/.exec(mails.at(-1)!.text ?? '')?.[1];
    if (!token) throw new Error(`no "Your data" link in the email to ${email}`);
    return token;
  };
  const subscriber = async (label: string, audience = 'ngo') => {
    const email = uniqueEmail(label);
    await importCsv(hub, secretariat, `${header}\n${email},${label} Person,Refugee Council,${audience},FR,fr,housing`);
    return email;
  };
  const everything = async () => (await hub.table.documents.send(new ScanCommand({ TableName: hub.table.name }))).Items ?? [];

  it('answers 202 the same for a known and an unknown address; only the known one gets a link and enters the log', async () => {
    // Prepare
    const known = await subscriber('known');
    const unknown = uniqueEmail('stranger');
    // Act
    const a = await ask({ email: known, kind: 'export' });
    const b = await ask({ email: unknown, kind: 'export' });
    await hub.inbox.waitFor(known);
    const log = (await (await hub.app.request('/api/admin/privacy/requests', { headers: { cookie: secretariat } })).json()) as { requests: { email: string | null; kind: string; state: string; deadline: string; receivedAt: string; overdue: boolean; via: string }[] };
    // Assess
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(await a.json()).toEqual(await b.json());
    expect(await hub.inbox.to(unknown)).toEqual([]);
    const mine = log.requests.filter((r) => r.email === known);
    expect(mine).toEqual([expect.objectContaining({ kind: 'export', state: 'awaiting-confirmation', via: 'self-service', overdue: false })]);
    expect(Date.parse(mine[0]!.deadline) - Date.parse(mine[0]!.receivedAt)).toBeGreaterThanOrEqual(28 * 24 * HOUR);
    expect(log.requests.some((r) => r.email === unknown)).toBe(false);
  });

  it('changes nothing on a GET of the link or the API (a mail scanner), then exports once on the button', async () => {
    // Prepare
    const email = await subscriber('exporter');
    await ask({ email, kind: 'export', language: 'fr' });
    const mail = (await hub.inbox.waitFor(email)).at(-1)!;
    const token = await linkToken(email);
    // Act: what a scanner does, then the button, then the button again.
    const scans = [
      await hub.app.request(`/your-data/confirm/#${token}`),
      await hub.app.request(`/api/privacy/confirm?token=${token}`),
      await hub.app.request(`/api/privacy/confirm/${token}`),
    ];
    const stateAfterScans = (await hub.deps.privacy.requestsOf(email))[0]!.state;
    const confirmed = await post(hub, '/api/privacy/confirm', { token });
    const again = await post(hub, '/api/privacy/confirm', { token });
    // Assess
    expect(mail.text).toContain('/fr/your-data/confirm/#');
    expect(scans.every((r) => r.status === 404 || r.status === 405)).toBe(true);
    expect(stateAfterScans).toBe('awaiting-confirmation');
    expect(confirmed.status).toBe(200);
    const body = (await confirmed.json()) as { kind: string; export: { email: string; noticeVersion: string; sections: Record<string, Record<string, unknown>[]> } };
    expect(body.kind).toBe('export');
    expect(body.export.email).toBe(email);
    // The contact, and the mail token its confirmed subscription made for the links of its emails.
    expect(body.export.sections.contact).toEqual([expect.objectContaining({ email, name: 'exporter Person', audience: 'ngo' }), { kind: 'mail-links', about: expect.any(String) }]);
    expect(body.export.sections.consents).toEqual([expect.objectContaining({ kind: 'consent', channel: 'updates', wordingVersion: body.export.noticeVersion })]);
    expect(body.export.sections.privacyRequests).toEqual([expect.objectContaining({ kind: 'export', state: 'completed' })]);
    expect(JSON.stringify(body.export)).not.toMatch(/"(pk|sk|gsi1pk|gsi2pk|idHash|tokenHash)"/);
    expect(again.status).toBe(404);
    expect((await hub.deps.privacy.requestsOf(email))[0]!.state).toBe('completed');
  });

  it('refuses a link past its lifetime, and the log shows the request lapsed, not overdue', async () => {
    // Prepare
    const email = await subscriber('late');
    await ask({ email, kind: 'erase' });
    const token = await linkToken(email);
    // Act
    offset = 3 * HOUR;
    const late = await post(hub, '/api/privacy/confirm', { token });
    const log = (await (await hub.app.request('/api/admin/privacy/requests', { headers: { cookie: secretariat } })).json()) as { requests: { email: string; state: string }[] };
    offset = 0;
    // Assess
    expect(late.status).toBe(404);
    expect(((await late.json()) as { error: { message: string } }).error.message).toMatch(/used or expired/);
    expect(log.requests.find((r) => r.email === email)).toMatchObject({ state: 'expired' });
    expect(await hub.deps.contactBook.contacts.get(email)).toBeDefined();
  });

  it('erases on the button: only the suppression hash stays, a re-import is reported suppressed, and the next update does not mail them', async () => {
    // Prepare: the subscriber received an update, then asks for erasure.
    const email = await subscriber('leaving', 'migrant-organisation');
    const first = await createUpdate(hub, secretariat, { title: 'For migrant organisations', subject: 'Before erasure', body: 'Body.', targets: { audiences: ['migrant-organisation'] }, routes: { direct: true } });
    await post(hub, `/api/admin/updates/${first}/send`, {}, secretariat);
    await queueIdle(hub);
    await hub.inbox.waitFor(email);
    await ask({ email, kind: 'erase' });
    const token = await linkToken(email, 2);
    // Act
    const erased = await post(hub, '/api/privacy/confirm', { token });
    const reimport = await importCsv(hub, secretariat, `${header}\n${email},Someone Else,Other,migrant-organisation,FR,fr,`);
    const resubscribe = await hub.app.request('/api/subscribe', { method: 'POST', headers: browserHeaders(hub), body: JSON.stringify({ email, audience: 'migrant-organisation', consent: true }) }, fromAddress(visitor()));
    const next = await createUpdate(hub, secretariat, { title: 'Again for migrant organisations', subject: 'After erasure', body: 'Body.', targets: { audiences: ['migrant-organisation'] }, routes: { direct: true } });
    await post(hub, `/api/admin/updates/${next}/send`, {}, secretariat);
    await queueIdle(hub);
    // Assess
    expect(erased.status).toBe(200);
    expect(await erased.json()).toMatchObject({ kind: 'erase', erased: true, summary: expect.objectContaining({ deliveries: 1, consents: 2, privacyRequests: 1 }) });
    const items = await everything();
    expect(items.filter((item) => JSON.stringify(item).toLowerCase().includes(email))).toEqual([
      // The subscription someone asked for after the erasure waits for the owner's own confirmation.
      expect.objectContaining({ type: 'subscription-request' }),
    ]);
    expect(items).toContainEqual(expect.objectContaining({ pk: 'SUPPRESSIONS', sk: suppressionKeyOf(email), reason: 'erased' }));
    expect(items.filter((i) => String(i.pk).startsWith(`LEDGER#${suppressionKeyOf(email)}`))).toEqual([]);
    expect(await reimport.json()).toMatchObject({ stored: false, rejected: [{ row: 2, field: 'email', reason: expect.stringContaining('suppressed') }] });
    expect(resubscribe.status).toBe(202);
    expect(await hub.deps.contactBook.contacts.get(email)).toBeUndefined();
    expect((await hub.inbox.to(email)).map((m) => m.subject)).not.toContain('After erasure');
    const log = (await (await hub.app.request('/api/admin/privacy/requests', { headers: { cookie: secretariat } })).json()) as { requests: { id: string; kind: string; email: string | null; state: string }[] };
    expect(log.requests.filter((r) => r.kind === 'erase' && r.state === 'completed' && r.email === null).length).toBeGreaterThan(0);
  });

  it('lets the secretariat export and erase on a person\'s page, audited, and nobody else', async () => {
    // Prepare
    const email = await subscriber('console');
    const member = await signIn(hub, await addMember(hub));
    // Act
    const byMember = await post(hub, '/api/admin/people/export', { email }, member);
    const anonymous = await post(hub, '/api/admin/people/erase', { email });
    const logByMember = await hub.app.request('/api/admin/privacy/requests', { headers: { cookie: member } });
    const exported = await post(hub, '/api/admin/people/export', { email }, secretariat);
    const erased = await post(hub, '/api/admin/people/erase', { email }, secretariat);
    const erasedAgain = await post(hub, '/api/admin/people/erase', { email }, secretariat);
    const unknown = await post(hub, '/api/admin/people/export', { email: uniqueEmail('nobody') }, secretariat);
    const invalid = await post(hub, '/api/admin/people/erase', { email: 'not-an-address' }, secretariat);
    // Assess
    expect([byMember.status, anonymous.status, logByMember.status]).toEqual([403, 401, 403]);
    expect(exported.status).toBe(200);
    expect(((await exported.json()) as { export: { sections: { contact: unknown[] } } }).export.sections.contact).toEqual([expect.objectContaining({ email }), expect.objectContaining({ kind: 'mail-links' })]);
    expect(erased.status).toBe(200);
    expect(erasedAgain.status).toBe(200);
    expect(unknown.status).toBe(404);
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(await invalid.json())).toContain('"path":"email"');
    const audit = (await everything()).filter((i) => i.type === 'audit' && String(i.action).startsWith('person.'));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['person.exported', 'person.erased']));
    expect(JSON.stringify(audit)).not.toContain(email);
    const log = (await (await hub.app.request('/api/admin/privacy/requests', { headers: { cookie: secretariat } })).json()) as { requests: { via: string; handledBy?: string; email: string | null }[] };
    expect(log.requests.filter((r) => r.via === 'secretariat').length).toBeGreaterThanOrEqual(2);
  });

  it('finds someone whose only trace is their consent history, and erases that too', async () => {
    // Prepare: SES reported a complaint from an address the hub holds nothing else on.
    const email = uniqueEmail('only-a-complaint');
    await recordSesNotifications(hub.deps, sesEvent({ eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: email }] }, mail: { messageId: 'm-2', destination: [email], headers: [] } }));
    // Act
    const exported = await post(hub, '/api/admin/people/export', { email }, secretariat);
    const erased = await post(hub, '/api/admin/people/erase', { email }, secretariat);
    // Assess
    expect(exported.status).toBe(200);
    expect(((await exported.json()) as { export: { sections: { consents: unknown[] } } }).export.sections.consents).toEqual([expect.objectContaining({ kind: 'withdrawal', reason: 'complained' })]);
    expect(erased.status).toBe(200);
    expect(await hub.deps.ledger.entriesOf(email)).toEqual([]);
    expect(await hub.deps.ledger.suppression(email)).toMatchObject({ reason: 'erased' });
  });

  it('refuses bad input with a 400 naming the field, and limits requests per address with 429', async () => {
    // Prepare
    const email = await subscriber('eager');
    // Act
    const badKind = await ask({ email, kind: 'delete-everything' });
    const badEmail = await ask({ email: 'nobody', kind: 'export' });
    const shortToken = await post(hub, '/api/privacy/confirm', { token: 'short' });
    // Three a client may ask for one address; across clients, twelve in all.
    const client = newClientAddress();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await ask({ email, kind: 'export' }, client)).status);
    const ceiling = [];
    for (let i = 0; i < 10; i++) ceiling.push((await ask({ email, kind: 'export' })).status);
    // Assess
    expect(badKind.status).toBe(400);
    expect(JSON.stringify(await badKind.json())).toContain('"path":"kind"');
    expect(badEmail.status).toBe(400);
    expect(shortToken.status).toBe(400);
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(ceiling).toEqual([...Array(9).fill(202), 429]);
  });
});
