import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { notificationSettingSchema } from '../../core/forums/notifications.ts';
import type { Env } from '../env.ts';
import { applySettingsLink, inspectSettingsLink } from '../services/notifications.ts';
import { errors, json, jsonBody } from './schemas.ts';

const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'field.emailToken');
const linkSchema = z.object({ email: z.string(), groupId: z.string(), groupName: z.string(), setting: notificationSettingSchema }).openapi('SettingsLink');

/**
 * The one-click settings links in forum emails. The email's link opens a site page; only that
 * page's button changes the setting (by POST), so a mail scanner opening links changes nothing.
 * The token is the credential; no session is needed.
 */
export const notificationLinks = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/notification-links/inspect',
      summary: 'What a settings link is about (changes nothing)',
      request: jsonBody(z.object({ token: tokenSchema })),
      responses: { 200: json(linkSchema, 'The member, group and current setting'), ...errors(400, 404) },
    }),
    async (c) => c.json(await inspectSettingsLink(c.var.deps, c.req.valid('json').token), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/notification-links/apply',
      summary: 'Change the setting named by a settings link',
      request: jsonBody(z.object({ token: tokenSchema, setting: notificationSettingSchema })),
      responses: { 200: json(linkSchema, 'The new setting'), ...errors(400, 404) },
    }),
    async (c) => {
      const { token, setting } = c.req.valid('json');
      return c.json(await applySettingsLink(c.var.deps, token, setting), 200);
    },
  );
