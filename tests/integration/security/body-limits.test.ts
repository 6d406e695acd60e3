import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupWithPeople, startThread } from '../../helpers/forums.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { importCsv } from '../../helpers/mail-pipeline.ts';
import { addMember, browserHeaders, signIn } from '../../helpers/session.ts';

type Envelope = { error: { code: string; message: string } };
type Upload = { id: string; upload: { url: string; headers: Record<string, string> } };

/** A body that is a valid request plus padding zod would strip: only a size limit can refuse it. */
const padded = (fields: Record<string, unknown>, bytes: number) => JSON.stringify({ ...fields, padding: 'x'.repeat(bytes) });

/** A chunked body (no Content-Length) of `total` bytes, counting what the hub pulled from it. */
function countedStream(total: number, chunk = 64 * 1024) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled >= total) return controller.close();
      const size = Math.min(chunk, total - seen.pulled);
      seen.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(65));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

describe('body limits, before anything parses a body', () => {
  let hub: TestHub;
  let g: Awaited<ReturnType<typeof groupWithPeople>>;
  const uploads = () => path.resolve('.data/attachments', hub.config.TABLE_NAME);

  beforeAll(async () => {
    hub = await createTestHub();
    g = await groupWithPeople(hub);
  });
  afterAll(() => hub.dispose());

  const expectTooLarge = async (response: Response, limit: string) => {
    expect(response.status).toBe(413);
    const body = (await response.json()) as Envelope;
    expect(body.error.code).toBe('payload_too_large');
    expect(body.error.message).toContain(limit);
  };

  it('refuses a sign-in request over 64 KiB with 413 in the envelope, sends no email and sets no cookie', async () => {
    // Prepare
    const email = await addMember(hub, { email: uniqueEmail('padded') });
    const body = padded({ email }, 100 * 1024);
    // Act: once declaring its length, once chunked.
    const declared = await hub.app.request('/api/auth/login', { method: 'POST', headers: { ...browserHeaders(hub), 'content-length': String(Buffer.byteLength(body)) }, body });
    const chunked = await hub.app.request('/api/auth/login', { method: 'POST', headers: browserHeaders(hub), body });
    // Assess
    await expectTooLarge(declared, '64 KiB');
    await expectTooLarge(chunked, '64 KiB');
    expect(chunked.headers.getSetCookie()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await hub.inbox.to(email)).toEqual([]);
  });

  it('refuses a subscription over 64 KiB and stores nothing', async () => {
    // Prepare
    const email = uniqueEmail('padded-subscriber');
    // Act
    const response = await hub.app.request('/api/subscribe', {
      method: 'POST',
      headers: browserHeaders(hub),
      body: padded({ email, audience: 'ngo', language: 'en', consent: true }, 80 * 1024),
    });
    // Assess
    await expectTooLarge(response, '64 KiB');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await hub.inbox.to(email)).toEqual([]);
    expect(await hub.deps.contactBook.contacts.get(email)).toBeUndefined();
  });

  it('takes a long forum post in a non-Latin script, and refuses one over 128 KiB without storing it', async () => {
    // Prepare
    const { thread } = await startThread(hub, g.groupId, g.member.cookie);
    const posts = async () => ((await (await hub.app.request(`/api/threads/${thread.id}`, { headers: { cookie: g.member.cookie } })).json()) as { posts: unknown[] }).posts.length;
    const before = await posts();
    // Act: 20,000 Greek characters are 40,000 bytes, over… nothing; 200 KiB of padding is over the limit.
    const greek = await hub.app.request(`/api/threads/${thread.id}/posts`, { method: 'POST', headers: browserHeaders(hub, g.member.cookie), body: JSON.stringify({ body: 'α'.repeat(20_000) }) });
    const huge = await hub.app.request(`/api/threads/${thread.id}/posts`, { method: 'POST', headers: browserHeaders(hub, g.member.cookie), body: padded({ body: 'Hello' }, 200 * 1024) });
    // Assess
    expect(greek.status).toBe(201);
    await expectTooLarge(huge, '128 KiB');
    expect(await posts()).toBe(before + 1);
  });

  it('refuses a contact import over 15 MiB, saying the limit, and imports nothing', async () => {
    // Prepare
    const cookie = await signIn(hub, await addMember(hub, { secretariat: true }));
    const first = uniqueEmail('import-first');
    const row = `${first},Nora,Refugee Aid,ngo,GR,en,housing\n`;
    const csv = `email,name,organisation,audience,country,language,topics\n${row}${'#'.repeat(15 * 1024 * 1024)}`;
    // Act
    const response = await importCsv(hub, cookie, csv);
    // Assess
    await expectTooLarge(response, '15 MiB');
    expect(await hub.deps.contactBook.contacts.get(first)).toBeUndefined();
  });

  it('stops a chunked upload over 10 MB as soon as it passes the cap, answers 413 and leaves no file', async () => {
    // Prepare
    const asked = (await (
      await hub.app.request(`/api/groups/${g.groupId}/attachments`, { method: 'POST', headers: browserHeaders(hub, g.member.cookie), body: JSON.stringify({ filename: 'big.txt', contentType: 'text/plain', size: 1024 }) })
    ).json()) as Upload;
    const { stream, seen } = countedStream(40 * 1024 * 1024);
    // Act: a ReadableStream body, so no Content-Length at all.
    const response = await hub.app.request(asked.upload.url, {
      method: 'PUT',
      headers: { origin: new URL(hub.config.BASE_URL).origin, cookie: g.member.cookie, ...asked.upload.headers },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    // Assess
    await expectTooLarge(response, '10 MB');
    expect(seen.pulled).toBeLessThan(11 * 1024 * 1024);
    expect(seen.cancelled).toBe(true);
    expect(existsSync(path.join(uploads(), asked.id))).toBe(false);
  });

  it('keeps nothing of a chunked upload that is not the declared size, and stores one that is', async () => {
    // Prepare
    const ask = async (size: number) =>
      (await (await hub.app.request(`/api/groups/${g.groupId}/attachments`, { method: 'POST', headers: browserHeaders(hub, g.member.cookie), body: JSON.stringify({ filename: 'notes.txt', contentType: 'text/plain', size }) })).json()) as Upload;
    const put = (target: Upload, total: number) =>
      hub.app.request(target.upload.url, {
        method: 'PUT',
        headers: { origin: new URL(hub.config.BASE_URL).origin, cookie: g.member.cookie, ...target.upload.headers },
        body: countedStream(total, 1000).stream,
        duplex: 'half',
      } as RequestInit);
    const [wrong, right] = [await ask(1000), await ask(3000)];
    // Act
    const refused = await put(wrong, 2500);
    const stored = await put(right, 3000);
    // Assess
    expect(refused.status).toBe(422);
    expect(existsSync(path.join(uploads(), wrong.id))).toBe(false);
    expect(stored.status).toBe(204);
    expect(readdirSync(uploads())).toContain(right.id);
  });
});
