import { ScanCommand } from '../../../functions/adapters/dynamodb/document-client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPerson, erasePerson, knowsPerson, type PersonalDataExport } from '../../../functions/api/services/personal-data.ts';
import { ERASED_ADDRESS, recipientKeyOf } from '../../../functions/core/deliveries/delivery.ts';
import { sectionNames } from '../../../functions/core/privacy/personal-data.ts';
import { answerOf, contractOf, type OpenApiDocument } from '../../helpers/contract.ts';
import { get } from '../../helpers/forums.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { givePersonEverything, type Everything } from '../../helpers/personal-data-fixture.ts';
import { browserHeaders, fromAddress, newClientAddress, post } from '../../helpers/session.ts';

/** The Lead's privacy items: the suppression hash, the ledger and the requests log are not ours to erase. */
const privacyOwned = (item: Record<string, unknown>) => item.pk === 'SUPPRESSIONS' || /^(LEDGER|PRIVACY)#/.test(String(item.pk));

async function wholeTable(hub: TestHub) {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await hub.table.documents.send(new ScanCommand({ TableName: hub.table.name, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

const naming = (items: Record<string, unknown>[], email: string, name: string) =>
  items.filter((item) => !privacyOwned(item)).filter((item) => {
    const text = JSON.stringify(item).toLowerCase();
    return text.includes(email.toLowerCase()) || text.includes(name.toLowerCase());
  });

const withoutTime = ({ generatedAt: _at, ...rest }: PersonalDataExport) => rest;

describe('personal data: export and erasure of one person, everywhere', () => {
  const clock = { now: () => new Date() };
  let hub: TestHub;
  let world: Everything;
  beforeAll(async () => {
    // The clock moves weeks ahead while sessions stay in use: idle timeouts are not what this file tests.
    hub = await createTestHub({ SESSION_IDLE_HOURS: String(365 * 24) }, { now: () => clock.now() });
    world = await givePersonEverything(hub, clock);
  }, 180_000);
  afterAll(() => hub.dispose());

  describe('export', () => {
    it('holds an item of every kind for a person who has them all', async () => {
      // Act
      const data = await exportPerson(hub.deps, world.ana.email.toUpperCase());
      // Assess
      expect(data.email).toBe(world.ana.email);
      expect(Object.keys(data.sections)).toEqual([...sectionNames]);
      for (const section of sectionNames.filter((s) => s !== 'consents' && s !== 'privacyRequests')) {
        expect(data.sections[section].length, `section ${section}`).toBeGreaterThan(0);
      }
      expect(data.sections.consents).toEqual([]);
      expect(data.sections.privacyRequests).toEqual([]);
      const { sections: s } = data;
      expect(s.contact).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'contact', status: 'subscribed' }), expect.objectContaining({ kind: 'relay-contact', networkId: world.networkId })]));
      expect(s.memberships).toEqual([expect.objectContaining({ groupId: world.groupId, role: 'member' })]);
      expect(s.notificationSettings).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'group-setting', setting: 'immediate' }), expect.objectContaining({ kind: 'settings-link' })]));
      expect(s.sessions.map((x) => x.kind)).toEqual(expect.arrayContaining(['session', 'sign-in', 'invitation', 'calendar-feed']));
      expect(s.posts).toEqual(expect.arrayContaining([expect.objectContaining({ id: world.ana.replyId, body: 'Our city council votes in April.', revisions: [expect.objectContaining({ body: 'Our city council votes in March.' })] })]));
      expect(s.attachments.map((a) => a.id)).toEqual(expect.arrayContaining([world.ana.attachmentId, world.ana.pendingAttachmentId]));
      expect(s.registrations.map((r) => r.eventId).sort()).toEqual([world.futureEventId, world.pastEventId].sort());
      expect(s.developmentsReports).toEqual([expect.objectContaining({ eventId: world.pastEventId, author: expect.objectContaining({ email: world.ana.email }) })]);
      expect(s.expert).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'entry', status: 'confirmed' }), expect.objectContaining({ kind: 'link' })]));
      expect(s.callResponses).toEqual([expect.objectContaining({ callId: world.callId, answer: expect.objectContaining({ interested: true }) })]);
      expect(s.deliveries.filter((d) => d.updateId)).toEqual([expect.objectContaining({ updateId: world.updateId, update: 'Housing first results' })]);
      // The other emails they were sent, from the outbox: the call, and notifications of Bruno's reply.
      expect(s.deliveries).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'email', mailing: 'call', status: 'sent' }), expect.objectContaining({ kind: 'email', mailing: 'forum-notification', status: 'sent' })]),
      );
    });

    it('is answered through "Your data" exactly as the OpenAPI document declares each kind of record', async () => {
      // Prepare: the person asks for their copy and presses the button, as on the site
      const mailsBefore = (await hub.inbox.to(world.ana.email)).length;
      const asked = await hub.app.request('/api/privacy/requests', { method: 'POST', headers: browserHeaders(hub), body: JSON.stringify({ email: world.ana.email, kind: 'export' }) }, fromAddress(newClientAddress()));
      expect(asked.status).toBe(202);
      const mail = (await hub.inbox.waitFor(world.ana.email, mailsBefore + 1)).at(-1)!;
      const token = /\/your-data\/confirm\/#([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]!;
      const contract = contractOf((await (await hub.app.request('/api/openapi.json')).json()) as OpenApiDocument);
      // Act
      const answer = await answerOf('POST', '/api/privacy/confirm', await post(hub, '/api/privacy/confirm', { token }));
      // Assess: every section holds records, and each record has exactly the fields its kind declares
      const body = JSON.parse(answer.text) as { export: PersonalDataExport };
      for (const section of sectionNames) expect(body.export.sections[section].length, `section ${section}`).toBeGreaterThan(0);
      expect(contract.check(answer)).toEqual([]);
      // The check can fail: a field the document does not name is refused, in a plain record and in one kind among several.
      const withField = (section: 'posts' | 'contact') => ({ ...body, export: { ...body.export, sections: { ...body.export.sections, [section]: [{ ...body.export.sections[section][0], tokenHash: 'x' }] } } });
      expect(contract.check({ ...answer, text: JSON.stringify(withField('posts')) })).not.toEqual([]);
      expect(contract.check({ ...answer, text: JSON.stringify(withField('contact')) })).not.toEqual([]);
    });

    it('holds no key attributes, hashes or secrets, and is plain JSON', async () => {
      const data = await exportPerson(hub.deps, world.ana.email);
      const text = JSON.stringify(data);
      expect(JSON.parse(text)).toEqual(data);
      expect(text).not.toMatch(/"(pk|sk|gsi1pk|gsi1sk|gsi2pk|gsi2sk|idHash|pendingHash|tokenHash|codeHash|token|mailToken|relayToken|recipientKey|claimId)"/);
      // Every hash the hub keeps is hex of 32 characters or more; none belongs in the copy.
      expect(text).not.toMatch(/[a-f0-9]{32,}/);
    });

    it('is empty for an address the hub never held, which it does not know', async () => {
      const stranger = uniqueEmail('stranger');
      const data = await exportPerson(hub.deps, stranger);
      expect(await knowsPerson(hub.deps, stranger)).toBe(false);
      for (const section of sectionNames) expect(data.sections[section]).toEqual([]);
    });

    it('knows a person by any trace: a member, a relay contact alone', async () => {
      expect(await knowsPerson(hub.deps, ` ${world.ana.email.toUpperCase()} `)).toBe(true);
      expect(await knowsPerson(hub.deps, world.relayDesk)).toBe(true);
    });
  });

  describe('erasure', () => {
    let brunoBefore: PersonalDataExport;
    let reportBefore: Awaited<ReturnType<TestHub['deps']['deliveries']['report']>>;
    let deliveriesBefore: Awaited<ReturnType<TestHub['deps']['deliveries']['listOfUpdate']>>;
    let counts: Awaited<ReturnType<typeof erasePerson>>;
    let anasEmails: number;
    beforeAll(async () => {
      // Prepare
      brunoBefore = await exportPerson(hub.deps, world.bruno.email);
      anasEmails = (await hub.deps.outbox.ofRecipient(recipientKeyOf(world.ana.email))).length;
      reportBefore = await hub.deps.deliveries.report(world.updateId);
      deliveriesBefore = await hub.deps.deliveries.listOfUpdate(world.updateId);
      // Act
      counts = await erasePerson(hub.deps, world.ana.email, { by: 'the person' });
    }, 60_000);

    it('answers what went, section by section', () => {
      for (const section of sectionNames.filter((s) => s !== 'consents' && s !== 'privacyRequests')) {
        expect(counts[section], `section ${section}`).toBeGreaterThan(0);
      }
      expect(counts).toMatchObject({ member: 1, memberships: 1, registrations: 2, developmentsReports: 1, consents: 0, privacyRequests: 0 });
      // The update's delivery, and every email of the outbox to them.
      expect(anasEmails).toBeGreaterThan(0);
      expect(counts.deliveries).toBe(1 + anasEmails);
    });

    it('leaves no item in the table naming the address (any case) or the name', async () => {
      const items = await wholeTable(hub);
      expect(naming(items, world.ana.email, world.ana.name)).toEqual([]);
      // The check itself finds what it looks for: Bruno is still everywhere.
      expect(naming(items, world.bruno.email, world.bruno.name).length).toBeGreaterThan(10);
      // Nor any key derived from the address: the deliveries' recipient key is gone too.
      expect(JSON.stringify(items)).not.toContain(recipientKeyOf(world.ana.email));
    });

    it('keeps the posts, read "former member" through the members\' API, and the threads list works', async () => {
      // Act
      const thread = await get(hub, `/api/threads/${world.ana.threadId}`, world.bruno.cookie);
      const list = await get(hub, `/api/groups/${world.groupId}/threads`, world.bruno.cookie);
      const file = await get(hub, `/api/attachments/${world.ana.attachmentId}`, world.bruno.cookie);
      // Assess
      expect(thread.status).toBe(200);
      const page = (await thread.json()) as { thread: { authorName: string; authorEmail: string }; posts: { id: string; authorName: string; authorEmail: string; body: string }[] };
      expect(page.thread).toMatchObject({ authorName: 'former member', authorEmail: '' });
      const byId = new Map(page.posts.map((p) => [p.id, p]));
      expect(byId.get(world.ana.openingPostId)).toMatchObject({ authorName: 'former member', authorEmail: '', body: 'Which cities join the housing pilot next spring?' });
      expect(byId.get(world.ana.replyId)).toMatchObject({ authorName: 'former member', body: 'Our city council votes in April.' });
      expect(page.posts.find((p) => p.body === 'Munich would join.')).toMatchObject({ authorName: 'Bruno Keller', authorEmail: world.bruno.email });
      expect(list.status).toBe(200);
      const threads = ((await list.json()) as { threads: { id: string; authorName: string }[] }).threads;
      expect(threads.find((t) => t.id === world.ana.threadId)).toMatchObject({ authorName: 'former member' });
      expect(file.status).toBe(200);
      expect(await hub.deps.forums.getAttachment(world.ana.pendingAttachmentId)).toBeUndefined();
    });

    it('gives the freed seat to the member waiting, and keeps both events\' counters true', async () => {
      const future = await hub.deps.events.getEvent(world.futureEventId);
      const past = await hub.deps.events.getEvent(world.pastEventId);
      const seated = await hub.deps.registrations.registrationsOf(world.futureEventId);
      expect(future).toMatchObject({ registered: 2, waitlisted: 0 });
      expect(seated.map((r) => [r.email, r.status]).sort()).toEqual([[world.bruno.email, 'registered'], [world.waiting.email, 'registered']].sort());
      expect(past).toMatchObject({ registered: 1 });
      expect((await hub.deps.registrations.registrationsOf(world.pastEventId)).map((r) => r.email)).toEqual([world.bruno.email]);
    });

    it("keeps the call's counters and the update's report in step with what remains", async () => {
      const view = await hub.deps.experts.callWithAnswers(world.callId);
      expect(view.sent).toHaveLength(1);
      expect(view.responses).toHaveLength(1);
      expect(view.call).toMatchObject({ sentCount: 1, answeredCount: 1 });
      expect(await hub.deps.deliveries.report(world.updateId)).toEqual(reportBefore);
      const deliveries = await hub.deps.deliveries.listOfUpdate(world.updateId);
      expect(deliveries).toHaveLength(deliveriesBefore.length);
      expect(deliveries.filter((d) => d.email === ERASED_ADDRESS)).toEqual([expect.objectContaining({ name: '', status: deliveriesBefore.find((d) => d.email === world.ana.email)!.status })]);
    });

    it('keeps the developments report for the brief, by a former member under a new id', async () => {
      const pending = await hub.deps.reports.pending();
      const theirs = pending.filter((r) => r.eventId === world.pastEventId);
      expect(theirs.map((r) => r.author.name).sort()).toEqual(['Bruno Keller', 'former member']);
      expect(theirs.find((r) => r.author.name === 'former member')).toMatchObject({ author: { email: '', organisation: '' }, whatHappened: expect.stringContaining('reception centres') });
    });

    it('keeps what others recorded, without naming them: audit, network, a proposed expert', async () => {
      const audit = (await hub.deps.audit.all()).filter((e) => e.action === 'member.invited');
      expect(audit.map((e) => e.subject).sort()).toEqual([world.bruno.email, 'former member'].sort());
      expect((await hub.deps.networks.get(world.networkId))?.relayContacts).toEqual([{ name: 'Relay Desk', email: world.relayDesk }]);
      const proposed = (await hub.deps.experts.candidates([])).find((e) => e.name === 'Carla Proposed');
      expect(proposed).toBeDefined();
      expect(proposed).not.toHaveProperty('proposedBy');
    });

    it("leaves the other person's data as it was", async () => {
      expect(withoutTime(await exportPerson(hub.deps, world.bruno.email))).toEqual(withoutTime(brunoBefore));
    });

    it('no longer knows the person, and a second erasure finds nothing and changes nothing', async () => {
      // Prepare
      const before = await wholeTable(hub);
      // Act
      const again = await erasePerson(hub.deps, world.ana.email, { by: 'the secretariat' });
      // Assess
      expect(Object.values(again).every((n) => n === 0)).toBe(true);
      expect(await wholeTable(hub)).toEqual(before);
      expect(await knowsPerson(hub.deps, world.ana.email)).toBe(false);
      const data = await exportPerson(hub.deps, world.ana.email);
      for (const section of sectionNames) expect(data.sections[section]).toEqual([]);
    });
  });
});
