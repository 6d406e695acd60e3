import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { importColumns } from '../../core/contacts/import.ts';
import { hubLanguages } from '../../core/languages.ts';
import { attachmentFilenameSchema } from '../../core/forums/attachments.ts';
import type { Env } from '../env.ts';
import { languageOf, wordsOf } from '../errors.ts';
import { requireSecretariat } from '../middleware/session.ts';
import { importReport, jobStatus, receiveImport, requestImport, startImport } from '../services/contact-imports.ts';
import { error, errors, json, jsonBody } from './schemas.ts';

const jobIdParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{10,40}$/, 'field.jobId').openapi({ param: { name: 'id', in: 'path' } }) });
const admin = { ...errors(401, 403) };

const jobSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    state: z.enum(['pending', 'running', 'done', 'failed']),
    phase: z.string(),
    processed: z.number(),
    total: z.number(),
    imported: z.number().optional(),
    updated: z.number().optional(),
    merged: z.number().optional(),
    rejected: z.number().optional(),
    stored: z.boolean().optional(),
    // A send's planning job: the update, recipients routed so far, deliveries newly queued.
    updateId: z.string().optional(),
    recipients: z.number().optional(),
    queued: z.number().optional(),
    read: z.number().optional().openapi({ description: "A send's planning job: contacts read so far" }),
    // A call for cooperation's send job: the call, the experts matching, and what became of them.
    callId: z.string().optional(),
    matches: z.number().optional(),
    sent: z.number().optional(),
    alreadySent: z.number().optional(),
    suppressed: z.number().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .openapi('Job');

/**
 * Contact imports of any size, as a job, in three steps like attachments: ask (the API records a
 * pending job and answers where to PUT the file), PUT the file, start (202 with the job's Location).
 * Then follow the job, and read its per-row report.
 */
export const contactImports = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/contacts/imports',
      summary: 'Ask to import a contacts CSV of up to 50,000 rows (15 MiB); answers where to PUT it',
      request: jsonBody(z.object({ filename: attachmentFilenameSchema, bytes: z.number({ error: 'field.sizeBytes' }).int('field.wholeBytes').min(1, 'field.fileNotEmpty') })),
      responses: {
        201: json(z.object({ id: z.string(), upload: z.object({ method: z.literal('PUT'), url: z.string(), headers: z.record(z.string(), z.string()) }), start: z.string() }), 'PUT the file to upload.url with upload.headers, then POST to start'),
        ...errors(400),
        ...error(413, 'Larger than 15 MiB'),
        ...admin,
      },
    }),
    async (c) => c.json(await requestImport(c.var.deps, requireSecretariat(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/admin/contacts/imports/{id}/content',
      summary: 'The file of a requested import, where the storage takes it through the hub (local disk)',
      request: { params: jobIdParam, body: { content: { 'text/csv': { schema: z.string() } }, required: true } },
      responses: { ...errors(400), 204: { description: 'Received; now start' }, ...errors(404), ...error(409, 'Started already, or already uploaded'), ...error(413, 'Larger than declared'), ...error(422, 'Not the declared size'), ...admin },
    }),
    async (c) => {
      const session = requireSecretariat(c);
      await receiveImport(c.var.deps, session, c.req.valid('param').id, c.req.raw.body ?? new ReadableStream({ start: (controller) => controller.close() }));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/contacts/imports/{id}/start',
      summary: 'Start importing the uploaded file; answers 202 at once, with the job to follow in Location',
      request: {
        params: jobIdParam,
        ...jsonBody(
          z.object({
            acceptValid: z.boolean().default(false).openapi({ description: 'import the valid rows even if some are rejected' }),
            map: z.record(z.string().max(200), z.enum(importColumns, { error: 'field.importColumn' })).optional().openapi({ description: 'the file’s header → our column, e.g. {"E-mail":"email"}' }),
          }),
        ),
      },
      responses: { 202: json(z.object({ id: z.string(), state: z.literal('running'), location: z.string() }), 'Running; follow Location'), ...errors(400, 404), ...error(409, 'Not uploaded yet, or started already'), ...error(422, 'Not the declared size'), ...admin },
    }),
    async (c) => {
      const session = requireSecretariat(c);
      const { acceptValid, map } = c.req.valid('json');
      const started = await startImport(c.var.deps, session, c.req.valid('param').id, { acceptValid, ...(map ? { mapping: map } : {}) });
      c.header('Location', started.location);
      return c.json(started, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/jobs/{id}',
      summary: 'A job: its state, progress and counts',
      request: { params: jobIdParam },
      responses: { ...errors(400), 200: json(jobSchema, 'The job'), ...errors(404), ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      c.header('Cache-Control', 'no-store');
      return c.json(await jobStatus(c.var.deps, c.req.valid('param').id, wordsOf(c)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/jobs/{id}/report.csv',
      summary: "A contact import's per-row report: row, field, reason",
      request: {
        params: jobIdParam,
        query: z.object({ language: z.enum(hubLanguages).optional().openapi({ description: "The language of the reasons, the console page's (a link carries no header of the page's); the best Accept-Language asks for otherwise" }) }),
      },
      responses: { ...errors(400), 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errors(404), ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      const csv = await importReport(c.var.deps, c.req.valid('param').id, c.req.valid('query').language ?? languageOf(c));
      return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="import-${c.req.valid('param').id}-report.csv"`, 'cache-control': 'no-store' });
    },
  );
