import { PutCommand } from '../../../functions/adapters/dynamodb/document-client.ts';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret, newSecret } from '../../../functions/core/auth/secrets.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { addMember, browserHeaders, cookiesFrom, fromAddress, latestSignInToken, newClientAddress } from '../../helpers/session.ts';

/**
 * The sign-in, tried as a stranger would: guessing codes, dodging limits with headers, telling
 * members from strangers by the answers, locking a member out, and keeping sessions alive.
 */
const clock = { now: () => new Date() };
let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub({}, { now: () => clock.now() });
});
afterAll(() => hub.dispose());

/** A POST from a browser at `client` (the socket address the app reads), with its cookies. */
const send = (path: string, body: unknown, options: { client?: string; cookie?: string; headers?: Record<string, string> } = {}) =>
  hub.app.request(
    path,
    { method: 'POST', headers: { ...browserHeaders(hub, options.cookie), ...options.headers }, body: JSON.stringify(body) },
    fromAddress(options.client ?? newClientAddress()),
  );
const get = (path: string, cookie: string) => hub.app.request(path, { headers: { cookie } }, fromAddress(newClientAddress()));

/** A wrong code that is surely not `code`. */
const wrongCodes = (code: string, count: number) => Array.from({ length: count }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));

/** The shape of a response a stranger can observe: status, body, and the cookies' names and attributes. */
async function observable(response: Response) {
  const cookies = response.headers.getSetCookie().map((line) => line.replace(/=[^;]*/, '=…').replace(/Expires=[^;]*/i, 'Expires=…'));
  return { status: response.status, body: await response.text(), cookies, retryAfter: response.headers.get('retry-after') !== null };
}

describe('guessing the 6-digit code', () => {
  it('checks at most five codes of a burst of 40 sent at once, so the right one sent after it does not sign in', async () => {
    // Prepare
    const email = await addMember(hub);
    const pending = cookiesFrom(await send('/api/auth/login', { email }));
    const { code } = await latestSignInToken(hub, email);
    // Act: 40 wrong codes all in flight together, then the right one
    const answers = await Promise.all(wrongCodes(code, 40).map((guess) => send('/api/auth/verify', { email, code: guess }, { cookie: pending })));
    const codes = await Promise.all(answers.map(async (a) => ((await a.json()) as { error?: { code: string } }).error?.code ?? 'signed_in'));
    const right = await send('/api/auth/verify', { email, code }, { cookie: pending });
    // Assess
    expect(codes.filter((c) => c === 'sign_in_wrong_code')).toHaveLength(5);
    expect(codes.filter((c) => c === 'sign_in_void')).toHaveLength(35);
    expect(right.status).toBe(400);
    expect(((await right.json()) as { error: { code: string } }).error.code).toBe('sign_in_void');
    expect([...answers, right].some((a) => a.headers.getSetCookie().some((line) => line.startsWith('hub_session=') && !line.startsWith('hub_session=;')))).toBe(false);
  });

  it('checks at most five codes of a burst that holds the right one, whichever order they arrive in', async () => {
    // Prepare
    const email = await addMember(hub);
    const pending = cookiesFrom(await send('/api/auth/login', { email }));
    const { code } = await latestSignInToken(hub, email);
    // Act: 39 wrong codes and the right one, all in flight together
    const answers = await Promise.all([...wrongCodes(code, 39), code].map((guess) => send('/api/auth/verify', { email, code: guess }, { cookie: pending })));
    const codes = await Promise.all(answers.map(async (a) => ((await a.json()) as { error?: { code: string } }).error?.code ?? 'signed_in'));
    // Assess: five checked (the right one signs in only if it was among them), the rest void.
    const checked = codes.filter((c) => c === 'sign_in_wrong_code' || c === 'signed_in');
    expect(checked).toHaveLength(5);
    expect(codes.filter((c) => c === 'sign_in_void')).toHaveLength(35);
    expect(codes.filter((c) => c === 'signed_in').length).toBeLessThanOrEqual(1);
  });

  it('stops codes for an address for the day after 20 tries across sign-in requests and clients, while the link still signs in', async () => {
    // Prepare: four requests from four clients, five wrong codes each
    const email = await addMember(hub);
    for (let request = 1; request <= 4; request++) {
      const pending = cookiesFrom(await send('/api/auth/login', { email }));
      const { code } = await latestSignInToken(hub, email, request);
      for (const guess of wrongCodes(code, 5)) await send('/api/auth/verify', { email, code: guess }, { cookie: pending });
    }
    // Act: the owner asks once more and types the right code, then opens the link
    const pending = cookiesFrom(await send('/api/auth/login', { email }));
    const { code, token } = await latestSignInToken(hub, email, 5);
    const byCode = await send('/api/auth/verify', { email, code }, { cookie: pending });
    const byLink = await send('/api/auth/verify', { token }, { cookie: pending });
    // Assess
    expect(byCode.status).toBe(429);
    expect(await byCode.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringMatching(/Open the link/) } });
    expect(Number(byCode.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(byLink.status).toBe(200);
  });

  it('never puts the code in the subject line', async () => {
    const email = await addMember(hub);
    await send('/api/auth/login', { email });
    const { code } = await latestSignInToken(hub, email);
    const [mail] = await hub.inbox.waitFor(email);
    expect(mail!.subject).toBe('Sign in to the Partnership Hub');
    expect(mail!.subject).not.toContain(code);
  });
});

