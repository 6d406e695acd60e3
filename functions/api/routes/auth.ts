import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { hashSecret } from '../../core/auth/secrets.ts';
import { activeMemberships } from '../../core/groups/standing.ts';
import { mailLanguages } from '../../core/mail/words.ts';
import { emailSchema } from '../../core/partnership/vocabulary.ts';
import type { Env } from '../env.ts';
import { clientAddress } from '../middleware/client-address.ts';
import { clearCookie, currentSession, PENDING_COOKIE, readCookie, SESSION_COOKIE, setPendingCookie, setSessionCookie } from '../middleware/session.ts';
import { ownLanguage, setOwnLanguage } from '../services/membership.ts';
import { requestSignIn, verifySignIn } from '../services/sign-in.ts';
import { error, errors, json, jsonBody, messageSchema } from './schemas.ts';
import { refusalBody } from '../errors.ts';

const meSchema = z
  .object({
    email: z.string(),
    name: z.string(),
    secretariat: z.boolean(),
    groups: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), until: z.string().optional(), archived: z.boolean() })),
  })
  .openapi('Me');

const languageAnswer = z
  .object({
    language: z.enum(mailLanguages).openapi({ description: "The language of the hub's emails to this member" }),
    languages: z.array(z.enum(mailLanguages)).openapi({ description: 'The languages the emails are written in' }),
  })
  .openapi('OwnLanguage');

const proofSchema = z.union([
  z.object({ token: z.string().min(20).max(200) }),
  z.object({ email: emailSchema, code: z.string().regex(/^\d{6}$/, 'field.sixDigitCode') }),
]);

export const auth = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Ask for a sign-in link and code by email',
      request: jsonBody(z.object({ email: emailSchema })),
      responses: { 202: json(messageSchema, 'Accepted; the same answer whether or not the address is known'), ...errors(400), ...error(429, 'Too many requests') },
    }),
    async (c) => {
      const { email } = c.req.valid('json');
      const { pending, maxAgeSeconds } = await requestSignIn(c.var.deps, email, clientAddress(c));
      setPendingCookie(c, pending, maxAgeSeconds);
      return c.json({ message: 'If this address belongs to a member, a sign-in link and code are on their way. Check your inbox.' }, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/auth/pending',
      summary: 'Which address this browser asked to sign in with (for the "Sign in as …" page)',
      responses: { 200: json(z.object({ email: z.string() }), 'A sign-in is pending in this browser'), ...errors(404) },
    }),
    async (c) => {
      // Asked for any address, a pending sign-in is stored (core/auth/sign-in.ts), so this answers a
      // stranger's address as it answers a member's.
      const pending = readCookie(c, PENDING_COOKIE);
      const request = pending ? await c.var.deps.auth.getSignIn(hashSecret(pending)) : undefined;
      if (!request || request.expiresAt * 1000 <= c.var.deps.now().getTime()) {
        return c.json(refusalBody(c, 'not_found', 'signIn.nonePending'), 404);
      }
      return c.json({ email: request.email }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/auth/verify',
      summary: 'Sign in with the link token or the emailed code (single use, same browser)',
      request: jsonBody(proofSchema),
      responses: { 200: json(z.object({ email: z.string(), name: z.string() }), 'Signed in; the session cookie is set'), ...errors(400), ...error(429, 'Codes for this address are paused until the next day') },
    }),
    async (c) => {
      const { id, session, maxAgeSeconds } = await verifySignIn(c.var.deps, readCookie(c, PENDING_COOKIE), c.req.valid('json'));
      // Signing in again in a browser ends the session that browser held before (whoever's it was).
      const earlier = readCookie(c, SESSION_COOKIE);
      if (earlier) await c.var.deps.auth.deleteSession(hashSecret(earlier));
      setSessionCookie(c, id, maxAgeSeconds);
      clearCookie(c, PENDING_COOKIE);
      return c.json({ email: session.email, name: session.name }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      summary: 'End this session',
      responses: { 200: json(messageSchema, 'Signed out') },
    }),
    async (c) => {
      const session = c.get('session');
      if (session) await c.var.deps.auth.deleteSession(session.idHash);
      clearCookie(c, SESSION_COOKIE);
      return c.json({ message: 'You are signed out.' }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout-everywhere',
      summary: 'End every session of this member, on every device',
      responses: { 200: json(z.object({ message: z.string(), ended: z.number() }), 'Signed out everywhere'), ...errors(401) },
    }),
    async (c) => {
      const session = currentSession(c);
      const ended = await c.var.deps.auth.deleteSessionsOf(session.email);
      clearCookie(c, SESSION_COOKIE);
      return c.json({ message: `You are signed out on every device (${ended} session${ended === 1 ? '' : 's'}).`, ended }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me',
      summary: 'The signed-in member, their groups and roles',
      responses: { 200: json(meSchema, 'The member'), ...errors(401) },
    }),
    async (c) => {
      const session = currentSession(c);
      const groups = await Promise.all(
        activeMemberships(session.groups, c.var.deps.now()).map(async (g) => {
          const group = await c.var.deps.partnership.getGroup(g.groupId);
          return { id: g.groupId, name: group?.name ?? g.groupId, role: g.role, archived: group?.archived ?? false, ...(g.until ? { until: g.until } : {}) };
        }),
      );
      return c.json({ email: session.email, name: session.name, secretariat: session.secretariat, groups }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/language',
      summary: "The language of the hub's emails to the signed-in member, and the languages to choose from",
      responses: { 200: json(languageAnswer, 'The language'), ...errors(401, 404) },
    }),
    async (c) => c.json(await ownLanguage(c.var.deps, currentSession(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/me/language',
      summary: "Choose the language of the hub's emails to oneself (only one's own)",
      request: jsonBody(z.object({ language: z.enum(mailLanguages) })),
      responses: { 200: json(languageAnswer, 'The new language'), ...errors(400, 401, 404) },
    }),
    async (c) => c.json(await setOwnLanguage(c.var.deps, currentSession(c), c.req.valid('json').language), 200),
  );
