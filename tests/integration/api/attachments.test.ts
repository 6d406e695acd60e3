import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { get, groupWithPeople } from '../../helpers/forums.ts';
import { browserHeaders, post } from '../../helpers/session.ts';

type People = Awaited<ReturnType<typeof groupWithPeople>>;

describe('attachments', () => {
  let hub: TestHub;
  let g: People;
  beforeAll(async () => {
    hub = await createTestHub();
    g = await groupWithPeople(hub);
  });
  afterAll(() => hub.dispose());

  const upload = (filename: string, contentType: string, body: BodyInit, cookie = g.member.cookie, groupId = g.groupId) =>
    hub.app.request(`/api/groups/${groupId}/attachments?filename=${encodeURIComponent(filename)}`, {
      method: 'POST',
      headers: { ...browserHeaders(hub, cookie), 'content-type': contentType },
      body,
    });

  it('stores a file, attaches it to a post, and serves it to members as a download', async () => {
    const uploaded = (await (await upload('minutes.csv', 'text/csv', 'city,date\nAthens,2027-03-12\n')).json()) as { id: string };
    const thread = await post(hub, `/api/groups/${g.groupId}/threads`, { title: 'Minutes', body: 'Attached', attachments: [uploaded.id] }, g.member.cookie);
    const file = await get(hub, `/api/attachments/${uploaded.id}`, g.observer.cookie);
    expect(thread.status).toBe(201);
    expect(((await thread.json()) as { post: { attachments: unknown[] } }).post.attachments).toEqual([{ id: uploaded.id, filename: 'minutes.csv', contentType: 'text/csv', size: 28 }]);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await file.text()).toBe('city,date\nAthens,2027-03-12\n');
  });

  it('refuses types outside the allowlist and a mismatched declared type', async () => {
    expect((await upload('run.html', 'text/html', '<script>')).status).toBe(422);
    expect((await upload('report.pdf', 'text/html', '%PDF')).status).toBe(422);
  });

  it('refuses files over 10 MB with 413', async () => {
    const answer = await upload('big.pdf', 'application/pdf', new Uint8Array(10 * 1024 * 1024 + 1));
    expect(answer.status).toBe(413);
  });

  it("hides a group's file from non-members and refuses another member's upload in a post", async () => {
    const elsewhere = await groupWithPeople(hub);
    const uploaded = (await (await upload('notes.txt', 'text/plain', 'private')).json()) as { id: string };
    expect((await get(hub, `/api/attachments/${uploaded.id}`, elsewhere.member.cookie)).status).toBe(404);
    const borrowed = await post(hub, `/api/groups/${g.groupId}/threads`, { title: 'Borrowed', body: 'x', attachments: [uploaded.id] }, g.other.cookie);
    expect(borrowed.status).toBe(422);
  });

  it('rejects a file name with a path', async () => {
    expect((await upload('../../etc/passwd.txt', 'text/plain', 'x')).status).toBe(400);
  });
});
