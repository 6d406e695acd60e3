import { PRIVACY_NOTICE_VERSION } from '../../../functions/core/privacy/notice.ts';
import { ScanCommand } from '../../../functions/adapters/dynamodb/document-client.ts';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS } from '../../../functions/core/contacts/import-limits.ts';
import { suppressionKeyOf } from '../../../functions/core/contacts/suppression.ts';
import type { DeliveryKey } from '../../../functions/core/deliveries/delivery.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { createUpdate, importCsv, queueIdle, startAndPlan } from '../../helpers/mail-pipeline.ts';
import { addMember, browserHeaders, post, signIn } from '../../helpers/session.ts';

type ImportAnswer = { imported: number; updated: number; merged: number; stored: boolean; rejected: { row: number; field: string; reason: string }[] };
const header = 'email,name,organisation,audience,country,language,topics';

describe('contacts: CSV import, export and erasure', () => {
  let hub: TestHub;
  let cookie: string;
  let memberCookie: string;
  beforeAll(async () => {
    hub = await createTestHub();
    cookie = await signIn(hub, await addMember(hub, { secretariat: true }));
    memberCookie = await signIn(hub, await addMember(hub));
  });
  afterAll(() => hub.dispose());

  const importing = async (csv: string, query = '') => {
    const response = await importCsv(hub, cookie, csv, query);
    return { status: response.status, body: (await response.json()) as ImportAnswer };
  };
  const contact = (email: string) => hub.deps.contactBook.contacts.get(email);

  it('imports subscribed contacts with a consent record naming the import, the admin and the time', async () => {
    // Prepare
    const email = uniqueEmail('imported');
    // Act
    const { status, body } = await importing(`${header}\n${email},Nora Aziz,Refugee Aid,ngo,gr,el,housing;health`);
    // Assess
    expect(status).toBe(200);
    expect(body).toEqual({ imported: 1, updated: 0, merged: 0, stored: true, rejected: [] });
    expect(await contact(email)).toMatchObject({ name: 'Nora Aziz', organisation: 'Refugee Aid', audience: 'ngo', country: 'GR', language: 'el', topics: ['housing', 'health'], status: 'subscribed', source: 'import' });
    expect((await contact(email))!.consent).toMatchObject({ source: expect.stringMatching(/^import by member-.*@example\.org$/), wordingVersion: PRIVACY_NOTICE_VERSION });
  });

  it('reports every bad row with its row and field, and imports nothing from a file with errors', async () => {
    // Prepare
    const good = uniqueEmail('good');
    const csv = [header, `${good},Good,,ngo,,,`, 'not-an-email,Bad,,ngo,,,', `${uniqueEmail('x')},X,,aliens,,,`, `${uniqueEmail('y')},Y,,research,GRC,,`, `${uniqueEmail('z')},Z,,research,,,gardening`].join('\n');
    // Act
    const { status, body } = await importing(csv);
    // Assess
    expect(status).toBe(200);
    expect(body.stored).toBe(false);
    expect(body.imported).toBe(0);
    expect(body.rejected.map((r) => [r.row, r.field])).toEqual([[3, 'email'], [4, 'audience'], [5, 'country'], [6, 'topics']]);
    expect(body.rejected.every((r) => r.reason.length > 0)).toBe(true);
    expect(await contact(good)).toBeUndefined();
  });

  it("says why each row was refused in the reader's language: the hub's words and zod's, a suppressed address included", async () => {
    // Prepare
    const suppressed = uniqueEmail('gone');
    await hub.deps.ledger.record(suppressed, { kind: 'withdrawal', channel: 'all', reason: 'unsubscribed', source: 'test', at: new Date().toISOString(), recordedBy: 'test' });
    const csv = [header, `${uniqueEmail('x')},X,,aliens,,,`, `${uniqueEmail('y')},Y,,research,GRC,,`, `${suppressed},S,,ngo,,,`].join('\n');
    // Act
    const response = await hub.app.request('/api/admin/contacts/import', { method: 'POST', headers: { ...browserHeaders(hub, cookie), 'content-type': 'text/csv', 'accept-language': 'fr' }, body: csv });
    const body = (await response.json()) as ImportAnswer;
    // Assess
    expect(response.status).toBe(200);
    expect(body.rejected).toEqual([
      { row: 2, field: 'audience', reason: expect.stringMatching(/^Option invalide : une valeur parmi "local-authority"/) },
      { row: 3, field: 'country', reason: 'attend un code pays à deux lettres, par exemple GR' },
      { row: 4, field: 'email', reason: `${suppressed} est sur la liste de suppression : l’adresse a demandé à ne plus recevoir de courriels (désabonnement, rejet, plainte ou effacement) ; non importé` },
    ]);
    expect(body.stored).toBe(false);
  });

  it('imports the valid rows of a file with errors when asked to', async () => {
    // Prepare
    const good = uniqueEmail('good');
    const csv = [header, `${good},Good,,ngo,,,`, 'not-an-email,Bad,,ngo,,,'].join('\n');
    // Act
    const { body } = await importing(csv, '?acceptValid=true');
    // Assess
    expect(body).toMatchObject({ imported: 1, stored: true, rejected: [{ row: 3, field: 'email' }] });
    expect((await contact(good))!.status).toBe('subscribed');
  });

  it('merges rows with the same normalized address into one contact', async () => {
    // Prepare
    const email = uniqueEmail('twice');
    const csv = [header, `${email.toUpperCase()},Ann,,ngo,GR,en,housing`, ` ${email} ,,Aid,ngo,,,employment`].join('\n');
    // Act
    const { body } = await importing(csv);
    // Assess
    expect(body).toMatchObject({ imported: 1, merged: 1, rejected: [] });
    expect(await contact(email)).toMatchObject({ email, name: 'Ann', organisation: 'Aid', country: 'GR', topics: ['housing', 'employment'] });
  });

  it('maps a header the file spells its own way, and refuses a mapping that is not ours naming the field', async () => {
    // Prepare
    const email = uniqueEmail('mapped');
    const csv = `Courriel,Public\n${email},research`;
    // Act
    const mapped = await importing(csv, `?map=${encodeURIComponent(JSON.stringify({ Courriel: 'email', Public: 'audience' }))}`);
    const badTarget = await importing(csv, `?map=${encodeURIComponent(JSON.stringify({ Courriel: 'mailbox' }))}`);
    const notJson = await importing(csv, '?map=%7Bnope');
    // Assess
    expect(mapped.body).toMatchObject({ imported: 1, stored: true });
    expect(badTarget.status).toBe(400);
    expect(JSON.stringify(badTarget.body)).toContain('map.Courriel');
    expect(notJson.status).toBe(400);
    expect(JSON.stringify(notJson.body)).toContain('"path":"map"');
  });

  it('merges a known contact without resubscribing one who unsubscribed or bounced', async () => {
    // Prepare: one unsubscribed with the email's link (suppressed), one bounced in an older list, one pending.
    const [left, bounced, pending, fresh] = [uniqueEmail('left'), uniqueEmail('bounced'), uniqueEmail('pending'), uniqueEmail('fresh')];
    await importing([header, `${left},Lee,,ngo,,,`, `${bounced},Bo,,ngo,,,`, `${pending},Pat,,ngo,,,`].join('\n'));
    const tokens = await hub.deps.contactBook.mailTokens.ensure([left]);
    expect((await hub.app.request(`/api/unsubscribe/${tokens.get(left)}`, { method: 'POST' })).status).toBe(200);
    await hub.deps.contactBook.contacts.setStatus(bounced, 'bounced', new Date());
    await hub.deps.contactBook.contacts.setStatus(pending, 'pending', new Date());
    const csv = [header, `${fresh},Fay,,ngo,,,`, `${left},Lee Again,,ngo,,,`, `${bounced},Bo Renamed,,ngo,,,`, `${pending},Pat,,ngo,,,`].join('\n');
    // Act
    const refused = await importing(csv);
    const accepted = await importing(csv, '?acceptValid=true');
    // Assess: the suppressed address is refused on its own row; the file waits for the admin's choice.
    expect(refused.body).toMatchObject({ stored: false, imported: 0, rejected: [{ row: 3, field: 'email', reason: expect.stringContaining('asked not to be mailed') }] });
    expect(accepted.body).toMatchObject({ stored: true, imported: 1, updated: 2 });
    expect((await contact(left))!).toMatchObject({ status: 'unsubscribed', name: 'Lee' });
    expect((await contact(bounced))!).toMatchObject({ status: 'bounced', name: 'Bo Renamed' });
    expect((await contact(pending))!.status).toBe('subscribed');
    expect((await contact(fresh))!.status).toBe('subscribed');
  });

  it('refuses more than 50,000 rows with 413, storing nothing', async () => {
    // Prepare
    const first = uniqueEmail('big');
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => (i === 0 ? `${first},ngo` : `p${i}-${first},ngo`));
    // Act
    const response = await importCsv(hub, cookie, ['email,audience', ...rows].join('\n'));
    // Assess
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/50,000/);
    expect(await contact(first)).toBeUndefined();
  });

  it('refuses a file that is not CSV, a header without the email column, and callers who are not the secretariat', async () => {
    // Act
    const json = await hub.app.request('/api/admin/contacts/import', { method: 'POST', headers: browserHeaders(hub, cookie), body: '{}' });
    const noEmail = await importing('name,audience\nAnn,ngo');
    const anonymous = await hub.app.request('/api/admin/contacts/import', { method: 'POST', headers: { ...browserHeaders(hub), 'content-type': 'text/csv' }, body: `${header}\n` });
    const member = await importCsv(hub, memberCookie, `${header}\n${uniqueEmail()},,,ngo,,,`);
    // Assess
    expect(json.status).toBe(415);
    expect(noEmail.status).toBe(422);
    expect(JSON.stringify(noEmail.body)).toContain('"path":"email"');
    expect(anonymous.status).toBe(401);
    expect(member.status).toBe(403);
  });

  it('exports an audience as CSV with status and consent, which imports back without duplicates', async () => {
    // Prepare
    const email = uniqueEmail('exported');
    await importing(`${header}\n${email},Eve,Migrant Council,migrant-organisation,PT,pt,employment;health`);
    // Act
    const response = await hub.app.request('/api/admin/contacts/export?audience=migrant-organisation', { headers: { cookie } });
    const csv = await response.text();
    const again = await importing(csv);
    const memberExport = await hub.app.request('/api/admin/contacts/export', { headers: { cookie: memberCookie } });
    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(records).toEqual([
      expect.objectContaining({ email, name: 'Eve', organisation: 'Migrant Council', audience: 'migrant-organisation', country: 'PT', language: 'pt', topics: 'employment;health', status: 'subscribed', consentWording: PRIVACY_NOTICE_VERSION }),
    ]);
    expect(again.body).toMatchObject({ imported: 0, updated: 1, stored: true, rejected: [] });
    expect(memberExport.status).toBe(403);
  });

  it('erases a contact: nothing of the address stays but a hash on the suppression list, and a later import is refused', async () => {
    // Prepare: the contact has received an update, so deliveries and a mail token hold the address too.
    const email = uniqueEmail('erased');
    await importing(`${header}\n${email},Ida Erased,Aid,eu-institution,,,`);
    const id = await createUpdate(hub, cookie, { title: 'For the EU', subject: 'EU news', body: 'Body.', targets: { audiences: ['eu-institution'] }, routes: { direct: true } });
    await post(hub, `/api/admin/updates/${id}/send`, {}, cookie);
    await queueIdle(hub);
    await hub.inbox.waitFor(email);
    // Act
    const erase = await post(hub, '/api/admin/contacts/erase', { email }, cookie);
    const eraseAgain = await post(hub, '/api/admin/contacts/erase', { email }, cookie);
    const reimport = await importing(`${header}\n${email},Ida,,eu-institution,,,`);
    // Assess
    expect(erase.status).toBe(200);
    expect(await erase.json()).toMatchObject({ erased: true, summary: { contact: 1, deliveries: 1 } });
    expect(eraseAgain.status).toBe(200);
    const items = (await hub.table.documents.send(new ScanCommand({ TableName: hub.table.name }))).Items ?? [];
    expect(items.filter((item) => JSON.stringify(item).toLowerCase().includes(email))).toEqual([]);
    expect(items.filter((item) => JSON.stringify(item).includes('Ida Erased'))).toEqual([]);
    expect(items).toContainEqual(expect.objectContaining({ pk: 'SUPPRESSIONS', sk: suppressionKeyOf(email), reason: 'erased' }));
    expect(reimport.body).toMatchObject({ stored: false, rejected: [{ row: 2, field: 'email' }] });
    expect((await post(hub, '/api/admin/contacts/record', { email }, cookie)).status).toBe(404);
  });

  it('erasing someone whose email is still queued fails that delivery instead of sending it', async () => {
    // Prepare: the update is planned, but its queue message has not reached a worker yet.
    const email = uniqueEmail('queued');
    await importing(`${header}\n${email},Quinn,,private-sector,,,`);
    const id = await createUpdate(hub, cookie, { title: 'For employers', subject: 'Employers', body: 'Body.', targets: { audiences: ['private-sector'] }, routes: { direct: true } });
    const held: DeliveryKey[] = [];
    const holding = { kind: 'in-process' as const, enqueue: async (keys: readonly DeliveryKey[]) => void held.push(...keys) };
    await startAndPlan({ ...hub.deps, sendQueue: holding }, id);
    // Act
    await post(hub, '/api/admin/contacts/erase', { email }, cookie);
    const outcome = await hub.deps.sendWorker().send(held);
    // Assess
    // The erasure failed the delivery itself (its counter moved with it): the worker finds nothing to claim.
    expect(outcome).toMatchObject({ sent: 0, failed: 0, skipped: 1 });
    expect((await hub.deps.deliveries.listOfUpdate(id))[0]).toMatchObject({ status: 'failed', reason: 'The recipient was erased.' });
    expect((await hub.inbox.all()).filter((m) => m.to.includes('erased@invalid') || m.to.includes(email))).toEqual([]);
  });

  it('answers 404 when erasing an address the hub never held', async () => {
    const response = await post(hub, '/api/admin/contacts/erase', { email: uniqueEmail('never') }, cookie);
    expect(response.status).toBe(404);
  });
});
