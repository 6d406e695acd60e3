import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { routesSchema, sendingWaitSchema, targetsSchema, updateInputSchema, updateStatuses, variantSchema } from '../../core/updates/update.ts';
import { audienceSchema } from '../../core/partnership/vocabulary.ts';
import type { Env } from '../env.ts';
import { wordsOf } from '../errors.ts';
import { requireSecretariat } from '../middleware/session.ts';
import { cancelSend, resumeSend, sendUpdate } from '../services/sending.ts';
import { createUpdate, draftAudience, editUpdate, getUpdate, previewUpdate, scheduleUpdate, testSend, updateAudience, updateReport } from '../services/updates.ts';
import { error, errors, json, jsonBody, storedKind } from './schemas.ts';

const idParam = z.object({ id: z.string().regex(/^u-[a-z0-9]+$/, 'field.updateId') });
const admin = { ...errors(401, 403) };
const untranslated = error(422, 'A variant is still to translate; `details` names each');
const conflict = error(409, 'Not in a state that allows it');
const tally = z.record(z.string(), z.number().int());
const gapsSchema = z.object({ audiences: z.array(audienceSchema), countries: z.array(z.string()) });
const coverageSchema = z.object({ network: z.string(), audience: audienceSchema, country: z.string(), count: z.number().int() });
const brakeFigures = { sent: z.number().int(), permanentBounces: z.number().int(), complaints: z.number().int() };
const pauseSchema = z.object({ reason: z.enum(['permanent-bounces', 'complaints']), at: z.string(), ...brakeFigures });

/** An update as stored: its content, where it stands, and (once planned) the plan's summary. */
const updateSchema = z
  .object({
    type: storedKind('update'),
    id: z.string(),
    title: z.string(),
    subject: z.string(),
    intro: z.string().nullable().optional().openapi({ description: 'Null once a draft was edited without one' }),
    body: z.string(),
    callToAction: variantSchema.shape.callToAction.unwrap().nullable().optional(),
    variants: z.array(variantSchema),
    targets: z.object({ audiences: z.array(audienceSchema), topics: z.array(z.string()), countries: z.array(z.string()) }),
    routes: z.object({ direct: z.boolean(), networks: z.array(z.string()) }),
    status: z.enum(updateStatuses),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    scheduledAt: z.string().optional(),
    sendingAt: z.string().optional(),
    plannedAt: z.string().optional(),
    recipients: z.number().int().optional(),
    pause: pauseSchema.optional(),
    resumedAt: z.string().optional(),
    cancelledAt: z.string().optional(),
    waiting: sendingWaitSchema.optional(),
    planJob: z.string().optional().openapi({ description: 'The job planning the deliveries, once sent' }),
    plan: z.object({ coverage: z.array(coverageSchema), excluded: z.object({ suppressed: z.number().int(), unconsented: z.number().int() }), gaps: gapsSchema, recipients: z.number().int() }).optional(),
  })
  .openapi('Update');

/** The report; `waiting` named, since the console and integrations read it to say why nothing is being sent. */
const reportSchema = z
  .object({
    progress: z.object({
      planning: z.object({ state: z.string(), read: z.number().int(), recipients: z.number().int(), error: z.object({ code: z.string(), message: z.string() }).optional() }).nullable(),
      planned: z.number().int(),
      sent: z.number().int(),
      failed: z.number().int(),
      bounced: z.number().int(),
      complained: z.number().int(),
      waiting: z.number().int(),
      live: z.boolean().openapi({ description: 'Still moving: refresh' }),
    }),
    update: z.object({
      id: z.string(),
      title: z.string(),
      status: z.enum(updateStatuses),
      sendingAt: z.string().nullable(),
      recipients: z.number().int(),
      targets: updateSchema.shape.targets,
      resumedAt: z.string().nullable(),
      cancelledAt: z.string().nullable(),
    }),
    pause: pauseSchema.nullable().openapi({ description: 'Why the brake paused the send and what it saw then; kept once resumed or cancelled' }),
    waiting: sendingWaitSchema
      .nullable()
      .openapi({ description: "Set while queued emails are held because the SES account's 24-hour quota is used up: since when, and until when (an estimate; held again then if the quota still has no room). Null once sending resumes." }),
    brake: z.object(brakeFigures),
    notSent: z.object({ cancelled: z.number().int(), reason: z.string().nullable() }),
    counts: z.array(z.object({ status: z.string(), route: z.string(), network: z.string(), audience: z.string(), country: z.string(), count: z.number().int() })),
    unsubscribes: z.array(z.object({ route: z.string(), network: z.string(), audience: z.string(), country: z.string(), count: z.number().int() })),
    deliveryRecordsKeptDays: z.number().int(),
    totals: z.object({ byStatus: tally, unsubscribed: z.number().int(), byRoute: tally, byAudience: tally, byCountry: tally }),
    coverage: z.array(coverageSchema),
    excluded: z.object({ suppressed: z.number().int(), unconsented: z.number().int() }),
    gaps: gapsSchema,
    relays: z.array(z.object({ network: z.string(), name: z.string(), relayContacts: z.number().int(), confirmed: z.number().int() })),
  })
  .openapi('UpdateReport');

