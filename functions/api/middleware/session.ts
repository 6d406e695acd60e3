import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { hashSecret } from '../../core/auth/secrets.ts';
import { sessionStands, type Session } from '../../core/auth/session.ts';
import { ForbiddenError, UnauthenticatedError } from '../../core/errors.ts';
import type { Env } from '../env.ts';

export const SESSION_COOKIE = 'hub_session';
export const PENDING_COOKIE = 'hub_pending';

const secure = (c: Context<Env>) => c.var.deps.config.BASE_URL.startsWith('https://');

export function setSessionCookie(c: Context<Env>, id: string, maxAgeSeconds: number) {
  setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: 'Lax', secure: secure(c), path: '/', maxAge: maxAgeSeconds });
}
export function setPendingCookie(c: Context<Env>, value: string, maxAgeSeconds: number) {
  setCookie(c, PENDING_COOKIE, value, { httpOnly: true, sameSite: 'Lax', secure: secure(c), path: '/api/auth', maxAge: maxAgeSeconds });
}
export function clearCookie(c: Context<Env>, name: typeof SESSION_COOKIE | typeof PENDING_COOKIE) {
  deleteCookie(c, name, { path: name === PENDING_COOKIE ? '/api/auth' : '/', secure: secure(c) });
}

/**
 * Reads the session cookie (one GetItem) and puts the session, if live, on the context. Live means
 * unexpired and still standing for someone who belongs: a contributor's session, opened while a
 * contribution ran, grants nothing once every contribution has ended.
 */
export function loadSession(): MiddlewareHandler<Env> {
  return async function loadSession(c, next) {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) {
      const idHash = hashSecret(id);
      const session = await c.var.deps.auth.getSession(idHash);
      const now = c.var.deps.now();
      if (session && session.expiresAt * 1000 > now.getTime() && sessionStands(session, now)) c.set('session', session);
    }
    await next();
  };
}

export function currentSession(c: Context<Env>): Session {
  const session = c.get('session');
  if (!session) throw new UnauthenticatedError('Sign in first: this page is for members of the partnership.');
  return session;
}

export function requireSecretariat(c: Context<Env>): Session {
  const session = currentSession(c);
  if (!session.secretariat) throw new ForbiddenError('Only the secretariat can do this.');
  return session;
}
