import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressionKeyOf } from '../../../functions/core/contacts/suppression.ts';
import { BY_THE_PERSON } from '../../../functions/core/privacy/ledger.ts';
import { PRIVACY_NOTICE_VERSION } from '../../../functions/core/privacy/notice.ts';
import { recordSesNotifications } from '../../../functions/api/services/sending.ts';
import type { DeliveryKey } from '../../../functions/core/deliveries/delivery.ts';
import { groupWithPeople, send, startThread } from '../../helpers/forums.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { createUpdate, importCsv, queueIdle, startAndPlan } from '../../helpers/mail-pipeline.ts';
import { addMember, post, signIn } from '../../helpers/session.ts';
import { sesEvent } from '../../helpers/ses-events.ts';

const header = 'email,name,organisation,audience,country,language,topics';

describe('the consent ledger: one suppression list that every sending path asks', () => {
  let hub: TestHub;
  let secretariat: string;
  let admin: string;
  beforeAll(async () => {
    hub = await createTestHub();
    admin = await addMember(hub, { secretariat: true });
    secretariat = await signIn(hub, admin);
  });
  afterAll(() => hub.dispose());

  const unsubscribeThroughAnUpdate = async (email: string, audience: string) => {
    const id = await createUpdate(hub, secretariat, { title: `For ${audience}`, subject: `News for ${audience}`, body: 'Body.', targets: { audiences: [audience] }, routes: { direct: true } });
    await post(hub, `/api/admin/updates/${id}/send`, {}, secretariat);
    await queueIdle(hub);
    const mail = (await hub.inbox.waitFor(email)).at(-1)!;
    const token = /\/unsubscribe\/#([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
    if (!token) throw new Error(`no unsubscribe link in: ${mail.text}`);
    const answer = await hub.app.request(`/api/unsubscribe/${token}`, { method: 'POST' });
    expect(answer.status).toBeLessThan(300);
  };

  it('records each consent and withdrawal with its source (code, values and sentence), time, wording version and who recorded it', async () => {
    // Prepare
    const email = uniqueEmail('ledger');
    await importCsv(hub, secretariat, `${header}\n${email},Lea Ledger,City of Ghent,local-authority,BE,en,`);
    // Act
    await unsubscribeThroughAnUpdate(email, 'local-authority');
    const entries = await hub.deps.ledger.entriesOf(email);
    // Assess
    expect(entries).toEqual([
      expect.objectContaining({ kind: 'consent', channel: 'updates', source: `import by ${admin}`, sourceCode: 'import', sourceValues: { by: admin }, wordingVersion: PRIVACY_NOTICE_VERSION, recordedBy: admin }),
      expect.objectContaining({ kind: 'withdrawal', channel: 'updates', reason: 'unsubscribed', source: 'unsubscribe link in an email', sourceCode: 'unsubscribe-link', recordedBy: BY_THE_PERSON }),
    ]);
    expect(entries[1]).not.toHaveProperty('sourceValues');
    expect(entries.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect(await hub.deps.ledger.suppression(email)).toMatchObject({ reason: 'unsubscribed' });
    // The ledger is keyed by a hash: no ledger item holds the address.
    const raw = await hub.deps.ledger.entriesOf(email);
    expect(JSON.stringify(raw)).not.toContain(email);
  });

  it('a member who unsubscribed from updates gets no forum notification until they choose to hear again themselves', async () => {
    // Prepare: the member is also a contact, and unsubscribes through an update.
    const people = await groupWithPeople(hub);
    await importCsv(hub, secretariat, `${header}\n${people.member.email},Mia Member,City of Athens,ngo,GR,en,`);
    await unsubscribeThroughAnUpdate(people.member.email, 'ngo');
    await send(hub, 'PUT', `/api/groups/${people.groupId}/notifications`, { setting: 'immediate' }, people.other.cookie);
    const before = (await hub.inbox.to(people.member.email)).length;
    // Act: a new thread; then the member turns notifications on themselves; then another thread.
    await startThread(hub, people.groupId, people.leader.cookie, 'First thread after the unsubscribe');
    await hub.inbox.waitFor(people.other.email, 1);
    const afterFirst = (await hub.inbox.to(people.member.email)).length;
    const chosen = await send(hub, 'PUT', `/api/groups/${people.groupId}/notifications`, { setting: 'immediate' }, people.member.cookie);
    await startThread(hub, people.groupId, people.leader.cookie, 'Second thread, after opting in again');
    const mails = await hub.inbox.waitFor(people.member.email, before + 1);
    // Assess
    expect(afterFirst).toBe(before);
    expect(chosen.status).toBe(200);
    expect(mails.at(-1)!.subject).toContain('Second thread');
    // The entry names the group as its members know it, its id beside.
    const group = (await hub.deps.partnership.getGroup(people.groupId))!;
    expect(await hub.deps.ledger.entriesOf(people.member.email)).toContainEqual(
      expect.objectContaining({ kind: 'consent', channel: 'forum-notifications', sourceCode: 'members-pages', sourceValues: { setting: 'immediate', group: group.name, groupId: group.id }, recordedBy: BY_THE_PERSON }),
    );
    // The opt-in on one channel does not resubscribe them to updates.
    expect((await hub.deps.contactBook.contacts.get(people.member.email))!.status).toBe('unsubscribed');
  });

  it('does not send an invitation to an address suppressed by a complaint, and says why', async () => {
    // Prepare: SES reports a complaint from the address.
    const email = uniqueEmail('complained');
    await recordSesNotifications(
      hub.deps,
      sesEvent({
        eventType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: email }], timestamp: new Date().toISOString() },
        mail: { messageId: 'm-1', destination: [email], headers: [] },
      }),
    );
    await hub.deps.partnership.addGroup({ id: 'wg-ledger', name: 'Working Group on the ledger', description: '', archived: false, createdAt: new Date().toISOString() });
    // Act
    const invited = await post(hub, '/api/admin/members', { email, name: 'Cora Complained', groupId: 'wg-ledger', role: 'member' }, secretariat);
    // Assess
    expect(invited.status).toBe(201);
    expect(await invited.json()).toMatchObject({ invitationSent: false, notSentBecause: expect.stringContaining('asked not to be mailed') });
    expect(await hub.inbox.to(email)).toEqual([]);
    expect(await hub.deps.ledger.entriesOf(email)).toEqual([expect.objectContaining({ kind: 'withdrawal', channel: 'all', reason: 'complained', recordedBy: 'Amazon SES' })]);
  });

  it('fails a queued delivery whose recipient withdrew after the update was planned', async () => {
    // Prepare: planned and queued, then the person unsubscribes before the worker runs.
    const email = uniqueEmail('late-withdrawal');
    await importCsv(hub, secretariat, `${header}\n${email},Lou Late,,research,,,`);
    const id = await createUpdate(hub, secretariat, { title: 'For researchers', subject: 'Research', body: 'Body.', targets: { audiences: ['research'] }, routes: { direct: true } });
    const held: DeliveryKey[] = [];
    await startAndPlan({ ...hub.deps, sendQueue: { kind: 'in-process' as const, enqueue: async (keys: readonly DeliveryKey[]) => void held.push(...keys) } }, id);
    const [mailToken] = (await hub.deps.contactBook.mailTokens.ensure([email])).values();
    await hub.app.request(`/api/unsubscribe/${mailToken}`, { method: 'POST' });
    // Act
    const outcome = await hub.deps.sendWorker().send(held);
    // Assess
    expect(outcome).toMatchObject({ sent: 0, failed: 1 });
    expect((await hub.deps.deliveries.listOfUpdate(id)).find((d) => d.email === email)).toMatchObject({ status: 'failed', reason: expect.stringContaining('asked not to be mailed') });
    expect(await hub.inbox.to(email)).toEqual([]);
    expect(await hub.deps.contactBook.suppressions.has(suppressionKeyOf(email))).toBe(true);
  });
});
