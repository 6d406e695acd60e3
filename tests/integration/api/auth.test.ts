import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { sendInvitation } from '../../../functions/api/services/sign-in.ts';
import { addMember, browserHeaders, cookiesFrom, latestSignInToken, post, signIn } from '../../helpers/session.ts';

describe('email sign-in', () => {
  const clock = { now: () => new Date() };
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({}, { now: () => clock.now() });
  });
  afterAll(() => hub.dispose());

  it('signs a member in with the emailed link, in the browser that asked', async () => {
    // Prepare
    const email = await addMember(hub);
    // Act
    const login = await post(hub, '/api/auth/login', { email });
    const pending = cookiesFrom(login);
    const pendingPage = await hub.app.request('/api/auth/pending', { headers: { cookie: pending } });
    const { token } = await latestSignInToken(hub, email);
    const verify = await post(hub, '/api/auth/verify', { token }, pending);
    const me = await hub.app.request('/api/me', { headers: { cookie: cookiesFrom(verify) } });
    // Assess
    expect(login.status).toBe(202);
    expect(await pendingPage.json()).toEqual({ email });
    expect(verify.status).toBe(200);
    expect(verify.headers.get('set-cookie')).toMatch(/hub_session=[^;]+;.*HttpOnly/i);
    expect(verify.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email, secretariat: false, groups: [] });
  });

  it('also signs in with the 6-digit code', async () => {
    const email = await addMember(hub);
    const pending = cookiesFrom(await post(hub, '/api/auth/login', { email }));
    const { code } = await latestSignInToken(hub, email);
    const verify = await post(hub, '/api/auth/verify', { email, code }, pending);
    expect(verify.status).toBe(200);
  });

  it('answers an unknown address exactly like a known one, and sends nothing', async () => {
    const stranger = uniqueEmail('stranger');
    const known = await addMember(hub);
    const [a, b] = [await post(hub, '/api/auth/login', { email: stranger }), await post(hub, '/api/auth/login', { email: known })];
    expect(a.status).toBe(b.status);
    expect(await a.json()).toEqual(await b.json());
    expect(a.headers.get('set-cookie')).toMatch(/hub_pending=/);
    await hub.inbox.waitFor(known);
    expect(await hub.inbox.to(stranger)).toHaveLength(0);
  });

  it('refuses a reused link', async () => {
    const email = await addMember(hub);
    const pending = cookiesFrom(await post(hub, '/api/auth/login', { email }));
    const { token } = await latestSignInToken(hub, email);
    expect((await post(hub, '/api/auth/verify', { token }, pending)).status).toBe(200);
    const again = await post(hub, '/api/auth/verify', { token }, pending);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: { code: 'sign_in_other_browser' } });
  });

  it('refuses a link opened in another browser and says to type the code', async () => {
    const email = await addMember(hub);
    await post(hub, '/api/auth/login', { email });
    const { token } = await latestSignInToken(hub, email);
    const elsewhere = await post(hub, '/api/auth/verify', { token });
    expect(elsewhere.status).toBe(400);
    expect(((await elsewhere.json()) as { error: { message: string } }).error.message).toMatch(/Type the 6-digit code/);
  });

  it('refuses an expired link with a clear message', async () => {
    const email = await addMember(hub);
    const pending = cookiesFrom(await post(hub, '/api/auth/login', { email }));
    const { token } = await latestSignInToken(hub, email);
    clock.now = () => new Date(Date.now() + 16 * 60 * 1000);
    const late = await post(hub, '/api/auth/verify', { token }, pending);
    clock.now = () => new Date();
    expect(late.status).toBe(400);
    expect(await late.json()).toMatchObject({ error: { code: 'sign_in_expired', message: expect.stringMatching(/expired/) } });
  });

  it('voids the request after five wrong codes, even for the right one', async () => {
    const email = await addMember(hub);
    const pending = cookiesFrom(await post(hub, '/api/auth/login', { email }));
    const { code } = await latestSignInToken(hub, email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const answer = await post(hub, '/api/auth/verify', { email, code: wrong }, pending);
      expect(await answer.json()).toMatchObject({ error: { code: 'sign_in_wrong_code' } });
    }
    const right = await post(hub, '/api/auth/verify', { email, code }, pending);
    expect(await right.json()).toMatchObject({ error: { code: 'sign_in_void' } });
  });

  it('limits requests for links per address, with Retry-After', async () => {
    const email = await addMember(hub);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await post(hub, '/api/auth/login', { email }));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(answers[5]!.status).toBe(429);
    expect(Number(answers[5]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('rejects a malformed address with the field named', async () => {
    const answer = await post(hub, '/api/auth/login', { email: 'not-an-address' });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { code: 'validation_failed', details: [{ path: 'email' }] } });
  });

  it('refuses a cross-site POST', async () => {
    const answer = await hub.app.request('/api/auth/login', {
      method: 'POST',
      headers: { ...browserHeaders(hub), origin: 'https://attacker.example.com' },
      body: JSON.stringify({ email: 'a@example.org' }),
    });
    expect(answer.status).toBe(403);
  });
});

describe('sessions', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.dispose());

  it('answers 401 on /api/me when signed out', async () => {
    const answer = await hub.app.request('/api/me');
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('ends one session on sign-out, and every session on sign-out everywhere', async () => {
    const email = await addMember(hub);
    const [first, second, third] = [await signIn(hub, email), await signIn(hub, email), await signIn(hub, email)];
    await post(hub, '/api/auth/logout', {}, first);
    expect((await hub.app.request('/api/me', { headers: { cookie: first } })).status).toBe(401);
    expect((await hub.app.request('/api/me', { headers: { cookie: second } })).status).toBe(200);
    const everywhere = await post(hub, '/api/auth/logout-everywhere', {}, second);
    expect(await everywhere.json()).toMatchObject({ ended: 2 });
    expect((await hub.app.request('/api/me', { headers: { cookie: third } })).status).toBe(401);
  });
});

describe('invitations', () => {
  const clock = { now: () => new Date() };
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({}, { now: () => clock.now() });
  });
  afterAll(() => hub.dispose());

  const invitationToken = async (email: string) => {
    const [mail] = await hub.inbox.waitFor(email);
    return /\/members\/verify\/#([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')![1]!;
  };

  it('signs the invitee in from any browser, once, without a code', async () => {
    // Prepare
    const email = await addMember(hub);
    await sendInvitation(hub.deps, email, 'Action 1: Protection of unaccompanied minors');
    const token = await invitationToken(email);
    // Act: a browser that never asked (no pending cookie) presses the page's button.
    const first = await post(hub, '/api/auth/verify', { token });
    const again = await post(hub, '/api/auth/verify', { token });
    // Assess
    expect(first.status).toBe(200);
    expect(first.headers.get('set-cookie')).toMatch(/hub_session=/);
    expect(again.status).toBe(400);
    const [mail] = await hub.inbox.waitFor(email);
    expect(mail?.subject).toBe('Invitation: Action 1: Protection of unaccompanied minors');
    expect(mail?.text).not.toMatch(/code instead/);
  });

  it('refuses an invitation older than a week, saying how to get a new one', async () => {
    const email = await addMember(hub);
    await sendInvitation(hub.deps, email, 'Action 2');
    const token = await invitationToken(email);
    clock.now = () => new Date(Date.now() + 8 * 86_400_000);
    const late = await post(hub, '/api/auth/verify', { token });
    clock.now = () => new Date();
    expect(late.status).toBe(400);
    expect(await late.json()).toMatchObject({ error: { code: 'sign_in_expired', message: expect.stringMatching(/invitations last 7 days/) } });
  });
});
