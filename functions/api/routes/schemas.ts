import { z } from '@hono/zod-openapi';

/** Shared response shapes, named in the OpenAPI document. */
export const errorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .openapi('Error');

export const errorResponses = {
  400: { description: 'Invalid input; `details` lists each field', content: { 'application/json': { schema: errorSchema } } },
  401: { description: 'Not signed in', content: { 'application/json': { schema: errorSchema } } },
  403: { description: 'Signed in, but the role does not allow it', content: { 'application/json': { schema: errorSchema } } },
  404: { description: 'Not found (or not visible to this member)', content: { 'application/json': { schema: errorSchema } } },
} as const;

export const messageSchema = z.object({ message: z.string() }).openapi('Message');

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
