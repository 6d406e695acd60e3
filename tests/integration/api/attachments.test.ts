import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { get, groupWithPeople, send } from '../../helpers/forums.ts';
import { browserHeaders, post } from '../../helpers/session.ts';

type People = Awaited<ReturnType<typeof groupWithPeople>>;
type Upload = { id: string; upload: { method: 'PUT'; url: string; headers: Record<string, string> }; confirm: string };

describe('attachments (ask, PUT the bytes, confirm)', () => {
  let hub: TestHub;
  let g: People;
  beforeAll(async () => {
    hub = await createTestHub();
    g = await groupWithPeople(hub);
  });
  afterAll(() => hub.dispose());

  const ask = (filename: string, contentType: string, size: number, cookie = g.member.cookie, groupId = g.groupId) =>
    post(hub, `/api/groups/${groupId}/attachments`, { filename, contentType, size }, cookie);
  const put = (target: Upload, bytes: BodyInit, cookie = g.member.cookie) =>
    hub.app.request(target.upload.url, { method: 'PUT', headers: { ...browserHeaders(hub, cookie), ...target.upload.headers }, body: bytes });
  /** The three steps a browser takes; answers the confirmed attachment's id. */
  async function upload(filename: string, contentType: string, text: string, cookie = g.member.cookie) {
    const asked = await ask(filename, contentType, Buffer.byteLength(text), cookie);
    expect(asked.status, await asked.clone().text()).toBe(201);
    const target = (await asked.json()) as Upload;
    expect((await put(target, text, cookie)).status).toBe(204);
    const confirmed = await send(hub, 'POST', target.confirm, {}, cookie);
    expect(confirmed.status).toBe(200);
    return target.id;
  }

  it('stores a file, attaches it to a post, and serves it to members as a download', async () => {
    // Prepare
    const id = await upload('minutes.csv', 'text/csv', 'city,date\nAthens,2027-03-12\n');
    // Act
    const thread = await post(hub, `/api/groups/${g.groupId}/threads`, { title: 'Minutes', body: 'Attached', attachments: [id] }, g.member.cookie);
    const file = await get(hub, `/api/attachments/${id}`, g.observer.cookie);
    // Assess
    expect(thread.status).toBe(201);
    expect(((await thread.json()) as { post: { attachments: unknown[] } }).post.attachments).toEqual([{ id, filename: 'minutes.csv', contentType: 'text/csv', size: 28 }]);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await file.text()).toBe('city,date\nAthens,2027-03-12\n');
  });

  it('answers where to PUT the bytes, with the type the allowlist gives the extension', async () => {
    const asked = (await (await ask('Budget 2027.xlsx', 'application/octet-stream', 2048)).json()) as Upload & { contentType: string };
    expect(asked.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(asked.upload).toEqual({ method: 'PUT', url: `/api/attachments/${asked.id}/content`, headers: { 'Content-Type': asked.contentType } });
    expect(asked.confirm).toBe(`/api/attachments/${asked.id}/confirm`);
  });

  it('refuses types outside the allowlist and a mismatched declared type', async () => {
    expect((await ask('run.html', 'text/html', 8)).status).toBe(422);
    expect((await ask('report.pdf', 'text/html', 4)).status).toBe(422);
  });

  it('refuses files declared over 10 MB with 413, and bytes that are not the declared size', async () => {
    expect((await ask('big.pdf', 'application/pdf', 10 * 1024 * 1024 + 1)).status).toBe(413);
    const target = (await (await ask('small.txt', 'text/plain', 5)).json()) as Upload;
    const longer = await put(target, 'more than five bytes');
    expect(longer.status).toBe(422);
    expect(((await longer.json()) as { error: { message: string } }).error.message).toMatch(/declared 5/);
    const huge = await put(target, new Uint8Array(10 * 1024 * 1024 + 1));
    expect(huge.status).toBe(413);
  });

  it('refuses to attach or serve an upload that is not confirmed, and confirms only what arrived', async () => {
    // Prepare
    const target = (await (await ask('draft.txt', 'text/plain', 5)).json()) as Upload;
    // Act
    const early = await send(hub, 'POST', target.confirm, {}, g.member.cookie);
    const attached = await post(hub, `/api/groups/${g.groupId}/threads`, { title: 'Draft', body: 'x', attachments: [target.id] }, g.member.cookie);
    const served = await get(hub, `/api/attachments/${target.id}`, g.member.cookie);
    // Assess
    expect(early.status).toBe(409);
    expect(attached.status).toBe(422);
    expect(served.status).toBe(404);
  });

  it('takes the bytes once, and a repeated confirmation changes nothing', async () => {
    const target = (await (await ask('once.txt', 'text/plain', 4)).json()) as Upload;
    expect((await put(target, 'once')).status).toBe(204);
    expect((await put(target, 'ONCE')).status).toBe(409);
    const first = await send(hub, 'POST', target.confirm, {}, g.member.cookie);
    const again = await send(hub, 'POST', target.confirm, {}, g.member.cookie);
    expect(first.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
  });

  it("hides a group's file from non-members, another member's upload from the uploader's peers, and refuses it in their post", async () => {
    const elsewhere = await groupWithPeople(hub);
    const id = await upload('notes.txt', 'text/plain', 'private');
    const target = (await (await ask('mine.txt', 'text/plain', 4)).json()) as Upload;
    expect((await get(hub, `/api/attachments/${id}`, elsewhere.member.cookie)).status).toBe(404);
    expect((await put(target, 'mine', g.other.cookie)).status).toBe(404);
    expect((await send(hub, 'POST', target.confirm, {}, g.other.cookie)).status).toBe(404);
    const borrowed = await post(hub, `/api/groups/${g.groupId}/threads`, { title: 'Borrowed', body: 'x', attachments: [id] }, g.other.cookie);
    expect(borrowed.status).toBe(422);
  });

  it('rejects a file name with a path, naming the field', async () => {
    const answer = await ask('../../etc/passwd.txt', 'text/plain', 1);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(await answer.json())).toContain('filename');
  });
});
