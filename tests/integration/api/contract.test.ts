import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOf, contractOf, METHODS, type OpenApiDocument, type OperationObject } from '../../helpers/contract.ts';
import { buildWorld, callers, freshDraft, rows, send, type Request, type World } from '../../helpers/route-table.ts';

/**
 * The OpenAPI document is exact: every answer of every route, for each kind of caller and for a
 * malformed input, has a status the route declares, a content type that status declares and a body
 * matching its schema (objects closed: no undeclared field). The routes come from the document
 * itself, so a new route is called as soon as it is declared; the authorization matrix's rows add
 * answers that need real data (the success answers).
 */
const PLACEHOLDER = 'x'.repeat(32);
/** Calling these ends the caller's session: they come last. */
const ENDS_SESSIONS = new Set(['POST /auth/logout', 'POST /auth/logout-everywhere']);

interface Call {
  name: string;
  request: Request;
}

/** A path of the document with its parameters filled: reads get the world's ids, changes a placeholder (they must not change the world). */
function fill(world: World, template: string, method: string) {
  const ids: Record<string, string> = { group: world.groupId, thread: world.threadId, post: world.postId, network: world.networkId };
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => (method === 'get' ? (ids[name] ?? PLACEHOLDER) : PLACEHOLDER));
  return `/api${path}`;
}

/** The request every caller sends to an operation: no parameters beyond the path, an empty JSON object as a JSON body. */
function plainCall(world: World, template: string, method: string, operation: OperationObject): Request {
  const json = operation.requestBody?.content['application/json'] !== undefined;
  return { method: method.toUpperCase() as Request['method'], path: fill(world, template, method), ...(json ? { body: {} } : {}) };
}

/** One malformed input: a JSON body that is not even an object, a body of a type not declared, or parameters no route takes (an id with spaces, a query value of 5,000 characters). */
function malformedCall(template: string, method: string, operation: OperationObject): Request | undefined {
  const query = new URLSearchParams(Object.fromEntries((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, 'x'.repeat(5000)]))).toString();
  const path = `/api${template.replace(/\{[^}]+\}/g, encodeURIComponent('not an id!'))}${query ? `?${query}` : ''}`;
  const content = Object.keys(operation.requestBody?.content ?? {});
  const verb = method.toUpperCase() as Request['method'];
  if (content.includes('application/json')) return { method: verb, path, body: ['not', 'an', 'object'] };
  if (content.length > 0) return { method: verb, path, raw: { contentType: 'application/x-unexpected', bytes: 'malformed' } };
  if (query || template.includes('{')) return { method: verb, path };
  return undefined;
}

/** Success answers the matrix's rows do not reach, each read as the secretariat (or the member named). */
const successes: { route: string; caller: 'member' | 'secretariat'; request: (w: World) => Promise<Request> | Request }[] = [
  { route: 'GET /health', caller: 'member', request: () => ({ method: 'GET', path: '/api/health' }) },
  { route: 'GET /me', caller: 'member', request: () => ({ method: 'GET', path: '/api/me' }) },
  { route: 'GET /archive', caller: 'member', request: () => ({ method: 'GET', path: '/api/archive' }) },
  { route: 'GET /events', caller: 'member', request: () => ({ method: 'GET', path: '/api/events' }) },
  { route: 'GET /calendar-feed', caller: 'member', request: () => ({ method: 'GET', path: '/api/calendar-feed' }) },
  { route: 'GET /admin/updates', caller: 'secretariat', request: () => ({ method: 'GET', path: '/api/admin/updates' }) },
  { route: 'GET /admin/updates/{id}', caller: 'secretariat', request: async (w) => ({ method: 'GET', path: `/api/admin/updates/${await freshDraft(w)}` }) },
  {
    route: 'PUT /admin/updates/{id}',
    caller: 'secretariat',
    request: async (w) => ({
      method: 'PUT',
      path: `/api/admin/updates/${await freshDraft(w)}`,
      body: { title: 'Edited', subject: 'Edited', body: 'Body.', variants: [{ language: 'fr', translation: 'translated', body: 'Corps.' }], targets: { audiences: ['research'] }, routes: { direct: true } },
    }),
  },
  { route: 'GET /admin/updates/{id}/preview', caller: 'secretariat', request: async (w) => ({ method: 'GET', path: `/api/admin/updates/${await freshDraft(w)}/preview` }) },
  { route: 'GET /admin/updates/{id}/report', caller: 'secretariat', request: async (w) => ({ method: 'GET', path: `/api/admin/updates/${await freshDraft(w)}/report` }) },
  {
    route: 'POST /admin/updates/{id}/schedule',
    caller: 'secretariat',
    request: async (w) => ({ method: 'POST', path: `/api/admin/updates/${await freshDraft(w)}/schedule`, body: { at: new Date(Date.now() + 86_400_000).toISOString() } }),
  },
  { route: 'GET /admin/networks', caller: 'secretariat', request: () => ({ method: 'GET', path: '/api/admin/networks' }) },
  { route: 'GET /admin/events', caller: 'secretariat', request: () => ({ method: 'GET', path: '/api/admin/events' }) },
  { route: 'GET /admin/reports', caller: 'secretariat', request: () => ({ method: 'GET', path: '/api/admin/reports' }) },
  { route: 'GET /admin/privacy/requests', caller: 'secretariat', request: () => ({ method: 'GET', path: '/api/admin/privacy/requests' }) },
  { route: 'GET /admin/contacts', caller: 'secretariat', request: () => ({ method: 'GET', path: '/api/admin/contacts?audience=research' }) },
  { route: 'GET /experts', caller: 'secretariat', request: () => ({ method: 'GET', path: '/api/experts' }) },
  { route: 'GET /groups/{group}/calls', caller: 'secretariat', request: (w) => ({ method: 'GET', path: `/api/groups/${w.groupId}/calls` }) },
  { route: 'POST /admin/people/export', caller: 'secretariat', request: (w) => ({ method: 'POST', path: '/api/admin/people/export', body: { email: w.emails.member } }) },
];

