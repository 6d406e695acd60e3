import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from '../env.ts';
import { currentSession } from '../middleware/session.ts';
import { calendarFeed, rotateCalendarFeed } from '../services/agenda.ts';
import { errors, json } from './schemas.ts';

/**
 * A member's personal iCalendar feed. Calendar apps cannot send cookies, so the address carries a
 * secret token; reading it changes nothing, and only the signed-in member can replace or revoke it.
 */
export const calendar = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'get',
      path: '/calendar-feed',
      summary: 'Whether this member has a calendar feed address, and since when',
      responses: { 200: json(z.object({ active: z.boolean(), createdAt: z.string().optional() }), 'Feed status'), ...errors(401) },
    }),
    async (c) => {
      const status = await c.var.deps.registrations.feedStatus(currentSession(c).email);
      return c.json(status ? { active: true, createdAt: status.createdAt } : { active: false }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/calendar-feed',
      summary: 'Issue a new secret feed address; the previous one stops working',
      responses: { 201: json(z.object({ url: z.string() }), 'The new address, shown once'), ...errors(401) },
    }),
    async (c) => c.json(await rotateCalendarFeed(c.var.deps, currentSession(c)), 201),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/calendar-feed/revoke',
      summary: 'Revoke the feed address',
      responses: { 200: json(z.object({ revoked: z.boolean() }), 'Revoked (false when there was none)'), ...errors(401) },
    }),
    async (c) => c.json({ revoked: await c.var.deps.registrations.revokeFeed(currentSession(c).email) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/calendar/{file}',
      summary: 'The events a member holds a seat for, as iCalendar (the token is the credential)',
      request: {
        params: z.object({
          file: z.string().regex(/^[A-Za-z0-9_-]{40,64}\.ics$/, 'field.calendarFile').openapi({ param: { name: 'file', in: 'path' } }),
        }),
      },
      responses: { 200: { description: 'iCalendar', content: { 'text/calendar': { schema: z.string() } } }, ...errors(400, 404) },
    }),
    async (c) => {
      const token = c.req.valid('param').file.slice(0, -'.ics'.length);
      return c.body(await calendarFeed(c.var.deps, token), 200, {
        'content-type': 'text/calendar; charset=utf-8',
        'cache-control': 'private, max-age=300',
      });
    },
  );
