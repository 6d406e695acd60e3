import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { contactSchema, contactStatusSchema } from '../../core/contacts/contact.ts';
import { networkSchema } from '../../core/networks/network.ts';
import { audienceSchema, countrySchema, emailSchema, languageSchema } from '../../core/partnership/vocabulary.ts';
import type { Env } from '../env.ts';
import { requireSecretariat } from '../middleware/session.ts';
import { importOrQueue, INLINE_IMPORT_ROWS } from '../services/contact-imports.ts';
import { contactProfile, contactRecord, exportContacts, mappingFrom, setContactNetworks } from '../services/contacts.ts';
import { eraseFor } from '../services/privacy.ts';
import { error, errors, json, jsonBody, storedKind } from './schemas.ts';
import { languageOf, refusalBody } from '../errors.ts';

const importAnswer = z
  .object({
    imported: z.number(),
    updated: z.number(),
    merged: z.number(),
    stored: z.boolean(),
    rejected: z.array(z.object({ row: z.number(), field: z.string(), reason: z.string() })),
  })
  .openapi('ContactImport');

/** A contact as stored: what an import or a form gave (older records may lack some fields). */
const storedContact = contactSchema.partial().extend({ type: storedKind('contact') });
const admin = { ...errors(401, 403) };

/** A list's cursor: the random string the previous page answered (the page's start stays on the server). */
const cursorSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'field.pageCursor');

const profileSchema = z
  .object({
    contact: storedContact,
    suppressed: z.object({ reason: z.string(), at: z.string() }).optional(),
    networks: z.array(z.object({ id: z.string(), name: z.string() })),
    consents: z.array(z.object({ kind: z.enum(['consent', 'withdrawal']), channel: z.string(), reason: z.string().optional(), source: z.string(), sourceCode: z.string().optional(), sourceValues: z.record(z.string(), z.string()).optional(), at: z.string(), wordingVersion: z.string().optional(), recordedBy: z.string() })),
    deliveries: z.array(z.object({ updateId: z.string(), title: z.string(), route: z.string(), status: z.string(), queuedAt: z.string(), sentAt: z.string().optional() })),
    requests: z.array(z.object({ id: z.string(), kind: z.string(), state: z.string(), receivedAt: z.string(), completedAt: z.string().optional(), via: z.string() })),
  })
  .openapi('ContactProfile');

/** The secretariat's contact list: CSV import and export, filtered lists, access and erasure. */
export const contacts = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/contacts/import',
      summary: 'Import contacts from CSV (email,name,organisation,audience,country,language,topics,networks)',
      request: {
        query: z.object({
          acceptValid: z.enum(['true', 'false']).optional().openapi({ description: 'import the valid rows even if some are rejected' }),
          map: z.string().max(2000).optional().openapi({ description: 'JSON: the file’s header → our column, e.g. {"E-mail":"email"}' }),
        }),
        body: { content: { 'text/csv': { schema: z.string() } }, required: true },
      },
      responses: {
        200: json(importAnswer, 'The per-row report; `stored` says whether anything was written'),
        202: json(z.object({ id: z.string(), state: z.literal('running'), location: z.string() }), `More than ${INLINE_IMPORT_ROWS.toLocaleString('en-GB')} rows: an import job runs it; follow Location (its report CSV holds the rejected rows)`),
        ...errors(400),
        ...error(413, 'Larger than 15 MiB, or more than 50,000 rows'),
        ...error(415, 'Not text/csv'),
        ...error(422, 'No usable header'),
        ...admin,
      },
    }),
    async (c) => {
      const session = requireSecretariat(c);
      const type = c.req.header('content-type') ?? '';
      if (!/^text\/csv\b/i.test(type)) {
        return c.json(refusalBody(c, 'unsupported_media_type', 'request.csvOnly'), 415);
      }
      // The body limits of app.ts refused a file over MAX_IMPORT_BYTES before this reads it.
      const csv = await c.req.text();
      const query = c.req.valid('query');
      const mapping = mappingFrom(query.map);
      const result = await importOrQueue(c.var.deps, session, csv, { acceptValid: query.acceptValid === 'true', ...(mapping ? { mapping } : {}) }, languageOf(c));
      if (result.job) {
        c.header('Location', result.job.location);
        return c.json(result.job, 202);
      }
      return c.json(result.report, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/contacts',
      summary: 'Contacts of one audience, optionally of one country, status, language and network, a page at a time',
      request: {
        query: z.object({
          audience: audienceSchema,
          country: countrySchema.optional(),
          status: contactStatusSchema.optional(),
          language: languageSchema.optional(),
          network: networkSchema.shape.id.optional().openapi({ description: 'a network id: its contacts only' }),
          cursor: cursorSchema.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: { 200: json(z.object({ contacts: z.array(storedContact), cursor: z.string().optional() }), 'A page of contacts'), ...errors(400), ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      const { audience, ...options } = c.req.valid('query');
      const page = await c.var.deps.contactBook.contacts.page(audience, options);
      return c.json({ contacts: page.contacts, ...(page.cursor ? { cursor: page.cursor } : {}) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/contacts/export',
      summary: 'Export contacts as CSV (one audience, or all)',
      request: { query: z.object({ audience: audienceSchema.optional() }) },
      responses: { ...errors(400), 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      const { audience } = c.req.valid('query');
      const csv = await exportContacts(c.var.deps, audience);
      return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="contacts-${audience ?? 'all'}.csv"` });
    },
  )
  // The address travels in the body, not the path: a path reaches the API's and CloudFront's access logs.
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/contacts/record',
      summary: 'Everything held about one contact (right of access); reads only',
      request: jsonBody(z.object({ email: emailSchema })),
      responses: { ...errors(400), 200: json(storedContact, 'The contact'), ...errors(404), ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      return c.json(await contactRecord(c.var.deps, c.req.valid('json').email), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/contacts/profile',
      summary: "A contact's page: the contact, suppression, consents, networks by name, deliveries, requests about their data; reads only",
      request: jsonBody(z.object({ email: emailSchema })),
      responses: { 200: json(profileSchema, 'The contact and what concerns them'), ...errors(400, 404), ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      return c.json(await contactProfile(c.var.deps, c.req.valid('json').email), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/contacts/networks',
      summary: "Set the networks a contact is reached through (replaces the list; [] clears it); audited",
      request: jsonBody(z.object({ email: emailSchema, networks: z.array(networkSchema.shape.id).max(100, 'field.atMost100Networks') })),
      responses: {
        200: json(storedContact, 'The contact as saved'),
        ...errors(400, 404),
        ...error(409, 'The contact changed meanwhile; read it again'),
        ...error(422, 'An id is no network’s; `details` names each'),
        ...admin,
      },
    }),
    async (c) => {
      const session = requireSecretariat(c);
      const { email, networks } = c.req.valid('json');
      return c.json(await setContactNetworks(c.var.deps, session, email, networks), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/contacts/erase',
      summary: 'Erase a contact everywhere (as /admin/people/erase); only a hash stays on the suppression list',
      request: jsonBody(z.object({ email: emailSchema })),
      responses: { ...errors(400), 200: json(z.object({ erased: z.literal(true), summary: z.record(z.string(), z.number()) }), 'Erased'), ...errors(404), ...admin },
    }),
    // The same erasure as the console's person page: everywhere, not only the contact.
    async (c) => c.json(await eraseFor(c.var.deps, requireSecretariat(c), c.req.valid('json').email), 200),
  );
