import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from '../env.ts';
import { currentSession } from '../middleware/session.ts';
import { cancel, eventView, listEventsFor, register, visibleEvent } from '../services/agenda.ts';
import { error, errors, json } from './schemas.ts';

export const eventIdParam = z.object({
  id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'field.eventId').openapi({ param: { name: 'id', in: 'path' } }),
});

export const eventViewSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    start: z.string(),
    end: z.string(),
    timeZone: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    place: z.string().optional(),
    online: z.string().optional(),
    visibility: z.enum(['public', 'members', 'group']),
    groupId: z.string().optional(),
    capacity: z.number().optional(),
    seatsLeft: z.number().optional(),
    registrationDeadline: z.string().optional(),
    actions: z.array(z.number()),
    registered: z.number(),
    waitlisted: z.number(),
    myStatus: z.enum(['registered', 'waitlisted']).nullable(),
  })
  .openapi('AgendaEvent');

const unprocessable = error(422, 'The rules do not allow it now (e.g. registration closed)');

/** The members' agenda: list, one event, register and cancel. */
export const events = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'get',
      path: '/events',
      summary: 'Events this member may see: public, members-only and their groups\' events',
      responses: { 200: json(z.object({ upcoming: z.array(eventViewSchema), past: z.array(eventViewSchema) }), 'Upcoming and past events'), ...errors(401) },
    }),
    async (c) => c.json(await listEventsFor(c.var.deps, currentSession(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/events/{id}',
      summary: 'One event, with this member\'s registration status',
      request: { params: eventIdParam },
      responses: { ...errors(400), 200: json(eventViewSchema, 'The event'), ...errors(401, 404) },
    }),
    async (c) => {
      const session = currentSession(c);
      const event = await visibleEvent(c.var.deps, session, c.req.valid('param').id);
      const registration = await c.var.deps.registrations.getRegistration(event.id, session.email);
      return c.json(eventView(event, registration), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/events/{id}/registration',
      summary: 'Register: a seat if one is free, else the waitlist; asking again answers the same',
      request: { params: eventIdParam },
      responses: { ...errors(400),
        200: json(z.object({ status: z.enum(['registered', 'waitlisted']) }), 'Already registered or waitlisted'),
        201: json(z.object({ status: z.enum(['registered', 'waitlisted']) }), 'Registered or waitlisted; an email confirms it'),
        ...errors(401),
        ...errors(404),
        ...unprocessable,
      },
    }),
    async (c) => {
      const outcome = await register(c.var.deps, currentSession(c), c.req.valid('param').id);
      return c.json({ status: outcome.status }, outcome.already ? 200 : 201);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/events/{id}/registration',
      summary: 'Cancel a registration; a freed seat goes to the earliest on the waitlist',
      request: { params: eventIdParam },
      responses: { ...errors(400),
        200: json(z.object({ cancelled: z.enum(['registered', 'waitlisted']), promoted: z.number() }), 'Cancelled'),
        ...errors(401),
        ...errors(404),
      },
    }),
    async (c) => c.json(await cancel(c.var.deps, currentSession(c), c.req.valid('param').id), 200),
  );
