import { randomBytes } from 'node:crypto';
import type { Membership } from '../../functions/core/groups/group.ts';
import type { TestHub } from './hub.ts';
import { uniqueEmail } from './hub.ts';

/** The request headers a same-origin browser sends. */
export function browserHeaders(hub: TestHub, cookie?: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    origin: new URL(hub.config.BASE_URL).origin,
    ...(cookie ? { cookie } : {}),
  };
}

/** The `name=value` pairs a response sets, ready for a Cookie header. */
export function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}

export async function post(hub: TestHub, path: string, body: unknown, cookie?: string) {
  return hub.app.request(path, { method: 'POST', headers: browserHeaders(hub, cookie), body: JSON.stringify(body) });
}

/** Adds a member (and memberships) straight to the table. */
export async function addMember(
  hub: TestHub,
  options: { email?: string; name?: string; secretariat?: boolean; groups?: { groupId: string; role: Membership['role']; until?: string }[] } = {},
) {
  const email = options.email ?? uniqueEmail('member');
  const now = new Date().toISOString();
  await hub.deps.partnership.addMember({
    email,
    name: options.name ?? `Member ${email.split('@')[0]}`,
    organisation: 'City of Athens',
    language: 'en',
    secretariat: options.secretariat ?? false,
    createdAt: now,
  });
  for (const g of options.groups ?? []) {
    await hub.deps.partnership.addMembership({ groupId: g.groupId, email, role: g.role, since: now, ...(g.until ? { until: g.until } : {}) });
  }
  return email;
}

/** The link token of the newest sign-in email to `email`. */
export async function latestSignInToken(hub: TestHub, email: string, count = 1): Promise<{ token: string; code: string }> {
  const mails = await hub.inbox.waitFor(email, count);
  const text = mails.at(-1)!.text ?? '';
  const token = /\/members\/verify\/#([A-Za-z0-9_-]+)/.exec(text)?.[1];
  const code = /(?:code instead|ce code) ?: (\d{6})/.exec(text)?.[1];
  if (!token || !code) throw new Error(`no sign-in link in: ${text}`);
  return { token, code };
}

/** Signs a member in the way a browser does; answers the session cookie. */
export async function signIn(hub: TestHub, email: string): Promise<string> {
  const before = (await hub.inbox.to(email)).length;
  const login = await post(hub, '/api/auth/login', { email });
  if (login.status !== 202) throw new Error(`login answered ${login.status}`);
  const pending = cookiesFrom(login);
  const { token } = await latestSignInToken(hub, email, before + 1);
  const verify = await post(hub, '/api/auth/verify', { token }, pending);
  if (verify.status !== 200) throw new Error(`verify answered ${verify.status}: ${await verify.text()}`);
  return cookiesFrom(verify);
}

/**
 * What the local server hands the app for a request from `address`: the socket it came in on. The
 * app reads its client only from there (never from a header), so a test chooses its client this way.
 */
export const fromAddress = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

/** A client address of its own (a random /64 of the documentation range), so a test's limits count apart. */
export const newClientAddress = () => `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::1`;
