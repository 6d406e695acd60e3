import { OpenAPIHono } from '@hono/zod-openapi';
import type { Deps } from './deps.ts';
import type { Env } from './env.ts';
import { errorBody, onError, validationFailed } from './errors.ts';
import { loadSession } from './middleware/session.ts';
import { originCheck } from './middleware/origin-check.ts';
import { auth } from './routes/auth.ts';
import { experts } from './routes/experts.ts';
import { health } from './routes/health.ts';

/** Routers are mounted here; the root owns the only onError and notFound. */
export function createApp(deps: Deps) {
  const api = new OpenAPIHono<Env>({
    defaultHook: (result, c) => (result.success ? undefined : validationFailed(c, result.error)),
  });
  api.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  // RFC 8058 one-click targets: mail providers post them; the token is the credential.
  api.use(originCheck((path) => path.startsWith('/api/unsubscribe/') || path.startsWith('/api/experts/calls-off/')));
  api.use(loadSession());
  api.route('/', health);
  api.route('/', auth);
  api.route('/', experts);
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Partnership Hub API', version: '1' },
    servers: [{ url: '/api' }],
  });

  const app = new OpenAPIHono<Env>();
  app.route('/api', api);
  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404));
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
