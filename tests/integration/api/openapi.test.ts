import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyRouter } from '../../../functions/api/routers.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';

interface Operation {
  responses?: Record<string, { description?: string }>;
}
interface OpenApi {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
/** The document describes the API; it does not describe itself. */
const THE_DOCUMENT = 'GET /api/openapi.json';

/** `/api/threads/:thread/posts` and `/api/threads/{thread}/posts` both become `/api/threads/{}/posts`. */
function shape(path: string): string {
  return path.replace(/:[A-Za-z0-9_]+(\{[^}]*\})?/g, '{}').replace(/\{[A-Za-z0-9_]+\}/g, '{}');
}

describe('the OpenAPI document', () => {
  let hub: TestHub;
  let document: OpenApi;
  let operations: { method: string; path: string; operation: Operation }[];
  let routerRoutes: { method: string; path: string }[];

  beforeAll(async () => {
    hub = await createTestHub();
    const response = await hub.app.request('/api/openapi.json');
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApi;
    routerRoutes = (await everyRouter(hub.deps)).app.routes;
    const base = document.servers[0]!.url;
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.has(method))
        .map(([method, operation]) => ({ method: method.toUpperCase(), path: `${base}${path}`, operation })),
    );
  });
  afterAll(() => hub.dispose());

  it('is OpenAPI 3.1 served under /api', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: '/api' }]);
    expect(operations.length).toBeGreaterThan(50);
  });

  it('describes every route the app registers, with its method', () => {
    // Prepare: the app's own table of routes and its routers' (each loaded at the first request to its
    // prefix, so not in the app's table before); ALL entries are middleware, not routes.
    const routes = [...hub.app.routes, ...routerRoutes];
    const registered = new Set(routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${shape(r.path)}`));
    const described = new Set(operations.map((o) => `${o.method} ${shape(o.path)}`));
    // Assess
    expect(registered.has(THE_DOCUMENT)).toBe(true);
    expect([...registered].filter((r) => r !== THE_DOCUMENT && !described.has(r)).sort()).toEqual([]);
    for (const route of ['GET /api/health', 'POST /api/auth/login', 'POST /api/admin/updates/{}/send', 'POST /api/unsubscribe/{}']) {
      expect(described, route).toContain(route);
    }
  });

  it('declares the answers of every operation: at least one success, each with a description', () => {
    const missing = operations.flatMap(({ method, path, operation }) => {
      const responses = Object.entries(operation.responses ?? {});
      const problems: string[] = [];
      if (!responses.some(([status]) => /^[23]\d\d$/.test(status))) problems.push(`${method} ${path}: no success answer`);
      for (const [status, response] of responses) if (!response.description) problems.push(`${method} ${path} ${status}: no description`);
      return problems;
    });
    expect(missing).toEqual([]);
  });

  it('passes the Redocly linter (recommended rules, redocly.yaml), offline', async () => {
    // Prepare: the document as served, in a file of its own.
    const folder = await mkdtemp(join(tmpdir(), 'openapi-'));
    const file = join(folder, 'openapi.json');
    await writeFile(file, JSON.stringify(document, null, 2));
    try {
      // Act: telemetry, update checks and notices off; nothing it does needs the network.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [resolve('node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--config', resolve('redocly.yaml'), '--format', 'json', '--max-problems', '1000', '--lint-config', 'error'],
        { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' } },
      ).catch((failure: { stdout?: string }) => ({ stdout: failure.stdout ?? '' }));
      // Assess: no error, no warning.
      const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string; location: { pointer: string }[] }[] };
      expect(report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it('lists only paths the app serves: no operation falls through to "no route"', async () => {
    // Act: each operation with every path parameter filled in, no body, no session.
    const unserved: string[] = [];
    for (const { method, path } of operations) {
      const url = path.replace(/\{[A-Za-z0-9_]+\}/g, 'x'.repeat(32));
      const response = await hub.app.request(url, { method });
      if (response.status !== 404) continue;
      const body = (await response.json()) as { error?: { message?: string } };
      if (body.error?.message?.startsWith('No route for')) unserved.push(`${method} ${path}`);
    }
    // Assess: the check itself tells a missing route apart.
    const stray = await hub.app.request('/api/no-such-route/xyz', { method: 'POST' });
    expect(((await stray.json()) as { error: { message: string } }).error.message).toBe('No route for POST /api/no-such-route/xyz.');
    // A prefix that is a name every object has is no prefix of the API either.
    for (const path of ['/api/constructor', '/api/__proto__/x', '/api/hasOwnProperty']) {
      const answer = await hub.app.request(path);
      expect(answer.status, path).toBe(404);
      expect(((await answer.json()) as { error: { message: string } }).error.message).toBe(`No route for GET ${path}.`);
    }
    expect(unserved).toEqual([]);
  }, 60_000);
});