describe('the API contract: every answer as the OpenAPI document declares it', () => {
  let world: World;
  let document: OpenApiDocument;
  let contract: ReturnType<typeof contractOf>;

  /** Sends a request as a caller and returns the ways its answer departs from the document. */
  async function departures(request: Request, caller: (typeof callers)[number]) {
    const response = await send(world, request, caller);
    const answer = await answerOf(request.method, request.path, response);
    const problems = contract.check(answer);
    // A 5xx is declared everywhere but is never a right answer here (the health check's 503 aside).
    if (answer.status >= 500) problems.push(`${request.method} ${request.path} → ${answer.status} as ${caller}: ${answer.text}`);
    return { status: answer.status, problems: problems.map((p) => `${p} (as ${caller})`) };
  }

  beforeAll(async () => {
    world = await buildWorld();
    document = (await (await world.hub.app.request('/api/openapi.json')).json()) as OpenApiDocument;
    contract = contractOf(document);
  });
  afterAll(() => world.hub.dispose());

  describe('the validator', () => {
    const health = (status: number, text: string, contentType = 'application/json') => contract.check({ method: 'GET', path: '/api/health', status, contentType, text });

    it('accepts an answer as declared', async () => {
      const response = await world.hub.app.request('/api/health');
      expect(contract.check(await answerOf('GET', '/api/health', response))).toEqual([]);
      expect(contract.check({ method: 'POST', path: '/api/groups/g-1/threads', status: 401, contentType: 'application/json', text: JSON.stringify({ error: { code: 'unauthenticated', message: 'Sign in.' } }) })).toEqual([]);
    });

    it('rejects a wrong body, an undeclared field, an undeclared status or content type, and the old {message} error', () => {
      expect(health(200, JSON.stringify({ status: 42 })).join()).toMatch(/body/);
      expect(health(200, JSON.stringify({ status: 'ok', checks: {}, extra: true })).join()).toMatch(/additional/);
      expect(health(418, '{}').join()).toMatch(/status not declared/);
      expect(health(200, 'ok', 'text/plain').join()).toMatch(/content type text\/plain not declared/);
      expect(contract.check({ method: 'POST', path: '/api/admin/groups', status: 409, contentType: 'application/json', text: JSON.stringify({ message: 'The id is taken' }) })).not.toEqual([]);
      expect(contract.check({ method: 'GET', path: '/api/no-such-route', status: 200, contentType: 'application/json', text: '{}' }).join()).toMatch(/no such operation/);
    });
  });

  describe('each row of the authorization matrix, for each caller', () => {
    for (const row of rows) {
      it(row.route, async () => {
        const problems: string[] = [];
        for (const caller of callers) problems.push(...(await departures(await row.request(world), caller)).problems);
        expect(problems, problems.join('\n')).toEqual([]);
      });
    }
  });

  describe('success answers the matrix does not reach', () => {
    for (const { route, caller, request } of successes) {
      it(route, async () => {
        const { status, problems } = await departures(await request(world), caller);
        expect(problems, problems.join('\n')).toEqual([]);
        expect(status).toBeLessThan(300);
      });
    }
  });

  describe('every operation of the document, for each caller, and with a malformed input', () => {
    it('is called, and answers as declared', { timeout: 300_000 }, async () => {
      const operations = Object.entries(document.paths)
        .flatMap(([template, item]) => METHODS.filter((m) => item[m]).map((method) => ({ template, method, operation: item[method]! })))
        .sort((a, b) => Number(ENDS_SESSIONS.has(`${a.method.toUpperCase()} ${a.template}`)) - Number(ENDS_SESSIONS.has(`${b.method.toUpperCase()} ${b.template}`)));
      const problems: string[] = [];
      const malformedAnswers: string[] = [];
      for (const { template, method, operation } of operations) {
        const calls: Call[] = [];
        const malformed = malformedCall(template, method, operation);
        if (malformed) calls.push({ name: 'malformed', request: malformed });
        calls.push({ name: 'plain', request: plainCall(world, template, method, operation) });
        for (const { name, request } of calls) {
          for (const caller of name === 'malformed' ? (['secretariat'] as const) : callers) {
            const { status, problems: found } = await departures(request, caller);
            problems.push(...found);
            if (name === 'malformed' && (status < 400 || status >= 500)) malformedAnswers.push(`${method.toUpperCase()} ${template} → ${status}`);
          }
        }
      }
      expect(problems, problems.join('\n')).toEqual([]);
      // A malformed input is refused (4xx), never taken nor a crash.
      expect(malformedAnswers).toEqual([]);
    });
  });
});
