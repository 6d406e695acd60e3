import { OpenAPIHono } from '@hono/zod-openapi';
import type { Deps } from './deps.ts';
import type { Env } from './env.ts';
import { onError, refusalBody, validationFailed } from './errors.ts';
import { loadSession } from './middleware/session.ts';
import { bodyLimits, type BodyCap } from './middleware/body-limit.ts';
import { MAX_IMPORT_BYTES } from '../core/contacts/import.ts';
import { MAX_ATTACHMENT_BYTES } from '../core/forums/attachments.ts';
import { originCheck } from './middleware/origin-check.ts';
import { originVerify } from './middleware/origin-verify.ts';
import { apiDocument } from './openapi.ts';
import { adminEvents } from './routes/admin-events.ts';
import { archive } from './routes/archive.ts';
import { contacts } from './routes/contacts.ts';
import { networks } from './routes/networks.ts';
import { networkFeeds } from './routes/network-feeds.ts';
import { subscribe } from './routes/subscribe.ts';
import { unsubscribe } from './routes/unsubscribe.ts';
import { updates } from './routes/updates.ts';
import { auth } from './routes/auth.ts';
import { calendar } from './routes/calendar.ts';
import { events } from './routes/events.ts';
import { experts } from './routes/experts.ts';
import { privacy } from './routes/privacy.ts';
import { health } from './routes/health.ts';
import { groups } from './routes/groups.ts';
import { threads } from './routes/threads.ts';
import { attachments } from './routes/attachments.ts';
import { contactImports } from './routes/contact-imports.ts';
import { notificationLinks } from './routes/notifications.ts';
import { adminMembers } from './routes/admin-members.ts';
import { adminGroups } from './routes/admin-groups.ts';
import { attention } from './routes/attention.ts';
import { outreach } from './routes/outreach.ts';
import { visibility } from './routes/visibility.ts';
import { reports } from './routes/reports.ts';
import { outside } from './routes/outside.ts';
import { agreementRoutes } from './routes/agreements.ts';

/** Routers are mounted here; the root owns the only onError and notFound. */
export function createApp(deps: Deps) {
  const api = new OpenAPIHono<Env>({
    defaultHook: (result, c) => (result.success ? undefined : validationFailed(c, result.error, 'data' in result ? result.data : undefined)),
  });
  // First of all, before any route or middleware reads a body.
  api.use(
    bodyLimits([
      { method: 'POST', path: /^\/api\/admin\/contacts\/import$/, maxBytes: MAX_IMPORT_BYTES, what: 'what.contactImport' },
      { method: 'PUT', path: /^\/api\/attachments\/[^/]+\/content$/, maxBytes: MAX_ATTACHMENT_BYTES, what: 'what.attachment', streamed: true },
      { method: 'PUT', path: /^\/api\/admin\/contacts\/imports\/[^/]+\/content$/, maxBytes: MAX_IMPORT_BYTES, what: 'what.contactFile', streamed: true },
      // A base and up to 40 variants of 50,000 characters each; Lambda refuses more than 6 MB anyway.
      { method: 'POST', path: /^\/api\/admin\/updates$/, maxBytes: 6 * 1024 * 1024, what: 'what.update' },
      { method: 'PUT', path: /^\/api\/admin\/updates\/[^/]+$/, maxBytes: 6 * 1024 * 1024, what: 'what.update' },
      // 20,000 characters of Greek or Arabic take two bytes each, of Chinese three: more than the default.
      ...(['POST', 'PUT'] as const).flatMap((method): BodyCap[] => [
        { method, path: /^\/api\/groups\/[^/]+\/threads$/, maxBytes: 128 * 1024, what: 'what.post' },
        { method, path: /^\/api\/threads\/[^/]+\/posts(\/[^/]+)?$/, maxBytes: 128 * 1024, what: 'what.post' },
      ]),
    ]),
  );
  api.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  api.use(originVerify());
  // RFC 8058 one-click targets: mail providers post them; the token is the credential.
  api.use(originCheck((path) => path.startsWith('/api/unsubscribe/') || path.startsWith('/api/experts/calls-off/')));
  api.use(loadSession());
  api.route('/', health);
  api.route('/', auth);
  api.route('/', subscribe);
  api.route('/', unsubscribe);
  api.route('/', contacts);
  api.route('/', contactImports);
  api.route('/', networks);
  api.route('/', networkFeeds);
  api.route('/', updates);
  api.route('/', archive);
  api.route('/', groups);
  api.route('/', threads);
  api.route('/', agreementRoutes);
  api.route('/', attachments);
  api.route('/', notificationLinks);
  api.route('/', adminMembers);
  api.route('/', adminGroups);
  api.route('/', events);
  api.route('/', adminEvents);
  api.route('/', reports);
  api.route('/', outside);
  api.route('/', outreach);
  api.route('/', attention);
  api.route('/', visibility);
  api.route('/', calendar);
  api.route('/', experts);
  api.route('/', privacy);
  api.get('/openapi.json', (c) => c.json(apiDocument(api)));

  const app = new OpenAPIHono<Env>();
  app.route('/api', api);
  app.notFound((c) => c.json(refusalBody(c, 'not_found', 'request.noRoute', { method: c.req.method, path: c.req.path }), 404));
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
