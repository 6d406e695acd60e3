import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { hashSecret } from '../../core/auth/secrets.ts';
import { sessionIsLive, sessionStands, touchEverySeconds, type Session } from '../../core/auth/session.ts';
import { ForbiddenError, UnauthenticatedError } from '../../core/errors.ts';
import type { Env } from '../env.ts';

export const SESSION_COOKIE = 'hub_session';
export const PENDING_COOKIE = 'hub_pending';
type CookieName = typeof SESSION_COOKIE | typeof PENDING_COOKIE;

const secure = (c: Context<Env>) => c.var.deps.config.BASE_URL.startsWith('https://');

/**
 * Over HTTPS the cookies carry the `__Host-` prefix: the browser then keeps them only if they are
 * Secure, for this host alone and for the whole path, so no sibling subdomain can plant or shadow
 * them. Both therefore live on `/`.
 */
export const cookieName = (c: Context<Env>, name: CookieName) => (secure(c) ? `__Host-${name}` : name);

export function readCookie(c: Context<Env>, name: CookieName) {
  return getCookie(c, cookieName(c, name));
}
export function setSessionCookie(c: Context<Env>, id: string, maxAgeSeconds: number) {
  setCookie(c, cookieName(c, SESSION_COOKIE), id, { httpOnly: true, sameSite: 'Lax', secure: secure(c), path: '/', maxAge: maxAgeSeconds });
}
export function setPendingCookie(c: Context<Env>, value: string, maxAgeSeconds: number) {
  setCookie(c, cookieName(c, PENDING_COOKIE), value, { httpOnly: true, sameSite: 'Lax', secure: secure(c), path: '/', maxAge: maxAgeSeconds });
}
export function clearCookie(c: Context<Env>, name: CookieName) {
  deleteCookie(c, cookieName(c, name), { path: '/', secure: secure(c) });
}

/**
 * Reads the session cookie (one GetItem) and puts the session, if live, on the context. Live means
 * neither past its end nor idle longer than SESSION_IDLE_HOURS, and still standing for someone who
 * belongs: a contributor's session, opened while a contribution ran, grants nothing once every
 * contribution has ended (a new contribution makes it stand again). A session past its end or idle
 * is deleted; a live one has its last use written at most every few minutes, so reading a page costs
 * no write.
 */
export function loadSession(): MiddlewareHandler<Env> {
  return async function loadSession(c, next) {
    const id = readCookie(c, SESSION_COOKIE);
    if (id) {
      const { auth, config, now } = c.var.deps;
      const idHash = hashSecret(id);
      const session = await auth.getSession(idHash);
      const idleSeconds = config.SESSION_IDLE_HOURS * 3600;
      const at = now();
      if (session && !sessionIsLive(session, at, idleSeconds)) {
        await auth.deleteSession(idHash);
      } else if (session && sessionStands(session, at)) {
        const nowSeconds = Math.floor(at.getTime() / 1000);
        if (nowSeconds - (session.lastSeenAt ?? 0) >= touchEverySeconds(idleSeconds)) await auth.touchSession(idHash, nowSeconds);
        c.set('session', session);
      }
    }
    await next();
  };
}

export function currentSession(c: Context<Env>): Session {
  const session = c.get('session');
  if (!session) throw new UnauthenticatedError('session.signInFirst');
  return session;
}

export function requireSecretariat(c: Context<Env>): Session {
  const session = currentSession(c);
  if (!session.secretariat) throw new ForbiddenError('session.secretariatOnly');
  return session;
}
