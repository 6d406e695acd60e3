import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../functions/api/app.ts';
import { runJob } from '../../../functions/jobs/index.ts';
import { mailing } from '../../../functions/core/outbox/message.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { get, groupWithPeople, mailWithSubject, send, startThread } from '../../helpers/forums.ts';
import { holdingOutbox } from '../../helpers/mail-pipeline.ts';
import { addMember, browserHeaders, post, signIn } from '../../helpers/session.ts';

type People = Awaited<ReturnType<typeof groupWithPeople>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOUR = 3_600_000;

describe('forum moderation', () => {
  // The hub's clock, moved forward by the tests that need a mute to end.
  let offset = 0;
  let hub: TestHub;
  let g: People;
  let secretariat: { email: string; cookie: string };
  let coLeader: { email: string; cookie: string };
  const json = async (answer: Response) => (await answer.json()) as Json;
  const hide = (threadId: string, postId: string, reason: unknown, cookie?: string) => post(hub, `/api/threads/${threadId}/posts/${postId}/hide`, { reason }, cookie);
  const unhide = (threadId: string, postId: string, cookie?: string) => post(hub, `/api/threads/${threadId}/posts/${postId}/unhide`, {}, cookie);
  const mute = (body: unknown, cookie?: string, groupId = g.groupId) => post(hub, `/api/groups/${groupId}/mutes`, body, cookie);
  const lift = (member: string, cookie?: string) => post(hub, `/api/groups/${g.groupId}/mutes/lift`, { member }, cookie);
  const inHours = (hours: number) => new Date(Date.now() + offset + hours * HOUR).toISOString();
  const auditEntries = async () => (await json(await get(hub, '/api/admin/audit', secretariat.cookie))).entries as Json[];

  beforeAll(async () => {
    hub = await createTestHub({}, { now: () => new Date(Date.now() + offset) });
    g = await groupWithPeople(hub);
    const secretariatEmail = await addMember(hub, { secretariat: true, name: 'Secretariat Desk' });
    secretariat = { email: secretariatEmail, cookie: await signIn(hub, secretariatEmail) };
    const coLeaderEmail = await addMember(hub, { name: 'Second Leader', groups: [{ groupId: g.groupId, role: 'leader' }] });
    coLeader = { email: coLeaderEmail, cookie: await signIn(hub, coLeaderEmail) };
  });
  afterAll(() => hub.dispose());

  describe('hiding a post', () => {
    it("shows the author and moderators the post and the reason, and other members only that it was hidden", async () => {
      // Prepare
      const { thread } = await startThread(hub, g.groupId, g.leader.cookie, 'Pilot cities', 'Which cities?');
      const reply = await json(await post(hub, `/api/threads/${thread.id}/posts`, { body: 'An insulting answer about Athens' }, g.member.cookie));
      // Act
      const hidden = await hide(thread.id, reply.post.id, '  Insults another member  ', g.leader.cookie);
      // Assess
      expect(hidden.status).toBe(200);
      expect(await json(hidden)).toMatchObject({ hidden: true, hiddenReason: 'Insults another member', body: 'An insulting answer about Athens' });
      const asAuthor = (await json(await get(hub, `/api/threads/${thread.id}`, g.member.cookie))).posts[1];
      const asLeader = (await json(await get(hub, `/api/threads/${thread.id}`, g.leader.cookie))).posts[1];
      const asSecretariat = (await json(await get(hub, `/api/threads/${thread.id}`, secretariat.cookie))).posts[1];
      const asOther = (await json(await get(hub, `/api/threads/${thread.id}`, g.other.cookie))).posts[1];
      const asObserver = (await json(await get(hub, `/api/threads/${thread.id}`, g.observer.cookie))).posts[1];
      for (const seen of [asAuthor, asLeader, asSecretariat]) expect(seen).toMatchObject({ hidden: true, hiddenReason: 'Insults another member', body: 'An insulting answer about Athens' });
      for (const seen of [asOther, asObserver]) {
        expect(seen).toMatchObject({ hidden: true, body: '', html: '', attachments: [] });
        expect(seen.hiddenReason).toBeUndefined();
      }
    });

    it('keeps a hidden post out of search, its earlier versions and its files from other members', async () => {
      // Prepare: a post with a file, edited once
      const { thread } = await startThread(hub, g.groupId, g.leader.cookie, 'Budget lines', 'Numbers please');
      const asked = await json(await post(hub, `/api/groups/${g.groupId}/attachments`, { filename: 'leak.txt', contentType: 'text/plain', size: 6 }, g.member.cookie));
      await hub.app.request(asked.upload.url, { method: 'PUT', headers: { ...browserHeaders(hub, g.member.cookie), ...asked.upload.headers }, body: 'secret' });
      await post(hub, `/api/attachments/${asked.id}/confirm`, {}, g.member.cookie);
      const reply = await json(await post(hub, `/api/threads/${thread.id}/posts`, { body: 'Zanzibarian figures first draft', attachments: [asked.id] }, g.member.cookie));
      await send(hub, 'PUT', `/api/threads/${thread.id}/posts/${reply.post.id}`, { body: 'Zanzibarian figures second draft' }, g.member.cookie);
      // Act
      await hide(thread.id, reply.post.id, 'Confidential figures', g.leader.cookie);
      // Assess
      const search = async (cookie: string) => (await json(await get(hub, '/api/search?q=zanzibarian', cookie))).results as Json[];
      expect(await search(g.other.cookie)).toEqual([]);
      expect(await search(g.member.cookie)).toEqual([]);
      const revisions = async (cookie: string) => (await json(await get(hub, `/api/threads/${thread.id}/posts/${reply.post.id}/revisions`, cookie))).revisions as Json[];
      expect(await revisions(g.other.cookie)).toEqual([]);
      expect(await revisions(g.member.cookie)).toHaveLength(1);
      expect((await get(hub, `/api/attachments/${asked.id}`, g.other.cookie)).status).toBe(404);
      expect((await get(hub, `/api/attachments/${asked.id}`, g.member.cookie)).status).toBe(200);
      expect((await get(hub, `/api/attachments/${asked.id}`, g.leader.cookie)).status).toBe(200);
      // Shown again, everyone has it back
      expect((await unhide(thread.id, reply.post.id, g.leader.cookie)).status).toBe(200);
      expect((await get(hub, `/api/attachments/${asked.id}`, g.other.cookie)).status).toBe(200);
      expect((await search(g.other.cookie)).map((r) => r.postId)).toEqual([reply.post.id]);
    });

    it("blanks a hidden opening post's excerpt in the group's list, and leaves a hidden decision out of the log", async () => {
      const { thread } = await startThread(hub, g.groupId, g.member.cookie, 'Rude opening', 'Rude opening words');
      await post(hub, `/api/threads/${thread.id}/posts/${thread.id}/decision`, { decision: true }, g.leader.cookie);
      await hide(thread.id, thread.id, 'Rude wording', g.leader.cookie);
      const listed = (await json(await get(hub, `/api/groups/${g.groupId}/threads`, g.other.cookie))).threads.find((t: Json) => t.id === thread.id);
      expect(listed).toMatchObject({ title: 'Rude opening', excerpt: '', openingHidden: true });
      expect((await json(await get(hub, `/api/groups/${g.groupId}/decisions`, g.other.cookie))).decisions.map((d: Json) => d.id)).not.toContain(thread.id);
      expect(await (await get(hub, `/api/groups/${g.groupId}/decisions.md`, g.other.cookie)).text()).not.toContain('Rude opening words');
      await unhide(thread.id, thread.id, g.leader.cookie);
      const shown = (await json(await get(hub, `/api/groups/${g.groupId}/threads`, g.other.cookie))).threads.find((t: Json) => t.id === thread.id);
      expect(shown.excerpt).toBe('Rude opening words');
    });

    it('answers 409 to hiding a hidden post and to showing a visible one, and audits each act once', async () => {
      const { thread } = await startThread(hub, g.groupId, g.member.cookie, 'Twice', 'Twice hidden?');
      expect((await hide(thread.id, thread.id, 'Off topic', g.leader.cookie)).status).toBe(200);
      const again = await hide(thread.id, thread.id, 'Off topic again', coLeader.cookie);
      expect(again.status).toBe(409);
      expect((await json(again)).error.message).toMatch(/already hidden \(reason: "Off topic"\)\. Unhide it first/);
      expect((await unhide(thread.id, thread.id, g.leader.cookie)).status).toBe(200);
      const shownAgain = await unhide(thread.id, thread.id, g.leader.cookie);
      expect(shownAgain.status).toBe(409);
      expect((await json(shownAgain)).error.message).toMatch(/not hidden/);
      const entries = (await auditEntries()).filter((e) => e.details.post === thread.id);
      expect(entries.map((e) => e.action)).toEqual(['post.unhidden', 'post.hidden']);
      expect(entries[1]).toMatchObject({ actor: 'leader person', groupId: g.groupId, subject: 'member person', details: { by: 'leader', thread: thread.id, post: thread.id, title: 'Twice', reason: 'Off topic' } });
      expect(JSON.stringify(entries)).not.toContain('@');
    });

    it('refuses members and observers (403), strangers (401) and non-members (404), and names a bad reason', async () => {
      const { thread } = await startThread(hub, g.groupId, g.other.cookie, 'Gate', 'Who may hide this?');
      const outsider = await groupWithPeople(hub);
      expect((await hide(thread.id, thread.id, 'Off topic', g.member.cookie)).status).toBe(403);
      expect((await hide(thread.id, thread.id, 'Off topic', g.other.cookie)).status).toBe(403);
      expect((await hide(thread.id, thread.id, 'Off topic', g.observer.cookie)).status).toBe(403);
      expect((await unhide(thread.id, thread.id, g.member.cookie)).status).toBe(403);
      expect((await hide(thread.id, thread.id, 'Off topic')).status).toBe(401);
      expect((await hide(thread.id, thread.id, 'Off topic', outsider.leader.cookie)).status).toBe(404);
      const short = await hide(thread.id, thread.id, 'no', g.leader.cookie);
      expect(short.status).toBe(400);
      expect((await json(short)).error.details).toEqual([{ path: 'reason', message: 'expects a reason of at least 3 characters' }]);
      const missing = await post(hub, `/api/threads/${thread.id}/posts/${thread.id}/hide`, {}, g.leader.cookie);
      expect(missing.status).toBe(400);
      expect((await json(missing)).error.details[0].path).toBe('reason');
      const withAddress = await hide(thread.id, thread.id, `Insults ${g.member.email}`, g.leader.cookie);
      expect((await json(withAddress)).error.details[0].message).toMatch(/expects no email address/);
    });

    it('answers 404 for a missing post or thread, and 409 for a deleted post', async () => {
      const { thread } = await startThread(hub, g.groupId, g.member.cookie, 'Gone', 'Soon deleted');
      expect((await hide(thread.id, 'nosuchpost0000', 'Off topic', g.leader.cookie)).status).toBe(404);
      expect((await hide('nosuchthread00', thread.id, 'Off topic', g.leader.cookie)).status).toBe(404);
      expect((await unhide(thread.id, 'nosuchpost0000', g.leader.cookie)).status).toBe(404);
      await send(hub, 'DELETE', `/api/threads/${thread.id}/posts/${thread.id}`, undefined, g.member.cookie);
      expect((await hide(thread.id, thread.id, 'Off topic', g.leader.cookie)).status).toBe(409);
    });

    it("lets a leader hide neither another leader's post nor the secretariat's; the secretariat hides a leader's", async () => {
      const { thread } = await startThread(hub, g.groupId, coLeader.cookie, 'Leaders', 'A leader writes');
      const fromSecretariat = await json(await post(hub, `/api/threads/${thread.id}/posts`, { body: 'The secretariat writes' }, secretariat.cookie));
      const byLeader = await hide(thread.id, thread.id, 'Off topic', g.leader.cookie);
      expect(byLeader.status).toBe(403);
      expect((await json(byLeader)).error.message).toMatch(/cannot hide another leader's posts; ask the secretariat/);
      expect((await hide(thread.id, fromSecretariat.post.id, 'Off topic', g.leader.cookie)).status).toBe(403);
      expect((await hide(thread.id, thread.id, 'Off topic', secretariat.cookie)).status).toBe(200);
      expect((await auditEntries()).find((e) => e.details.post === thread.id)).toMatchObject({ actor: 'Secretariat Desk', subject: 'Second Leader', details: { by: 'secretariat' } });
    });

    it('closes unsent the notifications of the post still waiting in the outbox', async () => {
      // Prepare: the send queue holds every message, so the leader's notification waits, queued.
      const held = holdingOutbox();
      const app = createApp({ ...hub.deps, outboxQueue: held.queue });
      const { thread } = await startThread(hub, g.groupId, g.member.cookie, 'Held notification', 'Opening');
      const replied = await app.request(`/api/threads/${thread.id}/posts`, { method: 'POST', headers: browserHeaders(hub, g.other.cookie), body: JSON.stringify({ body: 'Words to hide' }) });
      const reply = await json(replied);
      const keys = await hub.deps.outbox.keysOf(mailing('forum-notification', reply.post.id).id);
      expect(keys.length).toBeGreaterThanOrEqual(2);
      // Act
      await hide(thread.id, reply.post.id, 'Off topic', g.leader.cookie);
      // Assess
      const messages = await Promise.all(keys.map((k) => hub.deps.outbox.get(k)));
      expect(messages.map((m) => m?.status)).toEqual(keys.map(() => 'failed'));
      expect(await hub.deps.outboxWorker({}).send(keys)).toMatchObject({ sent: 0 });
    });

    it("leaves a hidden post out of the day's digest", async () => {
      const people = await groupWithPeople(hub);
      const { thread } = await startThread(hub, people.groupId, people.leader.cookie, 'Digest moderation', 'Visible words');
      const reply = await json(await post(hub, `/api/threads/${thread.id}/posts`, { body: 'Hidden words' }, people.other.cookie));
      await hide(thread.id, reply.post.id, 'Off topic', people.leader.cookie);
      await runJob(hub.deps, 'digest');
      const [mail] = await mailWithSubject(hub, people.member.email, 'Daily digest');
      expect(mail!.text).toContain('Visible words');
      expect(mail!.text).not.toContain('Hidden words');
    });
  });

  describe('muting a member', () => {
    it('keeps a muted member from starting threads, replying, editing and uploading until the end, then lets them', async () => {
      // Prepare
      const people = await groupWithPeople(hub);
      const { thread, post: opening } = await startThread(hub, people.groupId, people.member.cookie, 'Before the mute', 'Earlier words');
      const until = inHours(1);
      // Act
      const muted = await mute({ member: people.member.email, until, reason: 'Repeated insults' }, people.leader.cookie, people.groupId);
      // Assess
      expect(muted.status).toBe(201);
      expect(await json(muted)).toMatchObject({ replaced: false, mute: { member: people.member.email, name: 'member person', until, reason: 'Repeated insults' } });
      const refusedThread = await post(hub, `/api/groups/${people.groupId}/threads`, { title: 'While muted', body: 'Hello' }, people.member.cookie);
      expect(refusedThread.status).toBe(403);
      const refusal = await json(refusedThread);
      expect(refusal).toMatchObject({ error: { code: 'muted', details: { until } } });
      expect(refusal.error.message).toContain(`until ${until}`);
      const refusedReply = await post(hub, `/api/threads/${thread.id}/posts`, { body: 'Hello' }, people.member.cookie);
      expect(await json(refusedReply)).toMatchObject({ error: { code: 'muted' } });
      expect((await send(hub, 'PUT', `/api/threads/${thread.id}/posts/${opening.id}`, { body: 'Changed' }, people.member.cookie)).status).toBe(403);
      expect((await post(hub, `/api/groups/${people.groupId}/attachments`, { filename: 'a.txt', contentType: 'text/plain', size: 1 }, people.member.cookie)).status).toBe(403);
      // They still read, and are told
      const page = await json(await get(hub, `/api/threads/${thread.id}`, people.member.cookie));
      expect(page.you).toMatchObject({ canPost: false, mutedUntil: until });
      expect((await json(await get(hub, `/api/groups/${people.groupId}/threads`, people.member.cookie))).you).toMatchObject({ canPost: false, mutedUntil: until });
      // Others are not muted
      expect((await post(hub, `/api/threads/${thread.id}/posts`, { body: 'Others write on' }, people.other.cookie)).status).toBe(201);
      // Act: the end passes
      offset += 2 * HOUR;
      try {
        const after = await post(hub, `/api/threads/${thread.id}/posts`, { body: 'Back after the mute' }, people.member.cookie);
        expect(after.status).toBe(201);
        expect((await json(await get(hub, `/api/threads/${thread.id}`, people.member.cookie))).you.mutedUntil).toBeUndefined();
        expect((await json(await get(hub, `/api/groups/${people.groupId}/mutes`, people.leader.cookie))).mutes).toEqual([]);
      } finally {
        offset -= 2 * HOUR;
      }
    });

    it('replaces a mute in force (200), lifts it (then the member posts), and answers 409 to lifting it again', async () => {
      const { thread } = await startThread(hub, g.groupId, g.leader.cookie, 'Lift', 'Lifting');
      expect((await mute({ member: g.other.email, until: inHours(2), reason: 'Spam links' }, g.leader.cookie)).status).toBe(201);
      const replaced = await mute({ member: g.other.email, until: inHours(5), reason: 'Spam links, again' }, g.leader.cookie);
      expect(replaced.status).toBe(200);
      expect(await json(replaced)).toMatchObject({ replaced: true, mute: { reason: 'Spam links, again' } });
      const listed = (await json(await get(hub, `/api/groups/${g.groupId}/mutes`, g.leader.cookie))).mutes as Json[];
      expect(listed.filter((m) => m.member === g.other.email)).toHaveLength(1);
      const lifted = await lift(g.other.email, g.leader.cookie);
      expect(lifted.status).toBe(200);
      expect(await json(lifted)).toMatchObject({ member: g.other.email, lifted: true });
      expect((await post(hub, `/api/threads/${thread.id}/posts`, { body: 'Free again' }, g.other.cookie)).status).toBe(201);
      const again = await lift(g.other.email, g.leader.cookie);
      expect(again.status).toBe(409);
      expect((await json(again)).error.message).toMatch(/not muted in this group/);
      const entries = (await auditEntries()).filter((e) => e.action === 'member.muted' || e.action === 'mute.lifted').filter((e) => e.subject === 'other person' && e.groupId === g.groupId);
      expect(entries.map((e) => e.action)).toEqual(['mute.lifted', 'member.muted', 'member.muted']);
      expect(entries[1]).toMatchObject({ actor: 'leader person', details: { by: 'leader', reason: 'Spam links, again', replaced: 'an earlier mute' } });
      expect(JSON.stringify(entries)).not.toContain('@');
    });

    it("tells each of the member's sessions of a mute and of its lifting, and a thread read still costs one Query and one GetItem (the session)", async () => {
      // Prepare: a member signed in twice, one browser before the mute and one after
      const people = await groupWithPeople(hub);
      const { thread } = await startThread(hub, people.groupId, people.leader.cookie, 'Sessions and mutes', 'Both browsers');
      const until = inHours(3);
      const you = async (cookie: string) => (await json(await get(hub, `/api/threads/${thread.id}`, cookie))).you as Json;
      const calls: string[] = [];
      const stop = hub.table.documents.observe((operation) => calls.push(operation));
      const readCalls = async (cookie: string) => {
        calls.length = 0;
        const seen = await you(cookie);
        return { seen, calls: [...calls].sort() };
      };
      try {
        expect(await readCalls(people.member.cookie)).toEqual({ seen: expect.objectContaining({ canPost: true }), calls: ['GetItem', 'Query'] });
        // Act: the mute
        expect((await mute({ member: people.member.email, until, reason: 'Off-topic posts' }, people.leader.cookie, people.groupId)).status).toBe(201);
        const later = await signIn(hub, people.member.email);
        // Assess: the browser signed in before and the one signed in after both know, at the same cost
        for (const cookie of [people.member.cookie, later]) {
          expect(await readCalls(cookie)).toEqual({ seen: expect.objectContaining({ canPost: false, mutedUntil: until }), calls: ['GetItem', 'Query'] });
          expect((await json(await get(hub, `/api/groups/${people.groupId}/threads`, cookie))).you).toMatchObject({ canPost: false, mutedUntil: until });
        }
        // Act: lifted
        expect((await post(hub, `/api/groups/${people.groupId}/mutes/lift`, { member: people.member.email }, people.leader.cookie)).status).toBe(200);
        // Assess: both browsers may write again, without signing in again
        for (const cookie of [people.member.cookie, later]) {
          const { seen } = await readCalls(cookie);
          expect(seen.canPost).toBe(true);
          expect(seen.mutedUntil).toBeUndefined();
          expect((await post(hub, `/api/threads/${thread.id}/posts`, { body: 'Back in the discussion' }, cookie)).status).toBe(201);
        }
      } finally {
        stop();
      }
    });

    it('lets leaders mute neither another leader nor the secretariat; the secretariat mutes a leader', async () => {
      const leaderByLeader = await mute({ member: coLeader.email, until: inHours(1), reason: 'Quarrel' }, g.leader.cookie);
      expect(leaderByLeader.status).toBe(403);
      expect((await json(leaderByLeader)).error.message).toMatch(/cannot mute another leader; ask the secretariat/);
      expect((await mute({ member: g.leader.email, until: inHours(1), reason: 'Quarrel' }, g.leader.cookie)).status).toBe(403);
      const secretariatByLeader = await mute({ member: secretariat.email, until: inHours(1), reason: 'Quarrel' }, g.leader.cookie);
      expect((await json(secretariatByLeader)).error.message).toMatch(/Nobody can mute a member of the secretariat/);
      expect((await mute({ member: secretariat.email, until: inHours(1), reason: 'Quarrel' }, secretariat.cookie)).status).toBe(403);
      expect((await mute({ member: coLeader.email, until: inHours(1), reason: 'Quarrel' }, secretariat.cookie)).status).toBe(201);
      expect((await lift(coLeader.email, g.leader.cookie)).status).toBe(403);
      expect((await lift(coLeader.email, secretariat.cookie)).status).toBe(200);
    });

    it('refuses members and observers (403), strangers (401) and non-members (404)', async () => {
      const outsider = await groupWithPeople(hub);
      const body = { member: g.other.email, until: inHours(1), reason: 'Spam links' };
      expect((await mute(body, g.member.cookie)).status).toBe(403);
      expect((await mute(body, g.observer.cookie)).status).toBe(403);
      expect((await mute(body)).status).toBe(401);
      expect((await mute(body, outsider.leader.cookie)).status).toBe(404);
      expect((await lift(g.other.email, g.member.cookie)).status).toBe(403);
      expect((await get(hub, `/api/groups/${g.groupId}/mutes`, g.member.cookie)).status).toBe(403);
    });

    it('says what to fix in a bad request', async () => {
      const base = { member: g.other.email, until: inHours(1), reason: 'Spam links' };
      const past = await mute({ ...base, until: inHours(-1) }, g.leader.cookie);
      expect(past.status).toBe(422);
      expect((await json(past)).error).toMatchObject({ code: 'rule_violated', message: expect.stringMatching(/must be in the future/), details: { field: 'until' } });
      const far = await mute({ ...base, until: inHours(24 * 91) }, g.leader.cookie);
      expect(far.status).toBe(422);
      expect((await json(far)).error.message).toMatch(/at most 90 days/);
      const notDate = await mute({ ...base, until: 'tomorrow' }, g.leader.cookie);
      expect((await json(notDate)).error.details).toEqual([{ path: 'until', message: expect.stringMatching(/expects a date-time/) }]);
      const noReason = await mute({ member: base.member, until: base.until }, g.leader.cookie);
      expect((await json(noReason)).error.details[0].path).toBe('reason');
      const stranger = await mute({ ...base, member: 'nobody-here@example.org' }, g.leader.cookie);
      expect(stranger.status).toBe(400);
      expect((await json(stranger)).error.details).toEqual([{ path: 'member', message: expect.stringMatching(/is not a member of this group/) }]);
      const notAddress = await mute({ ...base, member: 'member-id-123' }, g.leader.cookie);
      expect((await json(notAddress)).error.details[0]).toMatchObject({ path: 'member' });
    });
  });

  describe('pin and lock', () => {
    it('audits each change by name, and nothing for a call that changes nothing', async () => {
      const { thread } = await startThread(hub, g.groupId, g.member.cookie, 'Pin me', 'Pinned words');
      await post(hub, `/api/threads/${thread.id}/pin`, { pinned: true }, g.leader.cookie);
      await post(hub, `/api/threads/${thread.id}/pin`, { pinned: true }, g.leader.cookie);
      await post(hub, `/api/threads/${thread.id}/lock`, { locked: true }, secretariat.cookie);
      await post(hub, `/api/threads/${thread.id}/lock`, { locked: false }, g.leader.cookie);
      const entries = (await auditEntries()).filter((e) => e.details.thread === thread.id);
      expect(entries.map((e) => [e.action, e.actor, e.details.by])).toEqual([
        ['thread.unlocked', 'leader person', 'leader'],
        ['thread.locked', 'Secretariat Desk', 'secretariat'],
        ['thread.pinned', 'leader person', 'leader'],
      ]);
      expect(entries[0]).toMatchObject({ groupId: g.groupId, details: { title: 'Pin me' } });
    });
  });
});
