import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressionKeyOf } from '../../../functions/core/contacts/suppression.ts';
import { contactImportStep } from '../../../functions/core/contacts/import-job.ts';
import { createJobRunner, type JobMessage } from '../../../functions/core/jobs/job.ts';
import { importJobPorts } from '../../../functions/api/services/jobs.ts';
import { INLINE_IMPORT_ROWS, startImport } from '../../../functions/api/services/contact-imports.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { addMember, browserHeaders, post, signIn } from '../../helpers/session.ts';

const header = 'email,name,organisation,audience,country,language,topics';
type JobAnswer = { state: string; phase: string; processed: number; total: number; imported: number; updated: number; rejected: number; stored?: boolean };

describe('contacts: imports as a resumable job', () => {
  let hub: TestHub;
  let admin: string;
  let cookie: string;
  beforeAll(async () => {
    hub = await createTestHub();
    admin = await addMember(hub, { secretariat: true });
    cookie = await signIn(hub, admin);
  });
  afterAll(() => hub.dispose());

  /** Steps 1 and 2: ask, then PUT the file where the answer says. */
  const upload = async (csv: string) => {
    const bytes = Buffer.byteLength(csv);
    const asked = await post(hub, '/api/admin/contacts/imports', { filename: 'contacts.csv', bytes }, cookie);
    expect(asked.status).toBe(201);
    const { id, upload: target } = (await asked.json()) as { id: string; upload: { url: string; headers: Record<string, string> } };
    const put = await hub.app.request(target.url, { method: 'PUT', headers: { ...browserHeaders(hub, cookie), ...target.headers, 'content-length': String(bytes) }, body: csv });
    expect(put.status).toBe(204);
    return id;
  };
  const job = async (id: string) => (await hub.app.request(`/api/admin/jobs/${id}`, { headers: browserHeaders(hub, cookie) })).json() as Promise<JobAnswer>;
  const settled = async (id: string) => {
    await hub.deps.jobQueue.idle?.();
    return job(id);
  };
  const rowsOf = (emails: string[]) => [header, ...emails.map((e, i) => `${e},Person ${i},Org,ngo,gr,en,housing`)].join('\n');

  it('imports 20,000 rows through the three steps, each request answered at once, the job following', async () => {
    // Prepare
    const emails = Array.from({ length: 20_000 }, (_, i) => `bulk-${i}-${uniqueEmail('j')}`);
    const id = await upload(rowsOf(emails));
    // Act
    const started = await post(hub, `/api/admin/contacts/imports/${id}/start`, {}, cookie);
    const during = await job(id);
    const after = await settled(id);
    // Assess
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/api/admin/jobs/${id}`);
    expect(during.state).toBe('running');
    expect(after).toMatchObject({ state: 'done', phase: 'write', processed: 20_000, total: 20_000, imported: 20_000, updated: 0, rejected: 0, stored: true });
    expect(await hub.deps.contactBook.contacts.get(emails[19_999]!)).toMatchObject({ status: 'subscribed', source: 'import', consent: { source: `import by ${admin}` } });
  }, 300_000);

  it('makes each stored contact\'s mail token with it, and none for a refused row, so the first update to the list only reads them', async () => {
    // Prepare: five rows, one of them suppressed
    const emails = Array.from({ length: 5 }, () => uniqueEmail('token'));
    await hub.deps.contactBook.suppressions.add({ key: suppressionKeyOf(emails[4]!), reason: 'unsubscribed', at: new Date().toISOString() });
    const id = await upload(rowsOf(emails));
    // Act
    await post(hub, `/api/admin/contacts/imports/${id}/start`, { acceptValid: true }, cookie);
    const after = await settled(id);
    const tokens = await Promise.all(emails.map((e) => hub.deps.contactBook.mailTokens.has(e)));
    // Assess
    expect(after).toMatchObject({ state: 'done', imported: 4, rejected: 1 });
    expect(tokens).toEqual([true, true, true, true, false]);
  });

  it('hands a file sent whole to the import route over to a job past the inline size: 202, Location, the per-row report as CSV', async () => {
    // Prepare: more rows than a request imports itself, one of them bad
    const emails = Array.from({ length: INLINE_IMPORT_ROWS + 5 }, (_, i) => `whole-${i}-${uniqueEmail('w')}`);
    const csv = [rowsOf(emails), 'not-an-address,Bad,Org,ngo,gr,en,housing'].join('\n');
    // Act
    const answered = await hub.app.request('/api/admin/contacts/import?acceptValid=true', { method: 'POST', headers: { ...browserHeaders(hub, cookie), 'content-type': 'text/csv' }, body: csv });
    const started = (await answered.json()) as { id: string; state: string; location: string };
    const after = await settled(started.id);
    const report = await hub.app.request(`/api/admin/jobs/${started.id}/report.csv`, { headers: browserHeaders(hub, cookie) });
    // Assess
    expect(answered.status).toBe(202);
    expect(answered.headers.get('location')).toBe(started.location);
    expect(started).toMatchObject({ state: 'running', location: `/api/admin/jobs/${started.id}` });
    expect(after).toMatchObject({ state: 'done', imported: INLINE_IMPORT_ROWS + 5, rejected: 1, stored: true });
    expect(parse(await report.text(), { columns: true })).toEqual([{ row: String(INLINE_IMPORT_ROWS + 7), field: 'email', reason: expect.any(String) }]);
    expect(await hub.deps.contactBook.contacts.get(emails.at(-1)!)).toMatchObject({ status: 'subscribed' });
  }, 120_000);

  it('resumes a chunk whose worker died halfway: nobody imported twice, the counts exact', async () => {
    // Prepare: 2,500 rows, 1,000 a chunk; 300 known contacts, so both counts matter.
    const emails = Array.from({ length: 2_500 }, () => uniqueEmail('resume'));
    const known = emails.slice(0, 300);
    const earlier = await upload(rowsOf(known));
    await post(hub, `/api/admin/contacts/imports/${earlier}/start`, {}, cookie);
    expect(await settled(earlier)).toMatchObject({ state: 'done', imported: 300 });
    const id = await upload(rowsOf(emails));
    const messages: JobMessage[] = [];
    const queue = { kind: 'in-process' as const, enqueue: async (m: JobMessage) => void messages.push(m) };
    await startImport({ ...hub.deps, jobQueue: queue }, { email: admin } as never, id, { acceptValid: false });
    const ports = importJobPorts(hub.deps);
    let saves = 0;
    let dying = false;
    const breaking = { ...ports, contacts: { ...ports.contacts, save: async (...args: Parameters<typeof ports.contacts.save>) => {
      if (dying && ++saves > 400) throw new Error('worker killed');
      return ports.contacts.save(...args);
    } } };
    const runner = (p = ports) => createJobRunner({ jobs: hub.deps.jobs, queue, now: hub.deps.now, steps: { 'contact-import': contactImportStep(p) } });
    // Act: validate the whole file, then die 400 writes into the first write chunk, then run it again.
    while (messages[0]?.phase === 'validate') await runner().run(messages.shift()!);
    dying = true;
    const killed = messages[0]!;
    await expect(runner(breaking).run(killed)).rejects.toThrow('worker killed');
    dying = false;
    while (messages.length) await runner().run(messages.shift()!);
    // Assess
    expect(await job(id)).toMatchObject({ state: 'done', processed: 2_500, imported: 2_200, updated: 300, rejected: 0 });
    const ledger = await hub.deps.ledger.entriesOf(emails[1_000]!);
    expect(ledger.filter((e) => e.kind === 'consent')).toHaveLength(1);
    expect(await hub.deps.ledger.entriesOf(emails[0]!)).toHaveLength(1);
  }, 120_000);

  it('changes nothing when a job message comes twice', async () => {
    // Prepare
    const emails = Array.from({ length: 30 }, () => uniqueEmail('twice'));
    const id = await upload(rowsOf(emails));
    const messages: JobMessage[] = [];
    const queue = { kind: 'in-process' as const, enqueue: async (m: JobMessage) => void messages.push(m) };
    await startImport({ ...hub.deps, jobQueue: queue }, { email: admin } as never, id, { acceptValid: false });
    const runner = createJobRunner({ jobs: hub.deps.jobs, queue, now: hub.deps.now, steps: { 'contact-import': contactImportStep({ ...importJobPorts(hub.deps), chunkRows: 10 }) } });
    const seen: JobMessage[] = [];
    // Act
    while (messages.length) {
      const message = messages.shift()!;
      seen.push(message);
      await runner.run(message);
    }
    const before = await job(id);
    const again = await Promise.all(seen.map((m) => runner.run(m)));
    // Assess
    expect(before).toMatchObject({ state: 'done', imported: 30, rejected: 0, processed: 30 });
    expect(again.every((o) => o === 'stale')).toBe(true);
    expect(await job(id)).toEqual(before);
    expect(messages).toEqual([]);
  });

  it('stores nothing from a file with rejected rows unless asked, and reports them as CSV with formulas escaped', async () => {
    // Prepare
    const good = uniqueEmail('good');
    const suppressed = uniqueEmail('gone');
    await hub.deps.ledger.record(suppressed, { kind: 'withdrawal', channel: 'all', reason: 'unsubscribed', source: 'test', at: new Date().toISOString(), recordedBy: 'test' });
    const csv = [header, `${good},Good,,ngo,,,`, '=1+1,Bad,,ngo,,,', `${uniqueEmail('x')},X,,aliens,,,`, `${suppressed},S,,ngo,,,`].join('\n');
    const id = await upload(csv);
    // Act
    const started = await post(hub, `/api/admin/contacts/imports/${id}/start`, {}, cookie);
    const after = await settled(id);
    const report = await hub.app.request(`/api/admin/jobs/${id}/report.csv`, { headers: browserHeaders(hub, cookie) });
    const text = await report.text();
    // Assess
    expect(started.status).toBe(202);
    expect((await hub.deps.contactBook.suppressions.all()).has(suppressionKeyOf(suppressed))).toBe(true);
    expect(after, JSON.stringify(after)).toMatchObject({ state: 'done', phase: 'refused', stored: false, imported: 0, rejected: 3 });
    expect(await hub.deps.contactBook.contacts.get(good)).toBeUndefined();
    expect(report.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parse(text) as string[][];
    expect(rows[0]).toEqual(['row', 'field', 'reason']);
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual([['3', 'email'], ['4', 'audience'], ['5', 'email']]);
    // Every cell goes through the one CSV writer (functions/core/exports/csv.ts), which escapes formulas.
    expect(rows.flat().some((cell) => /^[=+\-@\t\r]/.test(cell))).toBe(false);
  });

  it("writes the per-row report in the reader's language, its columns the same", async () => {
    // Prepare
    const id = await upload([header, `${uniqueEmail('good')},Good,,ngo,,,`, `${uniqueEmail('x')},X,,aliens,,,`, `${uniqueEmail('y')},Y,,ngo,GRC,,`].join('\n'));
    expect((await post(hub, `/api/admin/contacts/imports/${id}/start`, {}, cookie)).status).toBe(202);
    await hub.deps.jobQueue.idle?.();
    const read = (query: string, language?: string) => hub.app.request(`/api/admin/jobs/${id}/report.csv${query}`, { headers: { ...browserHeaders(hub, cookie), ...(language ? { 'accept-language': language } : {}) } });
    const report = async (query: string, language?: string) => parse(await (await read(query, language)).text()) as string[][];
    const inFrench = [['row', 'field', 'reason'], ['3', 'audience', expect.stringMatching(/^Option invalide : une valeur parmi "local-authority"/)], ['4', 'country', 'attend un code pays à deux lettres, par exemple GR']];
    const inEnglish = [['row', 'field', 'reason'], ['3', 'audience', expect.stringMatching(/^Invalid option: expected one of "local-authority"/)], ['4', 'country', 'expects a two-letter country code, e.g. GR']];
    // Act + Assess: the browser's language, then the page's named in the link, which wins over the browser's.
    expect(await report('', 'fr')).toEqual(inFrench);
    expect(await report('')).toEqual(inEnglish);
    expect(await report('?language=fr', 'en-GB,en;q=0.9')).toEqual(inFrench);
    expect(await report('?language=en', 'fr')).toEqual(inEnglish);
    // A language the hub does not write is refused, saying which it writes.
    const refused = await read('?language=xx');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'validation_failed', details: [{ path: 'language', message: 'Invalid option: expected one of "en"|"fr"' }] } });
  });


  it('reads a report line kept before lines kept their issue as the sentence it holds, in any language', async () => {
    // Prepare: an import's report as the hub wrote it before (the reason written out, no issue)
    const id = await upload([header, `${uniqueEmail('y')},Y,,ngo,GRC,,`].join('\n'));
    expect((await post(hub, `/api/admin/contacts/imports/${id}/start`, {}, cookie)).status).toBe(202);
    await hub.deps.jobQueue.idle?.();
    const [line] = await hub.deps.jobs.report(id);
    const { PutCommand } = await import('../../../functions/adapters/dynamodb/document-client.ts');
    await hub.deps.table.documents.send(
      new PutCommand({ TableName: hub.deps.table.name, Item: { pk: `JOB#${id}`, sk: `LINE#${line!.key}`, type: 'job-line', key: line!.key, row: 2, field: 'country', reason: 'expects a two-letter country code, e.g. GR' } }),
    );
    // Act
    const answer = await hub.app.request(`/api/admin/jobs/${id}/report.csv`, { headers: { ...browserHeaders(hub, cookie), 'accept-language': 'fr' } });
    // Assess
    expect(answer.status).toBe(200);
    expect(parse(await answer.text())).toEqual([['row', 'field', 'reason'], ['2', 'country', 'expects a two-letter country code, e.g. GR']]);
  });
  it("says why a job stopped in the reader's language, the code the same", async () => {
    // Prepare: a file whose header lacks the audience column, which the job finds once it runs.
    const id = await upload(['email,name', `${uniqueEmail('headless')},Hana`].join('\n'));
    expect((await post(hub, `/api/admin/contacts/imports/${id}/start`, {}, cookie)).status).toBe(202);
    await hub.deps.jobQueue.idle?.();
    const read = async (language?: string) => (await hub.app.request(`/api/admin/jobs/${id}`, { headers: { ...browserHeaders(hub, cookie), ...(language ? { 'accept-language': language } : {}) } })).json() as Promise<JobAnswer & { error?: unknown }>;
    // Act
    const french = await read('fr-BE,fr;q=0.9');
    const english = await read();
    // Assess
    expect(french).toMatchObject({ state: 'failed', error: { code: 'rule_violated', message: 'L’en-tête n’a pas de colonne audience. Colonnes attendues : email, name, organisation, audience, country, language, topics, networks.' } });
    expect(english).toMatchObject({ state: 'failed', error: { code: 'rule_violated', message: 'The header has no audience column. Expected columns: email, name, organisation, audience, country, language, topics, networks.' } });
  });

  it('refuses other roles (403) and answers 404 for an unknown job or one of another kind', async () => {
    // Prepare
    const member = await signIn(hub, await addMember(hub));
    const at = new Date().toISOString();
    await hub.deps.jobs.create({ id: 'jotherkind0001', kind: 'other', state: 'running', phase: 'x', cursor: 0, counters: {}, params: {}, createdBy: admin, createdAt: at, updatedAt: at });
    // Act
    const asked = await post(hub, '/api/admin/contacts/imports', { filename: 'contacts.csv', bytes: 10 }, member);
    const status = await hub.app.request('/api/admin/jobs/jotherkind0001', { headers: browserHeaders(hub, member) });
    const unknown = await hub.app.request('/api/admin/jobs/junknown000001', { headers: browserHeaders(hub, cookie) });
    const otherReport = await hub.app.request('/api/admin/jobs/jotherkind0001/report.csv', { headers: browserHeaders(hub, cookie) });
    const otherStart = await post(hub, '/api/admin/contacts/imports/jotherkind0001/start', {}, cookie);
    // Assess
    expect(asked.status).toBe(403);
    expect(status.status).toBe(403);
    expect(unknown.status).toBe(404);
    expect(otherReport.status).toBe(404);
    expect(otherStart.status).toBe(404);
  });
});