/** A dry run of routing: who the update would reach if sent now. */
const updateAudienceSchema = z
  .object({
    complete: z.boolean().openapi({ description: 'False when the time budget ran out before every contact was read: the figures are then the count so far.' }),
    read: z.number().int().openapi({ description: 'Contacts of the targeted audiences read' }),
    recipients: z.number().int().openapi({ description: 'Emails a send would plan now: direct ones and those to relay contacts' }),
    direct: z.number().int(),
    relayed: z.array(
      z.object({
        network: z.string(),
        name: z.string(),
        relayContacts: z.number().int().openapi({ description: 'Relay contacts who get the forward-ready version' }),
        covered: z.number().int().openapi({ description: 'Contacts of ours the network forwards it to (no email from us)' }),
        reaches: z.number().int().optional().openapi({ description: "The network's own audience estimate, when it has one" }),
      }),
    ),
    byAudience: tally,
    byCountry: tally,
    byLanguage: tally,
    excluded: tally.openapi({ description: '`suppressed` and `unconsented` in all, then by reason: unsubscribed, bounced, complained, suppressionList, relaySuppressed, pending, noConsent' }),
    gaps: z.object({ audiences: z.array(z.string()), countries: z.array(z.string()) }),
  })
  .openapi('UpdateAudience');

