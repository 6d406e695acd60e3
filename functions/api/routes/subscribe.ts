import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { preferencesSchema, subscribeSchema } from '../../core/subscriptions/subscription.ts';
import type { Env } from '../env.ts';
import { confirmRelayed, confirmSubscription, preferencesOf, requestSubscription, savePreferences } from '../services/subscriptions.ts';
import { clientAddress } from '../middleware/client-address.ts';
import { error, errors, json, jsonBody, messageSchema } from './schemas.ts';

const tokenSchema = z.string().min(20).max(200);
const preferencesAnswer = z
  .object({ email: z.string(), subscribed: z.boolean(), audience: z.string().nullable(), language: z.string(), country: z.string().nullable(), topics: z.array(z.string()) })
  .openapi('Preferences');

/** Public subscription (double opt-in), preferences by mail token, and relay confirmations. */
export const subscribe = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/subscribe',
      summary: 'Ask to receive the updates; a confirmation email follows (double opt-in)',
      request: jsonBody(subscribeSchema),
      responses: { 202: json(messageSchema, 'Accepted; the same answer for every address'), ...errors(400), ...error(429, 'Too many requests') },
    }),
    async (c) => {
      await requestSubscription(c.var.deps, c.req.valid('json'), clientAddress(c));
      return c.json({ message: 'Almost done: we sent you an email. Open the link in it to confirm your subscription.' }, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/subscribe/confirm',
      summary: 'Confirm a subscription (the button of the confirmation page)',
      request: jsonBody(z.object({ token: tokenSchema })),
      responses: { 200: json(messageSchema, 'Subscribed'), ...errors(400, 404) },
    }),
    async (c) => {
      await confirmSubscription(c.var.deps, c.req.valid('json').token);
      return c.json({ message: 'Your subscription is confirmed. Welcome!' }, 200);
    },
  )
  // The token travels in the body, never in the path: paths reach the API's and CloudFront's access logs.
  .openapi(
    createRoute({
      method: 'post',
      path: '/preferences/inspect',
      summary: 'What a subscriber receives (token from the link in every email); changes nothing',
      request: jsonBody(z.object({ token: tokenSchema })),
      responses: { 200: json(preferencesAnswer, 'The preferences'), ...errors(400, 404) },
    }),
    async (c) => c.json(await preferencesOf(c.var.deps, c.req.valid('json').token), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/preferences',
      summary: 'Change audience, language, country and topics (token from the link in every email)',
      request: jsonBody(preferencesSchema.extend({ token: tokenSchema })),
      responses: { 200: json(preferencesAnswer, 'Saved'), ...errors(400, 404) },
    }),
    async (c) => {
      const { token, ...preferences } = c.req.valid('json');
      return c.json(await savePreferences(c.var.deps, token, preferences), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/relayed',
      summary: 'A relay contact confirms they forwarded an update to their network',
      request: jsonBody(z.object({ token: z.string().min(40).max(200) })),
      responses: { 200: json(z.object({ confirmed: z.boolean(), already: z.boolean() }), 'Recorded'), ...errors(400, 404) },
    }),
    async (c) => c.json(await confirmRelayed(c.var.deps, c.req.valid('json').token), 200),
  );
