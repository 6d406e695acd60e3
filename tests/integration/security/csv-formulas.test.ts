import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { importCsv } from '../../helpers/mail-pipeline.ts';
import { addMember, signIn } from '../../helpers/session.ts';

/**
 * Cells a spreadsheet would run as a formula when the secretariat opens the export: `=HYPERLINK`
 * sends data away on a click, `+`, `-` and `@` start formulas too, and a leading tab or carriage
 * return hides one from a quick look. Each must come out as text, starting with `'`.
 */
describe('the contacts export (every CSV the hub writes)', () => {
  let hub: TestHub;
  let cookie: string;
  const hyperlink = '=HYPERLINK("https://evil.example","x")';
  const people = { link: uniqueEmail('formula'), sum: uniqueEmail('at-sum'), tab: uniqueEmail('tab'), plain: uniqueEmail('plain') };

  beforeAll(async () => {
    hub = await createTestHub();
    cookie = await signIn(hub, await addMember(hub, { secretariat: true }));
  });
  afterAll(() => hub.dispose());

  it('starts every cell that begins with =, +, -, @, tab or carriage return with a quote, and leaves the others alone', async () => {
    // Prepare: two through the CSV import; a tab- and a CR-led value straight into the store, since
    // the import trims them away but a record written another way may hold one.
    const csv = [
      'email,name,organisation,audience,country,language,topics',
      `${people.link},"${hyperlink.replace(/"/g, '""')}",+1,ngo,GR,en,housing`,
      `${people.sum},@SUM(1),-2,ngo,GR,en,housing`,
      `${people.plain},Nora Plain,Refugee Aid,ngo,GR,en,housing`,
    ].join('\n');
    expect((await importCsv(hub, cookie, csv)).status).toBe(200);
    const now = new Date().toISOString();
    await hub.deps.contactBook.contacts.save({
      email: people.tab,
      name: '\r=1+1',
      organisation: '\t=cmd|" /C calc"!A0',
      audience: 'ngo',
      language: 'en',
      topics: [],
      source: 'test',
      status: 'subscribed',
      networks: [],
      createdAt: now,
      updatedAt: now,
    });
    // Act
    const response = await hub.app.request('/api/admin/contacts/export?audience=ngo', { headers: { cookie } });
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    const row = (email: string) => rows.find((r) => r.email === email)!;
    // Assess
    expect(response.status).toBe(200);
    expect(row(people.link)).toMatchObject({ name: `'${hyperlink}`, organisation: "'+1" });
    expect(row(people.sum)).toMatchObject({ name: "'@SUM(1)", organisation: "'-2" });
    expect(row(people.tab)).toMatchObject({ name: "'\r=1+1", organisation: '\'\t=cmd|" /C calc"!A0' });
    expect(row(people.plain)).toMatchObject({ email: people.plain, name: 'Nora Plain', organisation: 'Refugee Aid' });
    const risky = rows.flatMap((r) => Object.values(r)).filter((cell) => /^[=+\-@\t\r]/.test(cell));
    expect(risky).toEqual([]);
  });
});
