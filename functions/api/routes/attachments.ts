import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { attachmentFilenameSchema, MAX_ATTACHMENT_BYTES } from '../../core/forums/attachments.ts';
import { PayloadTooLargeError } from '../../core/errors.ts';
import type { Env } from '../env.ts';
import { currentSession } from '../middleware/session.ts';
import * as forums from '../services/forums.ts';
import { errorResponses, json } from './schemas.ts';
import { groupParam, idSchema } from './forum-schemas.ts';

const uploadedSchema = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), url: z.string() }).openapi('Attachment');

export const attachments = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/groups/{group}/attachments',
      summary: 'Upload a file (the raw bytes as the body, at most 10 MB) to attach to a post',
      request: {
        params: groupParam,
        query: z.object({ filename: attachmentFilenameSchema }),
        body: { content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } }, required: true },
      },
      responses: {
        201: json(uploadedSchema, 'Stored; name its id in the post'),
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
        404: errorResponses[404],
        413: { description: 'Larger than 10 MB', content: errorResponses[400].content },
      },
    }),
    async (c) => {
      const session = currentSession(c);
      const declared = Number(c.req.header('content-length') ?? 0);
      // Refuse before reading: a 10 MB limit is no limit if the body is read first.
      if (declared > MAX_ATTACHMENT_BYTES) throw new PayloadTooLargeError('Files can be at most 10 MB.');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const uploaded = await forums.uploadAttachment(c.var.deps, session, c.req.valid('param').group, {
        filename: c.req.valid('query').filename,
        contentType: c.req.header('content-type') ?? 'application/octet-stream',
        bytes,
      });
      return c.json(uploaded, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/attachments/{id}',
      summary: 'Download a file (members of its group only)',
      request: { params: z.object({ id: idSchema.openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 200: { description: 'The file' }, 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const { record, bytes } = await forums.downloadAttachment(c.var.deps, currentSession(c), c.req.valid('param').id);
      // Always a download, never rendered in the hub's origin; nosniff keeps the browser to the type.
      c.header('Content-Type', record.contentType);
      c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(record.filename)}`);
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Cache-Control', 'private, no-store');
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200);
    },
  );