describe('dodging the per-client limit', () => {
  it('ignores X-Forwarded-For: 45 requests from one machine, each with its own forwarded address, are limited at 30', async () => {
    // Prepare
    const client = newClientAddress();
    // Act
    const statuses = [];
    for (let i = 0; i < 45; i++) {
      const answer = await send('/api/auth/login', { email: uniqueEmail('target') }, { client, headers: { 'x-forwarded-for': `198.51.100.${i + 1}`, 'x-real-ip': `192.0.2.${i + 1}` } });
      statuses.push(answer.status);
    }
    // Assess
    expect(statuses.slice(0, 30).every((s) => s === 202)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
  });

  it('counts an IPv6 client by its /64, so hopping addresses inside it gains nothing', async () => {
    const prefix = `2001:db8:${randomBytes(2).toString('hex')}:beef`;
    const statuses = [];
    for (let i = 0; i < 31; i++) statuses.push((await send('/api/auth/login', { email: uniqueEmail('target') }, { client: `${prefix}::${(i + 1).toString(16)}` })).status);
    expect(statuses.slice(0, 30).every((s) => s === 202)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('on AWS counts the viewer address CloudFront hands over, not the forwarded header', async () => {
    // Prepare: the event of an HTTP API behind CloudFront (the source is CloudFront's edge)
    const lambda = (viewer: string) => ({ requestContext: { http: { sourceIp: '130.176.0.1' } }, viewer });
    const viaCloudFront = (viewer: string, forwarded: string) =>
      hub.app.request(
        '/api/auth/login',
        { method: 'POST', headers: { ...browserHeaders(hub), 'cloudfront-viewer-address': `${viewer}:51234`, 'x-forwarded-for': forwarded }, body: JSON.stringify({ email: uniqueEmail('target') }) },
        lambda(viewer),
      );
    const viewer = `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
    // Act: one viewer, 31 forged forwarded addresses; then 31 viewers behind one edge address
    const oneViewer = [];
    for (let i = 0; i < 31; i++) oneViewer.push((await viaCloudFront(viewer, `198.51.100.${i + 1}`)).status);
    const manyViewers = [];
    for (let i = 0; i < 31; i++) manyViewers.push((await viaCloudFront(`2001:db8:${randomBytes(2).toString('hex')}:${i.toString(16)}::1`, '198.51.100.1')).status);
    // Assess
    expect(oneViewer[30]).toBe(429);
    expect(manyViewers.every((s) => s === 202)).toBe(true);
  });
});

describe('telling a member from a stranger', () => {
  it('answers login, pending and every kind of verify alike for a member and a stranger', async () => {
    // Prepare
    const member = await addMember(hub);
    const stranger = uniqueEmail('stranger');
    const journey = async (email: string) => {
      const client = newClientAddress();
      const login = await send('/api/auth/login', { email }, { client });
      const pending = cookiesFrom(login);
      const pendingPage = await get('/api/auth/pending', pending);
      const wrongCode = await send('/api/auth/verify', { email, code: '000000' }, { client, cookie: pending });
      const wrongLink = await send('/api/auth/verify', { token: newSecret() }, { client, cookie: pending });
      for (let i = 0; i < 4; i++) await send('/api/auth/verify', { email, code: '000000' }, { client, cookie: pending });
      const spent = await send('/api/auth/verify', { email, code: '123456' }, { client, cookie: pending });
      const noCookie = await send('/api/auth/verify', { email, code: '000000' }, { client });
      return {
        login: await observable(login),
        pending: { status: pendingPage.status, namesTheAddress: ((await pendingPage.json()) as { email?: string }).email === email },
        wrongCode: await observable(wrongCode),
        wrongLink: await observable(wrongLink),
        spent: await observable(spent),
        noCookie: await observable(noCookie),
      };
    };
    // Act
    const [forMember, forStranger] = [await journey(member), await journey(stranger)];
    // Assess
    expect(forStranger).toEqual(forMember);
    expect(forMember.pending).toEqual({ status: 200, namesTheAddress: true });
    expect(forMember.wrongCode.body).toMatch(/sign_in_wrong_code/);
    expect(await hub.inbox.to(stranger)).toHaveLength(0);
  });

  it('answers the limits alike: the sixth request from one client is refused for a member and a stranger', async () => {
    const statusesFor = async (email: string) => {
      const client = newClientAddress();
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await send('/api/auth/login', { email }, { client })).status);
      return statuses;
    };
    expect(await statusesFor(uniqueEmail('stranger'))).toEqual(await statusesFor(await addMember(hub)));
  });

  it('does not let a stranger pass for known by asking for their own sign-in (the stand-in request is not indexed under the address)', async () => {
    const stranger = uniqueEmail('stranger');
    await send('/api/auth/login', { email: stranger });
    expect(await hub.deps.auth.signInsOf(stranger)).toEqual([]);
  });
});

describe('locking a member out', () => {
  it('a stranger asking 20 times for a member\'s sign-in from one machine does not stop the member signing in from theirs', async () => {
    // Prepare
    const leader = await addMember(hub);
    const attacker = newClientAddress();
    // Act
    const attacks = [];
    for (let i = 0; i < 20; i++) attacks.push((await send('/api/auth/login', { email: leader }, { client: attacker })).status);
    const before = (await hub.inbox.to(leader)).length;
    const own = await send('/api/auth/login', { email: leader });
    const { token } = await latestSignInToken(hub, leader, before + 1);
    const verify = await send('/api/auth/verify', { token }, { cookie: cookiesFrom(own) });
    // Assess
    expect(attacks.filter((s) => s === 202)).toHaveLength(5);
    expect(attacks.slice(5).every((s) => s === 429)).toBe(true);
    expect(own.status).toBe(202);
    expect(verify.status).toBe(200);
  });

  it('the same holds for the subscription and "Your data" forms', async () => {
    for (const [path, body] of [
      ['/api/subscribe', (email: string) => ({ email, audience: 'ngo', consent: true })],
      ['/api/privacy/requests', (email: string) => ({ email, kind: 'export', language: 'en' })],
    ] as const) {
      const email = uniqueEmail('owner');
      const attacker = newClientAddress();
      const attacks = [];
      for (let i = 0; i < 10; i++) attacks.push((await send(path, body(email), { client: attacker })).status);
      const own = await send(path, body(email));
      expect(attacks.slice(0, 3)).toEqual([202, 202, 202]);
      expect(attacks.slice(3).every((s) => s === 429)).toBe(true);
      expect(own.status).toBe(202);
    }
  });
});

describe('sessions', () => {
  const signInFrom = async (email: string, cookie?: string) => {
    const before = (await hub.inbox.to(email)).length;
    const login = await send('/api/auth/login', { email });
    const { token } = await latestSignInToken(hub, email, before + 1);
    const verify = await send('/api/auth/verify', { token }, { cookie: [cookie, cookiesFrom(login)].filter(Boolean).join('; ') });
    return cookiesFrom(verify);
  };
  const me = (cookie: string) => hub.app.request('/api/me', { headers: { cookie } });

  it('signing in again in a browser ends that browser\'s earlier session', async () => {
    const email = await addMember(hub);
    const first = await signInFrom(email);
    const second = await signInFrom(email, first);
    expect((await me(first)).status).toBe(401);
    expect((await me(second)).status).toBe(200);
  });

  it('ends a session idle longer than SESSION_IDLE_HOURS, and keeps one in use alive past that span', async () => {
    // Prepare
    const idleHub = await createTestHub({ SESSION_IDLE_HOURS: '2' }, { now: () => clock.now() });
    try {
      const login = async (email: string) => {
        const answer = await idleHub.app.request('/api/auth/login', { method: 'POST', headers: browserHeaders(idleHub), body: JSON.stringify({ email }) });
        const { token } = await latestSignInToken(idleHub, email);
        const verify = await idleHub.app.request('/api/auth/verify', { method: 'POST', headers: browserHeaders(idleHub, cookiesFrom(answer)), body: JSON.stringify({ token }) });
        return cookiesFrom(verify);
      };
      const [idler, worker] = [uniqueEmail('idle'), uniqueEmail('busy')];
      for (const email of [idler, worker]) {
        await idleHub.deps.partnership.addMember({ email, name: 'Someone', organisation: 'City of Ghent', language: 'en', secretariat: false, createdAt: new Date().toISOString() });
      }
      const [idle, busy] = [await login(idler), await login(worker)];
      const at = (hours: number) => () => new Date(Date.now() + hours * 3_600_000);
      // Act: the busy member uses the hub every hour for three hours; the idle one comes back after three
      for (const hour of [1, 2, 3]) {
        clock.now = at(hour);
        expect((await idleHub.app.request('/api/me', { headers: { cookie: busy } })).status).toBe(200);
      }
      const idleAnswer = await idleHub.app.request('/api/me', { headers: { cookie: idle } });
      // Assess
      expect(idleAnswer.status).toBe(401);
      expect(await idleHub.deps.auth.sessionsOf(idler)).toEqual([]);
    } finally {
      clock.now = () => new Date();
      await idleHub.dispose();
    }
  });

  it('"sign out everywhere" ends every session, however many pages the index takes', async () => {
    // Prepare: twelve sessions of ~100 KB each: more than one 1 MB page of the index
    const email = await addMember(hub);
    const current = await signInFrom(email);
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 12; i++) {
      const idHash = hashSecret(newSecret());
      await hub.table.documents.send(
        new PutCommand({
          TableName: hub.table.name,
          Item: { pk: `SESSION#${idHash}`, sk: 'SESSION', gsi1pk: `MEMBER#${email}`, gsi1sk: `SESSION#${idHash}`, type: 'session', idHash, email, name: 'x', secretariat: false, groups: [], createdAt: new Date().toISOString(), expiresAt: now + 3600, lastSeenAt: now, note: 'x'.repeat(100_000) },
        }),
      );
    }
    // Act
    const answer = await send('/api/auth/logout-everywhere', {}, { cookie: current });
    // Assess
    expect(await answer.json()).toMatchObject({ ended: 13 });
    expect(await hub.deps.auth.sessionsOf(email)).toEqual([]);
  });

  it('names the cookies __Host-… over HTTPS (Secure, whole path, no domain)', async () => {
    const httpsHub = await createTestHub({ BASE_URL: 'https://hub.example.org' });
    try {
      const email = uniqueEmail('secure');
      await httpsHub.deps.partnership.addMember({ email, name: 'Someone', organisation: 'City of Ghent', language: 'en', secretariat: false, createdAt: new Date().toISOString() });
      const login = await httpsHub.app.request('/api/auth/login', { method: 'POST', headers: browserHeaders(httpsHub), body: JSON.stringify({ email }) });
      const { token } = await latestSignInToken(httpsHub, email);
      const verify = await httpsHub.app.request('/api/auth/verify', { method: 'POST', headers: browserHeaders(httpsHub, cookiesFrom(login)), body: JSON.stringify({ token }) });
      const me = await httpsHub.app.request('/api/me', { headers: { cookie: cookiesFrom(verify) } });
      const session = verify.headers.getSetCookie().find((line) => line.startsWith('__Host-hub_session='));
      expect(login.headers.getSetCookie()[0]).toMatch(/^__Host-hub_pending=[^;]+;.*Path=\/(;|$).*Secure/i);
      expect(session).toMatch(/Path=\/(;|$)/);
      expect(session).toMatch(/Secure/);
      expect(session).not.toMatch(/Domain=/i);
      expect(me.status).toBe(200);
      // A plain-named cookie (planted by a sibling subdomain, say) opens nothing.
      const planted = await httpsHub.app.request('/api/me', { headers: { cookie: cookiesFrom(verify).replace('__Host-hub_session', 'hub_session') } });
      expect(planted.status).toBe(401);
    } finally {
      await httpsHub.dispose();
    }
  });
});
