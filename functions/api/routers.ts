import { OpenAPIHono } from '@hono/zod-openapi';
import type { Deps } from './deps.ts';
import type { Env } from './env.ts';
import { rootOf, validationFailed } from './errors.ts';
import { loadSession } from './middleware/session.ts';

/**
 * The routers, in the order they are mounted. Each is imported at the first request to a path it
 * serves, so the bundler puts it (its schemas, services and the libraries only it uses) in a chunk of
 * its own: a cold start that serves a sign-in loads neither the forums nor the contact import.
 */
export const routers = {
  health: async () => (await import('./routes/health.ts')).health,
  auth: async () => (await import('./routes/auth.ts')).auth,
  subscribe: async () => (await import('./routes/subscribe.ts')).subscribe,
  unsubscribe: async () => (await import('./routes/unsubscribe.ts')).unsubscribe,
  contacts: async () => (await import('./routes/contacts.ts')).contacts,
  contactImports: async () => (await import('./routes/contact-imports.ts')).contactImports,
  networks: async () => (await import('./routes/networks.ts')).networks,
  networkFeeds: async () => (await import('./routes/network-feeds.ts')).networkFeeds,
  updates: async () => (await import('./routes/updates.ts')).updates,
  archive: async () => (await import('./routes/archive.ts')).archive,
  groups: async () => (await import('./routes/groups.ts')).groups,
  threads: async () => (await import('./routes/threads.ts')).threads,
  agreements: async () => (await import('./routes/agreements.ts')).agreementRoutes,
  attachments: async () => (await import('./routes/attachments.ts')).attachments,
  notificationLinks: async () => (await import('./routes/notifications.ts')).notificationLinks,
  adminMembers: async () => (await import('./routes/admin-members.ts')).adminMembers,
  adminGroups: async () => (await import('./routes/admin-groups.ts')).adminGroups,
  events: async () => (await import('./routes/events.ts')).events,
  adminEvents: async () => (await import('./routes/admin-events.ts')).adminEvents,
  reports: async () => (await import('./routes/reports.ts')).reports,
  outside: async () => (await import('./routes/outside.ts')).outside,
  outreach: async () => (await import('./routes/outreach.ts')).outreach,
  attention: async () => (await import('./routes/attention.ts')).attention,
  visibility: async () => (await import('./routes/visibility.ts')).visibility,
  calendar: async () => (await import('./routes/calendar.ts')).calendar,
  experts: async () => (await import('./routes/experts.ts')).experts,
  privacy: async () => (await import('./routes/privacy.ts')).privacy,
};
export type RouterName = keyof typeof routers;

const defaultHook: ConstructorParameters<typeof OpenAPIHono<Env>>[0] = {
  defaultHook: (result, c) => (result.success ? undefined : validationFailed(c, result.error, 'data' in result ? result.data : undefined)),
};

/**
 * `names`' routers mounted under `/api` in their order, behind the session, with the root's answers for
 * an unknown route and for an error. Each router resolves its validation hook through the app it was
 * mounted in last, so every app that mounts one carries the same hook.
 */
export async function mounted(deps: Deps, names: readonly RouterName[]) {
  const api = new OpenAPIHono<Env>(defaultHook);
  api.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  api.use(loadSession());
  const loaded = await Promise.all(names.map((name) => routers[name]()));
  for (const router of loaded) api.route('/', router);
  return { api, app: rootOf(api) };
}

/** Every router, mounted as the API serves them: what the OpenAPI document describes. */
export const everyRouter = (deps: Deps) => mounted(deps, Object.keys(routers) as RouterName[]);
