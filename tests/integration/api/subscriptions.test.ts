import { PRIVACY_NOTICE_VERSION } from '../../../functions/core/privacy/notice.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressionKeyOf } from '../../../functions/core/contacts/suppression.ts';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { createUpdate, queueIdle } from '../../helpers/mail-pipeline.ts';
import { addMember, browserHeaders, fromAddress, newClientAddress, post, signIn } from '../../helpers/session.ts';

const DAY = 24 * 3600_000;

describe('public subscription: double opt-in, preferences, rate limits', () => {
  let hub: TestHub;
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  beforeAll(async () => {
    hub = await createTestHub({}, clock);
  });
  afterAll(() => hub.dispose());

  /** Each test is its own visitor (its own address for the per-client limit). */
  const visitor = newClientAddress;
  const subscribe = (body: unknown, client: string) =>
    hub.app.request('/api/subscribe', { method: 'POST', headers: browserHeaders(hub), body: JSON.stringify(body) }, fromAddress(client));
  const linkToken = async (email: string, path: string, count = 1) => {
    const mails = await hub.inbox.waitFor(email, count);
    const token = new RegExp(`${path}#([A-Za-z0-9_-]+)`).exec(mails.at(-1)!.text ?? '')?.[1];
    if (!token) throw new Error(`no ${path} link in the email to ${email}`);
    return token;
  };
  const contact = (email: string) => hub.deps.contactBook.contacts.get(email);

  it('subscribes only after the button of the confirmation page POSTs the emailed token, once', async () => {
    // Prepare
    const email = uniqueEmail('subscriber');
    const client = visitor();
    // Act
    const requested = await subscribe({ email, audience: 'ngo', language: 'fr', country: 'be', topics: ['housing'], consent: true }, client);
    const token = await linkToken(email, '/subscribe/confirm/');
    const beforeConfirm = await contact(email);
    const tokenBefore = await hub.deps.contactBook.mailTokens.has(email);
    const confirmed = await post(hub, '/api/subscribe/confirm', { token });
    const again = await post(hub, '/api/subscribe/confirm', { token });
    // Assess
    expect(requested.status).toBe(202);
    expect(beforeConfirm).toBeUndefined();
    // The mail token of the updates to come is made with the contact, not before.
    expect(tokenBefore).toBe(false);
    expect(await hub.deps.contactBook.mailTokens.has(email)).toBe(true);
    expect(confirmed.status).toBe(200);
    expect(await contact(email)).toMatchObject({ status: 'subscribed', audience: 'ngo', language: 'fr', country: 'BE', topics: ['housing'], consent: { source: 'site form (double opt-in)', sourceCode: 'site-form', wordingVersion: PRIVACY_NOTICE_VERSION } });
    expect(again.status).toBe(404);
  });

  it('answers the same for an address already subscribed, and mails it a preferences link instead', async () => {
    // Prepare
    const email = uniqueEmail('known');
    const client = visitor();
    await subscribe({ email, audience: 'research', consent: true }, client);
    await post(hub, '/api/subscribe/confirm', { token: await linkToken(email, '/subscribe/confirm/') });
    // Act
    const fresh = await subscribe({ email: uniqueEmail('new'), audience: 'research', consent: true }, client);
    const known = await subscribe({ email, audience: 'research', consent: true }, client);
    const token = await linkToken(email, '/preferences/', 2);
    // Assess
    expect(known.status).toBe(fresh.status);
    expect(await known.json()).toEqual(await fresh.json());
    expect((await hub.inbox.waitFor(email, 2))[1]!.subject).toMatch(/already receive/);
    expect((await post(hub, '/api/preferences/inspect', { token })).status).toBe(200);
  });

  it('reads and changes preferences with the token of an update email; a bad value is a 400 naming the field', async () => {
    // Prepare: a subscriber receives an update.
    const email = uniqueEmail('reader');
    await subscribe({ email, audience: 'private-sector', language: 'en', topics: ['employment'], consent: true }, visitor());
    await post(hub, '/api/subscribe/confirm', { token: await linkToken(email, '/subscribe/confirm/') });
    const cookie = await signIn(hub, await addMember(hub, { secretariat: true }));
    const id = await createUpdate(hub, cookie, { title: 'Jobs for newcomers', subject: 'Jobs', body: 'Body.', targets: { audiences: ['private-sector'] }, routes: { direct: true } });
    await post(hub, `/api/admin/updates/${id}/send`, {}, cookie);
    await queueIdle(hub);
    const token = await linkToken(email, '/preferences/', 2);
    // Act
    const read = await post(hub, '/api/preferences/inspect', { token });
    const saved = await post(hub, '/api/preferences', { token, audience: 'research', language: 'de', country: 'AT', topics: ['health'] });
    const invalid = await post(hub, '/api/preferences', { token, audience: 'research', language: 'klingon' });
    const unknown = await post(hub, '/api/preferences/inspect', { token: 'x'.repeat(32) });
    // Assess
    expect(await read.json()).toEqual({ email, subscribed: true, audience: 'private-sector', language: 'en', country: null, topics: ['employment'] });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ email, subscribed: true, audience: 'research', language: 'de', country: 'AT', topics: ['health'] });
    expect(await contact(email)).toMatchObject({ audience: 'research', language: 'de', country: 'AT', topics: ['health'] });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(await invalid.json())).toContain('"path":"language"');
    expect(unknown.status).toBe(404);
  });

  it('refuses a confirmation link older than 7 days', async () => {
    // Prepare
    const email = uniqueEmail('late');
    await subscribe({ email, audience: 'ngo', consent: true }, visitor());
    const token = await linkToken(email, '/subscribe/confirm/');
    // Act
    offset = 8 * DAY;
    const late = await post(hub, '/api/subscribe/confirm', { token }).finally(() => (offset = 0));
    // Assess
    expect(late.status).toBe(404);
    expect(((await late.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
    expect(await contact(email)).toBeUndefined();
  });

  it('lets someone who unsubscribed subscribe again by confirming, which lifts the suppression', async () => {
    // Prepare
    const email = uniqueEmail('returning');
    await subscribe({ email, audience: 'ngo', consent: true }, visitor());
    await post(hub, '/api/subscribe/confirm', { token: await linkToken(email, '/subscribe/confirm/') });
    const [mailToken] = (await hub.deps.contactBook.mailTokens.ensure([email])).values();
    await hub.app.request(`/api/unsubscribe/${mailToken}`, { method: 'POST' });
    const suppressedBefore = await hub.deps.contactBook.suppressions.has(suppressionKeyOf(email));
    // Act
    await subscribe({ email, audience: 'ngo', consent: true }, visitor());
    const confirmed = await post(hub, '/api/subscribe/confirm', { token: await linkToken(email, '/subscribe/confirm/', 2) });
    // Assess
    expect(suppressedBefore).toBe(true);
    expect(confirmed.status).toBe(200);
    expect((await contact(email))!.status).toBe('subscribed');
    expect(await hub.deps.contactBook.suppressions.has(suppressionKeyOf(email))).toBe(false);
  });

  it('limits requests per address and per visitor with 429 and Retry-After', async () => {
    // Prepare
    const email = uniqueEmail('eager');
    const client = visitor();
    // Act
    // Three a visitor may ask for one address; across visitors, twelve in all.
    const perAddress = [];
    for (let i = 0; i < 4; i++) perAddress.push(await subscribe({ email, audience: 'ngo', consent: true }, client));
    const ceiling = [];
    for (let i = 0; i < 10; i++) ceiling.push((await subscribe({ email, audience: 'ngo', consent: true }, visitor())).status);
    const perVisitor = [];
    const busy = visitor();
    for (let i = 0; i < 21; i++) perVisitor.push(await subscribe({ email: uniqueEmail('many'), audience: 'ngo', consent: true }, busy));
    // Assess
    expect(perAddress.map((r) => r.status)).toEqual([202, 202, 202, 429]);
    const retryAfter = Number(perAddress[3]!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(perVisitor.slice(0, 20).every((r) => r.status === 202)).toBe(true);
    expect(perVisitor[20]!.status).toBe(429);
    expect(Number(perVisitor[20]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(ceiling).toEqual([...Array(9).fill(202), 429]);
    expect(await hub.inbox.to(email)).toHaveLength(12);
  });

  it('refuses bad input with 400 naming the field, and a request from another origin', async () => {
    // Act
    const noConsent = await subscribe({ email: uniqueEmail(), audience: 'ngo' }, visitor());
    const badEmail = await subscribe({ email: 'not-an-address', audience: 'ngo', consent: true }, visitor());
    const badAudience = await subscribe({ email: uniqueEmail(), audience: 'aliens', consent: true }, visitor());
    const shortToken = await post(hub, '/api/subscribe/confirm', { token: 'abc' });
    const foreign = await hub.app.request('/api/subscribe', { method: 'POST', headers: { ...browserHeaders(hub), origin: 'https://elsewhere.example' }, body: JSON.stringify({ email: uniqueEmail(), audience: 'ngo', consent: true }) });
    // Assess
    for (const [response, field] of [[noConsent, 'consent'], [badEmail, 'email'], [badAudience, 'audience'], [shortToken, 'token']] as const) {
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(`"path":"${field}"`);
    }
    expect(foreign.status).toBe(403);
  });
});
