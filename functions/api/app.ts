import { Hono } from 'hono';
import type { Deps } from './deps.ts';
import type { Env } from './env.ts';
import type { RouterName } from './routers.ts';
import { answers } from './middleware/answers.ts';
import { bodyLimits, type BodyCap } from './middleware/body-limit.ts';
import { MAX_IMPORT_BYTES } from '../core/contacts/import-limits.ts';
import { MAX_ATTACHMENT_BYTES } from '../core/forums/attachment-limits.ts';
import { originCheck } from './middleware/origin-check.ts';
import { originVerify } from './middleware/origin-verify.ts';
import { once } from '../adapters/on-first-use.ts';

/**
 * Which routers serve a path, by its first segment after `/api` (under `/api/admin`, its first two).
 * `tests/integration/api/openapi.test.ts` asks for every path of the OpenAPI document, so a path whose
 * prefix names the wrong routers fails there with "No route".
 */
export const routersByPrefix: Record<string, readonly RouterName[]> = {
  health: ['health'],
  auth: ['auth'],
  me: ['auth'],
  subscribe: ['subscribe'],
  preferences: ['subscribe'],
  relayed: ['subscribe'],
  unsubscribe: ['unsubscribe'],
  'admin/contacts': ['contacts', 'contactImports'],
  'admin/jobs': ['contactImports'],
  'admin/networks': ['networks'],
  feeds: ['networkFeeds'],
  'admin/updates': ['updates'],
  archive: ['archive'],
  groups: ['groups', 'attachments', 'experts'],
  search: ['groups'],
  threads: ['threads', 'agreements'],
  agreements: ['agreements'],
  attachments: ['attachments'],
  'notification-links': ['notificationLinks'],
  'admin/members': ['adminMembers'],
  'admin/groups': ['adminMembers', 'adminGroups'],
  'admin/audit': ['adminGroups'],
  events: ['events', 'reports'],
  'admin/events': ['adminEvents'],
  'admin/brief': ['reports'],
  'admin/brief.md': ['reports'],
  'admin/reports': ['reports'],
  'admin/outside-request': ['outside'],
  connections: ['outside'],
  'connections.csv': ['outside'],
  'outside-reports': ['outside'],
  'admin/outreach': ['outreach'],
  'admin/attention': ['attention'],
  'admin/visibility': ['visibility'],
  'admin/visibility.csv': ['visibility'],
  'calendar-feed': ['calendar'],
  calendar: ['calendar'],
  calls: ['experts'],
  experts: ['experts'],
  'admin/people': ['privacy'],
  'admin/privacy': ['privacy'],
  privacy: ['privacy'],
};

/** The prefix of `routersByPrefix` a path of the API (`/api/…`) falls under. */
export function prefixOf(path: string) {
  const [first = '', second = ''] = path.replace(/^\/api\//, '').split('/');
  return first === 'admin' ? `admin/${second}` : first;
}

/**
 * The API: the body limits and the edge and origin checks for every request, then the routers of the
 * path's prefix, loaded and mounted at its first request and kept for the next ones.
 *
 * What a Lambda loads before its first request is this module, Hono and the middleware here. `deps`
 * may be a making of them at the first request (the Lambda handler's: the configuration's schema,
 * the stores and the AWS clients load then), and the words of a refusal load with the first refusal.
 */
export function createApp(made: Deps | (() => Promise<Deps>)) {
  const depsOf = typeof made === 'function' ? once(made) : async () => made;
  const api = new Hono<Env>();
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
    c.set('deps', await depsOf());
    await next();
  });
  api.use(originVerify());
  // RFC 8058 one-click targets: mail providers post them; the token is the credential.
  api.use(originCheck((path) => path.startsWith('/api/unsubscribe/') || path.startsWith('/api/experts/calls-off/')));

  // The OpenAPI document of every router, made at its first request, in a chunk of its own.
  const document = once(async () => {
    const [{ apiDocument }, { everyRouter }] = await Promise.all([import('./openapi.ts'), import('./routers.ts')]);
    return apiDocument((await everyRouter(await depsOf())).api);
  });
  api.get('/openapi.json', async (c) => c.json(await document()));

  const served = new Map<string, () => Promise<Hono<Env>>>();
  api.all('/*', async (c) => {
    const prefix = prefixOf(c.req.path);
    // Own keys only: `/api/constructor` names no routers.
    const names = Object.hasOwn(routersByPrefix, prefix) ? routersByPrefix[prefix] : undefined;
    if (!names) return c.notFound();
    let app = served.get(prefix);
    if (!app) served.set(prefix, (app = once(async () => (await (await import('./routers.ts')).mounted(c.var.deps, names)).app)));
    // The request as the limits left it, and the bindings (the caller's address), pass on whole.
    return (await app()).fetch(c.req.raw, c.env);
  });

  // The root's answers for an unknown route and for an error, as every mounted router gives them.
  const app = new Hono<Env>().route('/api', api);
  app.notFound(async (c) => (await answers()).notFound(c));
  app.onError(async (error, c) => (await answers()).onError(error, c));
  return app;
}

export type App = ReturnType<typeof createApp>;
