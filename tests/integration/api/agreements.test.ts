import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { get, groupWithPeople, startThread } from '../../helpers/forums.ts';
import { addMember, browserHeaders, post, signIn } from '../../helpers/session.ts';

type People = Awaited<ReturnType<typeof groupWithPeople>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const today = () => new Date().toISOString().slice(0, 10);

describe('the register of agreements', () => {
  let hub: TestHub;
  let a: People;
  let b: People;
  let secretariat: string;
  let contributor: string;
  let noGroup: string;
  const json = async (answer: Response) => (await answer.json()) as Json;
  const patch = (id: string, body: unknown, cookie?: string) => hub.app.request(`/api/agreements/${id}`, { method: 'PATCH', headers: browserHeaders(hub, cookie), body: JSON.stringify(body) });
  const withdraw = (id: string, cookie?: string) => hub.app.request(`/api/agreements/${id}`, { method: 'DELETE', headers: browserHeaders(hub, cookie) });
  const register = async (cookie: string, query = '') => (await json(await get(hub, `/api/agreements/register${query}`, cookie))).agreements as Json[];
  const auditEntries = async () => (await json(await get(hub, '/api/admin/audit', secretariat))).entries as Json[];

  /** A thread in group `g` whose opening post the leader records as a decision. */
  async function decision(g: People, title: string, body: string) {
    const { thread, post: opening } = await startThread(hub, g.groupId, g.member.cookie, title, body);
    const recorded = await post(hub, `/api/threads/${thread.id}/posts/${opening.id}/decision`, { decision: true }, g.leader.cookie);
    expect(recorded.status).toBe(200);
    return { threadId: thread.id, postId: opening.id };
  }
  const mark = (d: { threadId: string; postId: string }, body: unknown, cookie: string) => post(hub, `/api/threads/${d.threadId}/posts/${d.postId}/agreement`, body, cookie);

  beforeAll(async () => {
    hub = await createTestHub();
    a = await groupWithPeople(hub);
    b = await groupWithPeople(hub);
    secretariat = await signIn(hub, await addMember(hub, { secretariat: true, name: 'Secretariat Desk' }));
    noGroup = await signIn(hub, await addMember(hub, {}));
    // Someone who exists only as a contributor, as an expert invited to answer a call is.
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const contributorEmail = `contributor-${a.groupId}@example.org`;
    await hub.deps.partnership.addMember({ email: contributorEmail, name: 'Invited Expert', organisation: 'MPG', language: 'en', secretariat: false, contributorUntil: until, createdAt: new Date().toISOString() });
    await hub.deps.partnership.addMembership({ groupId: a.groupId, email: contributorEmail, role: 'contributor', since: new Date().toISOString(), until });
    contributor = await signIn(hub, contributorEmail);
  });
  afterAll(() => hub.dispose());

  describe('marking a decision', () => {
    it("lets the group's leader mark it, shows it in every member's register, and audits it", async () => {
      // Prepare
      const d = await decision(a, 'Shared guardianship training', 'Athens and Berlin pilot a **shared** guardianship training.');
      // Act
      const marked = await mark(d, { state: 'agreed', bindingGroups: [a.groupId, b.groupId], agreedOn: today() }, a.leader.cookie);
      // Assess
      expect(marked.status).toBe(201);
      expect(await json(marked)).toMatchObject({ id: d.postId, title: 'Shared guardianship training', state: 'agreed', agreedOn: today(), public: false, canChange: true, thread: { id: d.threadId } });
      // Another group's member sees the words, not the thread link.
      const seenByB = (await register(b.member.cookie)).find((e) => e.id === d.postId)!;
      expect(seenByB).toMatchObject({ title: 'Shared guardianship training', state: 'agreed', group: { id: a.groupId }, canChange: false });
      expect(seenByB.html).toContain('<strong>shared</strong>');
      expect(seenByB.bindingGroups.map((g: Json) => g.id)).toEqual([a.groupId, b.groupId]);
      expect(seenByB.thread).toBeUndefined();
      // The originating group's observer, a member in no group and the secretariat see it too; the observer gets the link.
      expect((await register(a.observer.cookie)).find((e) => e.id === d.postId)?.thread).toEqual({ id: d.threadId, path: `/members/thread/?id=${d.threadId}#post-${d.postId}` });
      expect((await register(noGroup)).some((e) => e.id === d.postId)).toBe(true);
      expect((await json(await get(hub, '/api/agreements/register', noGroup))).groups).toEqual(expect.arrayContaining([{ id: a.groupId, name: `Working Group ${a.groupId}` }, { id: b.groupId, name: `Working Group ${b.groupId}` }]));
      expect((await register(secretariat)).find((e) => e.id === d.postId)).toMatchObject({ canChange: true, thread: { id: d.threadId } });
      const entry = (await auditEntries()).find((e) => e.action === 'agreement.marked' && e.details.agreement === d.postId);
      expect(entry).toMatchObject({ actor: 'leader person', groupId: a.groupId, details: { by: 'leader', state: 'agreed', public: 'false' } });
    });

    it('refuses members, observers, another group, contributors and strangers', async () => {
      const d = await decision(a, 'Refusals', 'Decided.');
      const body = { state: 'proposed', bindingGroups: [a.groupId] };
      expect((await mark(d, body, a.member.cookie)).status).toBe(403);
      expect((await mark(d, body, a.observer.cookie)).status).toBe(403);
      expect((await mark(d, body, contributor)).status).toBe(403);
      expect((await mark(d, body, b.leader.cookie)).status).toBe(404);
      expect((await post(hub, `/api/threads/${d.threadId}/posts/${d.postId}/agreement`, body)).status).toBe(401);
      expect((await register(secretariat)).some((e) => e.id === d.postId)).toBe(false);
    });

    it('answers bad input with the field at fault, and refuses what is not a visible decision', async () => {
      const d = await decision(a, 'Bad input', 'Decided.');
      const noGroupGiven = await mark(d, { state: 'agreed', bindingGroups: [], agreedOn: today() }, a.leader.cookie);
      expect(noGroupGiven.status).toBe(400);
      expect(JSON.stringify((await json(noGroupGiven)).error.details)).toContain('bindingGroups');
      const unknown = await mark(d, { state: 'proposed', bindingGroups: ['no-such-group'] }, a.leader.cookie);
      expect(unknown.status).toBe(400);
      expect((await json(unknown)).error.details).toEqual([{ path: 'bindingGroups', message: 'names no working group: no-such-group' }]);
      const superseded = await mark(d, { state: 'superseded', bindingGroups: [a.groupId] }, a.leader.cookie);
      expect(superseded.status).toBe(400);
      const noDay = await mark(d, { state: 'agreed', bindingGroups: [a.groupId] }, a.leader.cookie);
      expect(noDay.status).toBe(422);
      expect((await json(noDay)).error.details).toMatchObject({ field: 'agreedOn' });
      const future = await mark(d, { state: 'agreed', bindingGroups: [a.groupId], agreedOn: '2999-01-01' }, a.leader.cookie);
      expect(future.status).toBe(422);
      // A plain reply is no decision; a second mark is a conflict.
      const reply = await json(await post(hub, `/api/threads/${d.threadId}/posts`, { body: 'Just a reply' }, a.member.cookie));
      expect((await mark({ threadId: d.threadId, postId: reply.post.id }, { state: 'proposed', bindingGroups: [a.groupId] }, a.leader.cookie)).status).toBe(409);
      expect((await mark(d, { state: 'proposed', bindingGroups: [a.groupId] }, a.leader.cookie)).status).toBe(201);
      expect((await mark(d, { state: 'proposed', bindingGroups: [a.groupId] }, a.leader.cookie)).status).toBe(409);
      // Unmarking the decision of an agreement is refused: the agreement goes first.
      expect((await post(hub, `/api/threads/${d.threadId}/posts/${d.postId}/decision`, { decision: false }, a.leader.cookie)).status).toBe(409);
    });
  });

  describe('changing an agreement', () => {
    it('agrees a proposal, supersedes it with a later agreement, then keeps it as it is; each change audited', async () => {
      // Prepare
      const first = await decision(b, 'Housing first pilot', 'Three cities try housing first.');
      const second = await decision(b, 'Housing first, all cities', 'Every city tries housing first.');
      await mark(first, { state: 'proposed', bindingGroups: [b.groupId] }, b.leader.cookie);
      await mark(second, { state: 'agreed', bindingGroups: [b.groupId], agreedOn: today() }, b.leader.cookie);
      // Act and assess
      const agreed = await patch(first.postId, { state: 'agreed', agreedOn: today() }, b.leader.cookie);
      expect(agreed.status).toBe(200);
      expect(await json(agreed)).toMatchObject({ state: 'agreed', agreedOn: today(), changedBy: 'leader person' });
      const back = await patch(first.postId, { state: 'proposed' }, b.leader.cookie);
      expect(back.status).toBe(409);
      expect((await json(back)).error.message).toMatch(/cannot go from agreed to proposed/);
      const bySelf = await patch(first.postId, { state: 'superseded', supersededBy: first.postId }, b.leader.cookie);
      expect(bySelf.status).toBe(422);
      const superseded = await patch(first.postId, { state: 'superseded', supersededBy: second.postId }, secretariat);
      expect(superseded.status).toBe(200);
      expect(await json(superseded)).toMatchObject({ state: 'superseded', supersededBy: { id: second.postId, title: 'Housing first, all cities' }, changedBy: 'Secretariat Desk' });
      expect((await patch(first.postId, { public: true }, b.leader.cookie)).status).toBe(409);
      const changes = (await auditEntries()).filter((e) => e.action === 'agreement.changed' && e.details.agreement === first.postId);
      expect(changes.map((e) => e.details.changed)).toEqual(expect.arrayContaining(['state, agreedOn', 'state, supersededBy']));
      expect(changes.find((e) => e.details.changed === 'state, supersededBy')).toMatchObject({ actor: 'Secretariat Desk', details: { by: 'secretariat', from: 'agreed', state: 'superseded', supersededBy: second.postId } });
      // Searchable by state across groups.
      expect((await register(a.member.cookie, '?state=superseded')).map((e) => e.id)).toContain(first.postId);
      expect((await register(a.member.cookie, '?state=proposed')).map((e) => e.id)).not.toContain(first.postId);
    });

    it('lets only the leaders of its own group and the secretariat change it, and answers 400 to an empty change', async () => {
      const d = await decision(a, 'Who changes', 'Decided.');
      await mark(d, { state: 'proposed', bindingGroups: [a.groupId, b.groupId] }, a.leader.cookie);
      expect((await patch(d.postId, { public: true }, b.leader.cookie)).status).toBe(403);
      expect((await patch(d.postId, { public: true }, a.member.cookie)).status).toBe(403);
      expect((await patch(d.postId, { public: true }, contributor)).status).toBe(403);
      expect((await patch(d.postId, { public: true })).status).toBe(401);
      expect((await patch(d.postId, {}, a.leader.cookie)).status).toBe(400);
      expect((await patch(d.postId, { state: 'final' }, a.leader.cookie)).status).toBe(400);
      expect((await patch('nosuchagreement0', { public: true }, a.leader.cookie)).status).toBe(404);
    });

    it('withdraws a proposal, never an agreed agreement', async () => {
      const proposal = await decision(a, 'To withdraw', 'Maybe.');
      const agreed = await decision(a, 'To keep', 'Yes.');
      await mark(proposal, { state: 'proposed', bindingGroups: [a.groupId] }, a.leader.cookie);
      await mark(agreed, { state: 'agreed', bindingGroups: [a.groupId], agreedOn: today() }, a.leader.cookie);
      expect((await withdraw(proposal.postId, a.member.cookie)).status).toBe(403);
      expect((await withdraw(agreed.postId, a.leader.cookie)).status).toBe(409);
      expect((await withdraw(proposal.postId, a.leader.cookie)).status).toBe(200);
      expect((await register(a.member.cookie)).map((e) => e.id)).not.toContain(proposal.postId);
      expect((await auditEntries()).some((e) => e.action === 'agreement.withdrawn' && e.details.agreement === proposal.postId)).toBe(true);
    });
  });

  describe('reading the register', () => {
    it('is refused to contributors and strangers, and finds by text and by group', async () => {
      expect((await get(hub, '/api/agreements/register', contributor)).status).toBe(403);
      expect((await get(hub, '/api/agreements/register')).status).toBe(401);
      const d = await decision(b, 'Mentoring scheme for newcomers', 'Mentors meet newcomers monthly.');
      await mark(d, { state: 'agreed', bindingGroups: [b.groupId], agreedOn: today() }, b.leader.cookie);
      expect((await register(a.member.cookie, '?q=MENTORS%20monthly')).map((e) => e.id)).toEqual([d.postId]);
      expect((await register(a.member.cookie, `?group=${b.groupId}&q=mentoring`)).map((e) => e.id)).toEqual([d.postId]);
      expect((await register(a.member.cookie, `?group=${a.groupId}&q=mentoring`)).map((e) => e.id)).toEqual([]);
      expect((await get(hub, '/api/agreements/register?state=final', a.member.cookie)).status).toBe(400);
      expect((await get(hub, '/api/agreements/register?group=Not%20A%20Group', a.member.cookie)).status).toBe(400);
    });

    it('exports as CSV and Markdown, with the filters, changing nothing', async () => {
      const d = await decision(a, 'Language courses in two cities', 'Courses start in spring.');
      await mark(d, { state: 'agreed', bindingGroups: [a.groupId], agreedOn: today() }, a.leader.cookie);
      const before = await auditEntries();
      const csv = await get(hub, '/api/agreements/register.csv?q=language%20courses', b.member.cookie);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('content-disposition')).toBe('attachment; filename="agreements.csv"');
      const lines = (await csv.text()).trim().split('\n');
      expect(lines[0]).toBe('title,state,agreed_on,group,binding_groups,superseded_by,public,text,thread');
      // The member of another group: the words, no thread link.
      expect(lines.slice(1)).toEqual([`Language courses in two cities,agreed,${today()},Working Group ${a.groupId},Working Group ${a.groupId},,no,Courses start in spring.,`]);
      const md = await get(hub, '/api/agreements/register.md?q=language%20courses', a.member.cookie);
      expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
      const markdown = await md.text();
      expect(markdown).toContain('## Language courses in two cities');
      expect(markdown).toContain('> Courses start in spring.');
      expect(markdown).toContain(`Thread: <${hub.config.BASE_URL}/members/thread/?id=${d.threadId}#post-${d.postId}>`);
      expect(markdown).toContain('1 agreement.');
      expect(await auditEntries()).toHaveLength(before.length);
      expect((await get(hub, '/api/agreements/register.csv', contributor)).status).toBe(403);
    });

    it('withholds an agreement while its decision is hidden, and for good once it is deleted', async () => {
      const d = await decision(a, 'Hidden later', 'Words a moderator will hide.');
      await mark(d, { state: 'agreed', bindingGroups: [a.groupId], agreedOn: today(), public: true }, a.leader.cookie);
      expect((await post(hub, `/api/threads/${d.threadId}/posts/${d.postId}/hide`, { reason: 'Personal details' }, a.leader.cookie)).status).toBe(200);
      expect((await register(b.member.cookie)).map((e) => e.id)).not.toContain(d.postId);
      expect(((await json(await get(hub, '/api/agreements'))).agreements as Json[]).map((e) => e.id)).not.toContain(d.postId);
      expect((await patch(d.postId, { public: false }, a.leader.cookie)).status).toBe(404);
      await post(hub, `/api/threads/${d.threadId}/posts/${d.postId}/unhide`, {}, a.leader.cookie);
      expect((await register(b.member.cookie)).map((e) => e.id)).toContain(d.postId);
      expect(((await json(await get(hub, '/api/agreements'))).agreements as Json[]).map((e) => e.id)).toContain(d.postId);
      await hub.app.request(`/api/threads/${d.threadId}/posts/${d.postId}`, { method: 'DELETE', headers: browserHeaders(hub, a.member.cookie) });
      expect((await register(b.member.cookie)).map((e) => e.id)).not.toContain(d.postId);
    });
  });

  describe('erasure', () => {
    it('leaves the agreement in the register, marked by a former member, once its leader is erased', async () => {
      // Prepare: a second leader of group a, who marks an agreement
      const email = await addMember(hub, { name: 'Leaving Leader', groups: [{ groupId: a.groupId, role: 'leader' }] });
      const cookie = await signIn(hub, email);
      const d = await decision(a, 'Kept after erasure', 'What was agreed stays.');
      expect((await mark(d, { state: 'agreed', bindingGroups: [a.groupId], agreedOn: today() }, cookie)).status).toBe(201);
      // Act
      expect((await post(hub, '/api/admin/people/erase', { email }, secretariat)).status).toBe(200);
      // Assess
      const kept = (await register(b.member.cookie)).find((e) => e.id === d.postId);
      expect(kept).toMatchObject({ title: 'Kept after erasure', markedBy: 'former member', changedBy: 'former member' });
      expect(JSON.stringify(await register(secretariat))).not.toContain('Leaving Leader');
    });
  });

  describe('the public list', () => {
    it('answers without sign-in, public agreements only, with what the public site shows', async () => {
      // Prepare
      const open = await decision(b, 'Open data on reception capacity', 'Cities publish reception capacity monthly.');
      const closed = await decision(b, 'Internal budget split', 'The budget is split evenly.');
      await mark(open, { state: 'proposed', bindingGroups: [b.groupId] }, b.leader.cookie);
      await mark(closed, { state: 'agreed', bindingGroups: [b.groupId], agreedOn: today() }, b.leader.cookie);
      const listed = async () => ((await json(await get(hub, '/api/agreements'))).agreements as Json[]).filter((e) => [open.postId, closed.postId].includes(e.id));
      expect(await listed()).toEqual([]);
      // Act: made public and agreed.
      await patch(open.postId, { public: true, state: 'agreed', agreedOn: today() }, b.leader.cookie);
      // Assess
      const answer = await get(hub, '/api/agreements');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('public, max-age=300');
      expect(await listed()).toEqual([
        { id: open.postId, title: 'Open data on reception capacity', text: 'Cities publish reception capacity monthly.', html: '<p>Cities publish reception capacity monthly.</p>', groups: [`Working Group ${b.groupId}`], agreedOn: today(), state: 'agreed' },
      ]);
      const body = JSON.stringify(await json(await get(hub, '/api/agreements')));
      expect(body).not.toMatch(/@example\.org|leader person|member person|threadId/);
      // Made private again, it leaves the public list.
      await patch(open.postId, { public: false }, b.leader.cookie);
      expect(await listed()).toEqual([]);
    });
  });

  describe('the plenary brief', () => {
    it('lists the agreements agreed in its period, in the JSON and the Markdown', async () => {
      const d = await decision(a, 'Joint reporting template', 'One template for every city.');
      await mark(d, { state: 'agreed', bindingGroups: [a.groupId, b.groupId], agreedOn: today() }, a.leader.cookie);
      const proposal = await decision(a, 'Still a proposal', 'Not agreed yet.');
      await mark(proposal, { state: 'proposed', bindingGroups: [a.groupId] }, a.leader.cookie);
      const brief = await json(await get(hub, `/api/admin/brief?from=${today()}&to=${today()}`, secretariat));
      expect(brief.agreements).toContainEqual({ id: d.postId, title: 'Joint reporting template', text: 'One template for every city.', state: 'agreed', agreedOn: today(), group: `Working Group ${a.groupId}`, bindingGroups: [`Working Group ${a.groupId}`, `Working Group ${b.groupId}`], public: false });
      expect(brief.agreements.map((x: Json) => x.id)).not.toContain(proposal.postId);
      expect(brief.markdown).toContain('## Agreements agreed in this period');
      expect(brief.markdown).toContain(`### Joint reporting template\n\n*Agreed on ${today()} · a decision of Working Group ${a.groupId} · binds Working Group ${a.groupId}, Working Group ${b.groupId}*\n\n> One template for every city.`);
      const earlier = await json(await get(hub, '/api/admin/brief?from=2020-01-01&to=2020-12-31', secretariat));
      expect(earlier.agreements).toEqual([]);
      expect(earlier.markdown).toContain('No agreement was agreed in this period.');
      const download = await (await get(hub, `/api/admin/brief.md?from=${today()}&to=${today()}`, secretariat)).text();
      expect(download).toContain('### Joint reporting template');
    });
  });
});
