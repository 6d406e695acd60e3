import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eventInputSchema } from '../../core/agenda/event.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { Env } from '../env.ts';
import { requireSecretariat } from '../middleware/session.ts';
import { createEvent, eventView } from '../services/agenda.ts';
import { eventIdParam, eventViewSchema } from './events.ts';
import { errors, json, jsonBody } from './schemas.ts';

const registrationSchema = z
  .object({ email: z.string(), name: z.string(), organisation: z.string(), status: z.enum(['registered', 'waitlisted']), requestedAt: z.string(), promotedAt: z.string().optional() })
  .openapi('Registration');

/** The secretariat's side of the agenda: create events, see who registered. */
export const adminEvents = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/events',
      summary: 'Put an event on the agenda (secretariat)',
      request: jsonBody(eventInputSchema),
      responses: { 201: json(z.object({ id: z.string(), slug: z.string() }), 'Created'), ...errors(400, 401, 403) },
    }),
    async (c) => {
      const session = requireSecretariat(c);
      const event = await createEvent(c.var.deps, session, c.req.valid('json'));
      return c.json({ id: event.id, slug: event.slug }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/events',
      summary: 'Every event of the last year and to come, with seat counts (secretariat)',
      responses: { 200: json(z.object({ events: z.array(eventViewSchema) }), 'Events, soonest first'), ...errors(401, 403) },
    }),
    async (c) => {
      requireSecretariat(c);
      const now = c.var.deps.now().getTime();
      const events = await c.var.deps.events.eventsStartingBetween(new Date(now - 365 * 86_400_000).toISOString(), '9999-12-31T23:59:59.999Z');
      return c.json({ events: events.map((e) => eventView(e)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/events/{id}/registrations',
      summary: 'Who holds a seat and who waits, in order (secretariat)',
      request: { params: eventIdParam },
      responses: { ...errors(400),
        200: json(z.object({ event: eventViewSchema, registrations: z.array(registrationSchema) }), 'Registrations, earliest first'),
        ...errors(401),
        ...errors(403),
        ...errors(404),
      },
    }),
    async (c) => {
      requireSecretariat(c);
      const event = await c.var.deps.events.getEvent(c.req.valid('param').id);
      if (!event) throw new NotFoundError('event.none');
      const registrations = await c.var.deps.registrations.registrationsOf(event.id);
      return c.json(
        {
          event: eventView(event),
          registrations: registrations.map((r) => ({
            email: r.email,
            name: r.name,
            organisation: r.organisation,
            status: r.status,
            requestedAt: r.requestedAt,
            ...(r.promotedAt ? { promotedAt: r.promotedAt } : {}),
          })),
        },
        200,
      );
    },
  );