/** Tailored updates: write, preview, test, send or schedule, resume a paused send, cancel, report. Secretariat only. */
export const updates = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/updates',
      summary: 'Create an update (a draft) with its variants, targets and routes',
      request: jsonBody(updateInputSchema),
      responses: { 201: json(z.object({ id: z.string() }), 'Created'), ...errors(400), ...admin },
    }),
    async (c) => {
      const session = requireSecretariat(c);
      const update = await createUpdate(c.var.deps, c.req.valid('json'), session.email);
      return c.json({ id: update.id }, 201);
    },
  )
  .openapi(
    createRoute({ method: 'get', path: '/admin/updates', summary: 'Updates, newest first', responses: { 200: json(z.object({ updates: z.array(updateSchema) }), 'Updates'), ...admin } }),
    async (c) => {
      requireSecretariat(c);
      return c.json({ updates: await c.var.deps.updates.list() }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/updates/audience',
      summary: 'How many people targets and routes not saved yet would reach: a dry run of routing that writes nothing (POST for the body)',
      request: jsonBody(z.object({ targets: targetsSchema, routes: routesSchema })),
      responses: { 200: json(updateAudienceSchema, 'The count'), ...errors(400), ...error(422, 'A network that does not exist'), ...errors(429), ...admin },
    }),
    async (c) => {
      const session = requireSecretariat(c);
      return c.json(await draftAudience(c.var.deps, session.email, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/updates/{id}/audience',
      summary: "How many people the update would reach if sent now, by route, audience, country and language: a dry run of the send's routing that writes nothing",
      request: { params: idParam },
      responses: { ...errors(400), 200: json(updateAudienceSchema, 'The count'), ...errors(404), ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      return c.json(await updateAudience(c.var.deps, c.req.valid('param').id), 200);
    },
  )
  .openapi(
    createRoute({ method: 'get', path: '/admin/updates/{id}', summary: 'One update', request: { params: idParam }, responses: { ...errors(400), 200: json(updateSchema, 'The update'), ...errors(404), ...admin } }),
    async (c) => {
      requireSecretariat(c);
      return c.json(await getUpdate(c.var.deps, c.req.valid('param').id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/admin/updates/{id}',
      summary: 'Edit a draft',
      request: { params: idParam, ...jsonBody(updateInputSchema) },
      responses: { 200: json(updateSchema, 'Saved'), ...errors(400, 404), ...conflict, ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      return c.json(await editUpdate(c.var.deps, c.req.valid('param').id, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/updates/{id}/preview',
      summary: 'Every variant (HTML and text), and the forward-ready version per network',
      request: { params: idParam },
      responses: { ...errors(400), 200: json(z.object({ previews: z.array(z.object({ variant: z.string(), route: z.string(), subject: z.string(), html: z.string(), text: z.string() })) }), 'Previews'), ...errors(404), ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      return c.json({ previews: await previewUpdate(c.var.deps, c.req.valid('param').id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/updates/{id}/test',
      summary: 'Send every variant to yourself, marked as a test',
      request: { params: idParam },
      responses: { ...errors(400), 202: json(z.object({ sent: z.number() }), 'Sent'), ...errors(404), ...admin },
    }),
    async (c) => {
      const session = requireSecretariat(c);
      return c.json(await testSend(c.var.deps, c.req.valid('param').id, session.email), 202);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/updates/{id}/send',
      summary: 'Send now: answers 202 at once; a job plans the deliveries page by page (follow Location) while the first emails already go',
      request: { params: idParam },
      responses: { ...errors(400),
        202: json(z.object({ id: z.string(), status: z.literal('sending'), job: z.string(), location: z.string() }), 'Sending; the planning job is at Location, the figures in the report'),
        ...errors(404),
        ...conflict,
        ...untranslated,
        ...admin,
      },
    }),
    async (c) => {
      const session = requireSecretariat(c);
      const started = await sendUpdate(c.var.deps, session, c.req.valid('param').id);
      c.header('Location', started.location);
      return c.json(started, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/updates/{id}/schedule',
      summary: 'Schedule the send',
      request: { params: idParam, ...jsonBody(z.object({ at: z.iso.datetime({ offset: true, error: 'field.scheduleAt' }) })) },
      responses: { 200: json(updateSchema, 'Scheduled'), ...errors(400, 404), ...conflict, ...untranslated, ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      return c.json(await scheduleUpdate(c.var.deps, c.req.valid('param').id, new Date(c.req.valid('json').at)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/updates/{id}/cancel',
      summary: 'Cancel a scheduled, sending or paused update: nothing more is sent; emails still queued are counted cancelled (audited)',
      request: { params: idParam },
      responses: { ...errors(400), 200: json(z.object({ message: z.string(), status: z.string(), cancelled: z.number() }), 'Cancelled'), ...errors(404), ...conflict, ...admin },
    }),
    async (c) => {
      const session = requireSecretariat(c);
      const result = await cancelSend(c.var.deps, session, c.req.valid('param').id);
      return c.json({ message: result.cancelled > 0 ? `The update is cancelled; ${result.cancelled} email(s) not yet sent will not be.` : 'The update is cancelled.', ...result }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/updates/{id}/resume',
      summary: 'Resume a send the brake paused: the emails still queued are enqueued again (audited)',
      request: { params: idParam },
      responses: { ...errors(400), 200: json(z.object({ message: z.string(), status: z.string(), requeued: z.number() }), 'Resumed'), ...errors(404), ...conflict, ...admin },
    }),
    async (c) => {
      const session = requireSecretariat(c);
      const result = await resumeSend(c.var.deps, session, c.req.valid('param').id);
      return c.json({ message: `Sending again: ${result.requeued} email(s) queued.`, ...result }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/updates/{id}/report',
      summary: 'Counts by status × route × network × audience × country, outreach gaps, relay confirmations',
      request: { params: idParam },
      responses: { ...errors(400), 200: json(reportSchema, 'The report'), ...errors(404), ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      return c.json(await updateReport(c.var.deps, c.req.valid('param').id, wordsOf(c)), 200);
    },
  );
