import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { uploadRequestSchema } from '../../core/forums/attachments.ts';
import type { Env } from '../env.ts';
import { currentSession } from '../middleware/session.ts';
import * as forums from '../services/forums.ts';
import { error, errors, json, jsonBody } from './schemas.ts';
import { groupParam, idSchema } from './forum-schemas.ts';

const attachmentSchema = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), url: z.string() }).openapi('Attachment');
const uploadSchema = attachmentSchema
  .extend({
    upload: z.object({ method: z.literal('PUT'), url: z.string(), headers: z.record(z.string(), z.string()) }),
    confirm: z.string(),
  })
  .openapi('Upload');
const idParam = z.object({ id: idSchema.openapi({ param: { name: 'id', in: 'path' } }) });
const conflict = error(409, 'Not uploaded yet, or already');

/**
 * Attachments in three steps, the same with both storages: ask (the API checks type, size and
 * membership), PUT the bytes to the URL it answers (a presigned S3 URL on AWS, the hub's own
 * route locally), confirm (the API checks what arrived). Then name the id in a post.
 */
export const attachments = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/groups/{group}/attachments',
      summary: 'Ask to upload a file (at most 10 MB, allowlisted types); answers where to PUT its bytes',
      request: { params: groupParam, ...jsonBody(uploadRequestSchema) },
      responses: {
        201: json(uploadSchema, 'PUT the bytes to upload.url with upload.headers, then POST to confirm'),
        ...errors(400),
        ...errors(401),
        ...errors(403),
        ...errors(404),
        ...error(413, 'Larger than 10 MB'),
        ...error(422, 'A type outside the allowlist, or a name and type that disagree'),
      },
    }),
    async (c) => c.json(await forums.requestUpload(c.var.deps, currentSession(c), c.req.valid('param').group, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/attachments/{id}/content',
      summary: "The bytes of a requested upload, where the storage takes them through the hub (local disk); the uploader's only",
      request: { params: idParam, body: { content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } }, required: true } },
      responses: { ...errors(400),
        204: { description: 'Received; now confirm' },
        ...errors(401),
        ...errors(404),
        ...conflict,
        ...error(413, 'Larger than 10 MB'),
        ...error(422, 'Not the declared size'),
      },
    }),
    async (c) => {
      const session = currentSession(c);
      // A declared Content-Length over 10 MB was refused by the body limits of app.ts; the body is
      // streamed to storage under the same cap, so a chunked body cannot pass it either.
      await forums.receiveUpload(c.var.deps, session, c.req.valid('param').id, c.req.raw.body ?? new ReadableStream({ start: (controller) => controller.close() }));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/attachments/{id}/confirm',
      summary: 'Confirm an upload once its bytes are sent; the file can then be named in a post',
      request: { params: idParam },
      responses: { ...errors(400), 200: json(attachmentSchema, 'Stored'), ...errors(401, 404), ...conflict, ...error(422, 'Not the declared size') },
    }),
    async (c) => c.json(await forums.confirmUpload(c.var.deps, currentSession(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/attachments/{id}',
      summary: 'Download a file (members of its group only): the bytes, or a redirect to a short-lived signed URL',
      request: { params: idParam },
      responses: { ...errors(400), 200: { description: 'The file, as its type', content: { '*/*': { schema: z.string().openapi({ format: 'binary' }) } } }, 302: { description: 'Go to the signed URL (a bucket)' }, ...errors(401, 404) },
    }),
    async (c) => {
      const { record, file } = await forums.downloadAttachment(c.var.deps, currentSession(c), c.req.valid('param').id);
      c.header('Cache-Control', 'private, no-store');
      if ('redirect' in file) return c.redirect(file.redirect, 302);
      // Always a download, never rendered in the hub's origin; nosniff keeps the browser to the type.
      c.header('Content-Type', record.contentType);
      c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(record.filename)}`);
      c.header('X-Content-Type-Options', 'nosniff');
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200);
    },
  );
