import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { get, groupWithPeople, send, startThread } from '../../helpers/forums.ts';
import { post } from '../../helpers/session.ts';

type People = Awaited<ReturnType<typeof groupWithPeople>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('working-group forums', () => {
  let hub: TestHub;
  let g: People;
  beforeAll(async () => {
    hub = await createTestHub();
    g = await groupWithPeople(hub);
  });
  afterAll(() => hub.dispose());

  it('starts a thread, replies, and reads posts oldest first with the header', async () => {
    // Prepare
    const { thread } = await startThread(hub, g.groupId, g.member.cookie, 'Housing pilots', 'First **post**');
    // Act
    const replied = await post(hub, `/api/threads/${thread.id}/posts`, { body: 'Second post' }, g.other.cookie);
    const page = (await (await get(hub, `/api/threads/${thread.id}`, g.observer.cookie)).json()) as Json;
    // Assess
    expect(replied.status).toBe(201);
    expect(page.thread).toMatchObject({ title: 'Housing pilots', postCount: 2, pinned: false, locked: false });
    expect(page.posts.map((p: Json) => p.body)).toEqual(['First **post**', 'Second post']);
    expect(page.posts[0].html).toBe('<p>First <strong>post</strong></p>');
    expect(page.you).toMatchObject({ canPost: false, canModerate: false });
  });

  it('pages posts with a cursor, without repeating or losing any', async () => {
    // Its own people: 56 posts nearly exhaust two members' posting limit for the minute.
    const own = await groupWithPeople(hub);
    const { thread } = await startThread(hub, own.groupId, own.leader.cookie, 'Long thread', 'post 0');
    for (let i = 1; i <= 55; i++) await post(hub, `/api/threads/${thread.id}/posts`, { body: `post ${i}` }, i % 2 ? own.member.cookie : own.leader.cookie);
    const first = (await (await get(hub, `/api/threads/${thread.id}`, own.other.cookie)).json()) as Json;
    const second = (await (await get(hub, `/api/threads/${thread.id}?cursor=${first.nextCursor}`, own.other.cookie)).json()) as Json;
    expect(first.posts).toHaveLength(50);
    expect(second.thread).toBeUndefined();
    expect(second.nextCursor).toBeUndefined();
    expect([...first.posts, ...second.posts].map((p: Json) => p.body)).toEqual(Array.from({ length: 56 }, (_, i) => `post ${i}`));
  });

  it('lists pinned threads first, then by last activity, across pages', async () => {
    const hub2 = hub;
    const people = await groupWithPeople(hub2);
    const ids: string[] = [];
    for (let i = 0; i < 27; i++) ids.push((await startThread(hub2, people.groupId, people.member.cookie, `Thread ${i}`)).thread.id);
    await post(hub2, `/api/threads/${ids[3]}/posts`, { body: 'revive' }, people.other.cookie);
    const pinned = await post(hub2, `/api/threads/${ids[10]}/pin`, { pinned: true }, people.leader.cookie);
    const first = (await (await get(hub2, `/api/groups/${people.groupId}/threads`, people.member.cookie)).json()) as Json;
    const second = (await (await get(hub2, `/api/groups/${people.groupId}/threads?cursor=${encodeURIComponent(first.nextCursor)}`, people.member.cookie)).json()) as Json;
    const order = [...first.threads, ...second.threads].map((t: Json) => t.id);
    expect(pinned.status).toBe(200);
    expect(first.threads).toHaveLength(25);
    expect(order.slice(0, 2)).toEqual([ids[10], ids[3]]);
    expect(new Set(order).size).toBe(27);
  });

  it('keeps revisions when the author edits, and shows "edited"', async () => {
    const { thread, post: opening } = await startThread(hub, g.groupId, g.member.cookie, 'Draft agenda', 'Version one');
    const edited = await send(hub, 'PUT', `/api/threads/${thread.id}/posts/${opening.id}`, { body: 'Version two' }, g.member.cookie);
    const stored = await hub.deps.forums.getPost(thread.id, opening.id);
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ body: 'Version two', edited: true, revisionCount: 1 });
    expect(stored?.revisions?.map((r) => r.body)).toEqual(['Version one']);
  });

  it('shows earlier versions to the group, rendered safely, and to nobody outside it', async () => {
    // Prepare
    const own = await groupWithPeople(hub);
    const { thread, post: opening } = await startThread(hub, own.groupId, own.leader.cookie, 'Terms of reference', 'First **draft** <img src=x onerror=alert(1)>');
    await send(hub, 'PUT', `/api/threads/${thread.id}/posts/${opening.id}`, { body: 'Second draft' }, own.leader.cookie);
    await send(hub, 'PUT', `/api/threads/${thread.id}/posts/${opening.id}`, { body: 'Final text' }, own.leader.cookie);
    const path = `/api/threads/${thread.id}/posts/${opening.id}/revisions`;
    // Act
    const seen = await get(hub, path, own.observer.cookie);
    const hidden = await get(hub, path, g.member.cookie);
    // Assess
    const { revisions } = (await seen.json()) as { revisions: { editedAt: string; html: string }[] };
    expect(revisions.map((r) => r.html.replace(/\s+/g, ' ').trim())).toEqual(['<p>First <strong>draft</strong> &lt;img src=x onerror=alert(1)&gt;</p>', '<p>Second draft</p>']);
    expect(revisions[0]!.editedAt <= revisions[1]!.editedAt).toBe(true);
    expect(hidden.status).toBe(404);
  });

  it("refuses to edit or delete someone else's post, even for a leader", async () => {
    const { thread, post: opening } = await startThread(hub, g.groupId, g.member.cookie);
    const edit = await send(hub, 'PUT', `/api/threads/${thread.id}/posts/${opening.id}`, { body: 'Mine now' }, g.leader.cookie);
    const remove = await send(hub, 'DELETE', `/api/threads/${thread.id}/posts/${opening.id}`, undefined, g.other.cookie);
    expect(edit.status).toBe(403);
    expect(remove.status).toBe(403);
  });

  it('deletes an own post as a tombstone that keeps its place', async () => {
    const { thread } = await startThread(hub, g.groupId, g.member.cookie);
    const reply = (await (await post(hub, `/api/threads/${thread.id}/posts`, { body: 'Oops, wrong group' }, g.other.cookie)).json()) as Json;
    const removed = await send(hub, 'DELETE', `/api/threads/${thread.id}/posts/${reply.post.id}`, undefined, g.other.cookie);
    const again = await send(hub, 'DELETE', `/api/threads/${thread.id}/posts/${reply.post.id}`, undefined, g.other.cookie);
    const page = (await (await get(hub, `/api/threads/${thread.id}`, g.member.cookie)).json()) as Json;
    expect(removed.status).toBe(200);
    expect(again.status).toBe(409);
    expect(page.posts[1]).toMatchObject({ id: reply.post.id, deleted: true, body: '', html: '', authorEmail: g.other.email });
  });

  it('refuses replies in a locked thread until it is unlocked', async () => {
    const { thread } = await startThread(hub, g.groupId, g.member.cookie);
    const lock = await post(hub, `/api/threads/${thread.id}/lock`, { locked: true }, g.leader.cookie);
    const refused = await post(hub, `/api/threads/${thread.id}/posts`, { body: 'Late' }, g.other.cookie);
    await post(hub, `/api/threads/${thread.id}/lock`, { locked: false }, g.leader.cookie);
    const accepted = await post(hub, `/api/threads/${thread.id}/posts`, { body: 'Now' }, g.other.cookie);
    expect(lock.status).toBe(200);
    expect(refused.status).toBe(409);
    expect(accepted.status).toBe(201);
  });

  it('records decisions and exports the log as Markdown', async () => {
    const { thread, post: opening } = await startThread(hub, g.groupId, g.member.cookie, 'Meeting date', 'We meet on 12 March in Athens.');
    const marked = await post(hub, `/api/threads/${thread.id}/posts/${opening.id}/decision`, { decision: true }, g.leader.cookie);
    const list = (await (await get(hub, `/api/groups/${g.groupId}/decisions`, g.observer.cookie)).json()) as Json;
    const file = await get(hub, `/api/groups/${g.groupId}/decisions.md`, g.observer.cookie);
    const markdown = await file.text();
    expect(marked.status).toBe(200);
    expect(list.decisions.map((d: Json) => d.id)).toContain(opening.id);
    expect(file.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(markdown).toMatch(/^# Decision log: Working Group/);
    expect(markdown).toContain('Meeting date');
    expect(markdown).toContain('> We meet on 12 March in Athens.');
  });

  it('renders a hostile post as inert HTML', async () => {
    const { thread } = await startThread(hub, g.groupId, g.member.cookie, 'Hostile', '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>');
    const page = (await (await get(hub, `/api/threads/${thread.id}`, g.member.cookie)).json()) as Json;
    expect(page.posts[0].html).not.toMatch(/<script|<img|href="javascript:/i);
  });

  it('counts unread threads until the member marks the group seen', async () => {
    const people = await groupWithPeople(hub);
    await startThread(hub, people.groupId, people.leader.cookie, 'One');
    await startThread(hub, people.groupId, people.leader.cookie, 'Two');
    const before = (await (await get(hub, '/api/groups', people.member.cookie)).json()) as Json;
    const seen = await post(hub, `/api/groups/${people.groupId}/seen`, {}, people.member.cookie);
    const after = (await (await get(hub, '/api/groups', people.member.cookie)).json()) as Json;
    expect(before.groups.find((x: Json) => x.id === people.groupId).unread).toBe(2);
    expect(seen.status).toBe(200);
    expect(after.groups.find((x: Json) => x.id === people.groupId).unread).toBe(0);
  });

  it("searches titles and bodies in the member's own groups only", async () => {
    const elsewhere = await groupWithPeople(hub);
    await startThread(hub, g.groupId, g.member.cookie, 'Réunion à Lisbonne', 'Logistics');
    await startThread(hub, elsewhere.groupId, elsewhere.member.cookie, 'Secret reunion', 'Not for outsiders');
    const { thread } = await startThread(hub, g.groupId, g.member.cookie, 'Budget', 'Intro');
    await post(hub, `/api/threads/${thread.id}/posts`, { body: 'The reunion budget is approved' }, g.other.cookie);
    const found = (await (await get(hub, '/api/search?q=reunion', g.member.cookie)).json()) as Json;
    expect(found.results.map((r: Json) => r.title).sort()).toEqual(['Budget', 'Réunion à Lisbonne']);
    expect(found.results.every((r: Json) => r.groupId === g.groupId)).toBe(true);
  });

  it('rejects a title too short and an empty body, naming the fields', async () => {
    const answer = await post(hub, `/api/groups/${g.groupId}/threads`, { title: 'x', body: '' }, g.member.cookie);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as Json).error.details.map((d: Json) => d.path).sort()).toEqual(['body', 'title']);
  });

  it('refuses a malformed cursor with a 400', async () => {
    const answer = await get(hub, `/api/groups/${g.groupId}/threads?cursor=nonsense`, g.member.cookie);
    expect(answer.status).toBe(400);
  });

  it('refuses writing in an archived group but still shows it', async () => {
    const people = await groupWithPeople(hub);
    const { thread } = await startThread(hub, people.groupId, people.member.cookie);
    const secretariat = await (await import('../../helpers/session.ts')).addMember(hub, { secretariat: true });
    const cookie = await (await import('../../helpers/session.ts')).signIn(hub, secretariat);
    expect((await post(hub, `/api/admin/groups/${people.groupId}/archive`, {}, cookie)).status).toBe(200);
    expect((await post(hub, `/api/threads/${thread.id}/posts`, { body: 'late' }, people.member.cookie)).status).toBe(409);
    expect((await post(hub, `/api/groups/${people.groupId}/threads`, { title: 'New one', body: 'x' }, people.member.cookie)).status).toBe(409);
    expect((await get(hub, `/api/threads/${thread.id}`, people.member.cookie)).status).toBe(200);
  });
});
