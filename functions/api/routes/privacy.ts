import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { emailSchema } from '../../core/partnership/vocabulary.ts';
import { sectionNames, type SectionName } from '../../core/privacy/personal-data.ts';
import { privacyRequestSchema } from '../../core/privacy/requests.ts';
import type { Env } from '../env.ts';
import { requireSecretariat } from '../middleware/session.ts';
import { confirmPrivacyAction, eraseFor, exportFor, privacyRequestsLog, requestPrivacyAction } from '../services/privacy.ts';
import { clientAddress } from '../middleware/client-address.ts';
import { personalDataExportSchema } from './personal-data-schemas.ts';
import { error, errors, json, jsonBody, messageSchema } from './schemas.ts';

/** How many records of each section were erased; empty when the address was erased before. */
const summarySchema = z.object(Object.fromEntries(sectionNames.map((name) => [name, z.number().int().optional()])) as Record<SectionName, z.ZodOptional<z.ZodNumber>>).openapi('ErasureSummary');
const logEntry = z
  .object({
    id: z.string(),
    kind: z.enum(['export', 'erase']),
    state: z.enum(['awaiting-confirmation', 'completed', 'expired']),
    email: z.string().nullable(),
    receivedAt: z.string(),
    deadline: z.string(),
    completedAt: z.string().optional(),
    overdue: z.boolean(),
    via: z.enum(['self-service', 'secretariat']),
    handledBy: z.string().optional(),
  })
  .openapi('PrivacyRequest');
const admin = { ...errors(401, 403) };

/** A person's rights over their data: self-service by emailed link, and the secretariat's console. */
export const privacy = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/privacy/requests',
      summary: 'Ask for a copy or the erasure of your data; a confirmation link follows by email',
      request: jsonBody(privacyRequestSchema),
      responses: { 202: json(messageSchema, 'Accepted; the same answer for every address'), ...errors(400), ...error(429, 'Too many requests') },
    }),
    async (c) => {
      await requestPrivacyAction(c.var.deps, c.req.valid('json'), clientAddress(c));
      return c.json({ message: 'If the hub holds data about this address, we have sent it an email. Open the link in it and press the button to confirm.' }, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/privacy/confirm',
      summary: 'Confirm a request (the button of the page the emailed link opens); single use',
      request: jsonBody(z.object({ token: z.string().min(20).max(200) })),
      responses: {
        200: json(z.union([z.object({ kind: z.literal('export'), export: personalDataExportSchema }), z.object({ kind: z.literal('erase'), erased: z.literal(true), summary: summarySchema })]), 'Done'),
        ...errors(400),
        ...errors(404),
      },
    }),
    async (c) => c.json(await confirmPrivacyAction(c.var.deps, c.req.valid('json').token), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/privacy/requests',
      summary: 'The requests log: each request with its state and one-month deadline, newest first',
      responses: { 200: json(z.object({ requests: z.array(logEntry) }), 'The log'), ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      return c.json(await privacyRequestsLog(c.var.deps), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/people/export',
      summary: "Everything the hub holds on a person (audited and logged as a request)",
      request: jsonBody(z.object({ email: emailSchema })),
      responses: { 200: json(z.object({ export: personalDataExportSchema }), 'The export'), ...errors(400, 404), ...admin },
    }),
    async (c) => c.json(await exportFor(c.var.deps, requireSecretariat(c), c.req.valid('json').email), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/people/erase',
      summary: 'Erase a person everywhere; only a hash of the address stays on the suppression list (audited)',
      request: jsonBody(z.object({ email: emailSchema })),
      responses: { 200: json(z.object({ erased: z.literal(true), summary: summarySchema }), 'Erased'), ...errors(400, 404), ...admin },
    }),
    async (c) => c.json(await eraseFor(c.var.deps, requireSecretariat(c), c.req.valid('json').email), 200),
  );
