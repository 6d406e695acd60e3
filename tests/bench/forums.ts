import { serve, type ServerType } from '@hono/node-server';
import autocannon from 'autocannon';
import { hashSecret, newSecret } from '../../functions/core/auth/secrets.ts';
import { newId, type Post } from '../../functions/core/forums/forum.ts';
import { renderMarkdown } from '../../functions/core/markdown/render.ts';
import { createApp } from '../../functions/api/app.ts';
import { GetCommand, QueryCommand } from '../../functions/adapters/dynamodb/document-client.ts';
import { createDeps, hubConfig, startEngines } from '../../functions/local/hub.ts';
import { freePort } from '../../functions/local/ports.ts';

type Figure = { name: string; value: number; unit: string; target?: { value: number; better: 'lower' | 'higher' } };

const POSTS = 500;
const CONNECTIONS = 100;
const READERS = 100;
/** What the hub may add to the engine's own time for a thread read: its HTTP server, the session's checks, the JSON. */
const READ_OVER_ENGINE = 1.5;

/**
 * The forum under load on this machine: a thread of 500 posts read and answered by 100
 * concurrent connections, against DynamoDB Local. DynamoDB calls are counted by a middleware on
 * the document client, added here only.
 */
export async function benchForums(record: (figure: Figure) => void) {
  const port = await freePort();
  const config = hubConfig({
    PORT: String(port),
    DYNAMODB_PORT: String(await freePort()),
    SES_PORT: String(await freePort()),
    INBOX_PORT: String(await freePort()),
    TABLE_NAME: 'forums-bench',
  });
  const engines = await startEngines({ config, persistent: false, seed: false });
  let server: ServerType | undefined;
  try {
    const deps = createDeps(config);
    const calls = new Map<string, number>();
    deps.table.documents.observe((operation) => calls.set(operation, (calls.get(operation) ?? 0) + 1));

    // A group whose members all read the digest, so replies measure the forum, not the mailer.
    const now = new Date();
    const groupId = 'bench-group';
    await deps.partnership.addGroup({ id: groupId, name: 'Benchmark group', description: '', archived: false, createdAt: now.toISOString() });
    const cookies: string[] = [];
    for (let i = 0; i < READERS; i++) {
      const email = `reader${i}@example.org`;
      await deps.partnership.addMember({ email, name: `Reader ${i}`, organisation: '', language: 'en', secretariat: false, createdAt: now.toISOString() });
      await deps.partnership.addMembership({ groupId, email, role: 'member', since: now.toISOString() });
      const id = newSecret();
      await deps.auth.createSession({ idHash: hashSecret(id), email, name: `Reader ${i}`, secretariat: false, groups: [{ groupId, role: 'member' }], createdAt: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + 3600 });
      cookies.push(`hub_session=${id}`);
    }
    const threadId = newId(now, newSecret(8));
    const post = (i: number): Post => {
      const at = new Date(now.getTime() + i);
      return { id: i === 0 ? threadId : newId(at, newSecret(8)), threadId, groupId, threadTitle: 'Benchmark thread', authorEmail: 'reader0@example.org', authorName: 'Reader 0', createdAt: at.toISOString(), body: `Post ${i}: **agreed**`, html: renderMarkdown(`Post ${i}: **agreed**`), attachments: [] };
    };
    const thread = { id: threadId, groupId, title: 'Benchmark thread', authorEmail: 'reader0@example.org', authorName: 'Reader 0', createdAt: now.toISOString(), lastActivityAt: now.toISOString(), pinned: false, locked: false, postCount: 1, excerpt: '' };
    await deps.forums.createThread(thread, post(0));
    for (let i = 1; i < POSTS; i += 10) {
      await Promise.all(Array.from({ length: Math.min(10, POSTS - i) }, (_, k) => deps.forums.addReply(thread, post(i + k))));
    }

    const app = createApp(deps);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const url = `http://127.0.0.1:${port}`;
    let turn = 0;
    const nextCookie = () => cookies[turn++ % cookies.length]!;

    const run = async (name: string, options: autocannon.Options) => {
      calls.clear();
      const result = await autocannon({ connections: CONNECTIONS, ...options });
      const requests = result.requests.total;
      const perRequest = (command: string) => (calls.get(command) ?? 0) / Math.max(1, requests);
      record({ name: `${name}: p50 latency`, value: result.latency.p50, unit: 'ms' });
      record({ name: `${name}: p99 latency`, value: result.latency.p99, unit: 'ms', target: { value: 50, better: 'lower' } });
      record({ name: `${name}: requests per second`, value: result.requests.average, unit: 'req/s' });
      record({ name: `${name}: non-2xx answers`, value: result.non2xx, unit: 'responses' });
      for (const command of [...calls.keys()].sort()) record({ name: `${name}: ${command} per request`, value: perRequest(command), unit: 'calls' });
      return { perRequest, p99: result.latency.p99 };
    };

    // DynamoDB Local's own ceiling: the calls one thread read makes, replayed in turn by as many
    // workers as there are connections, with no HTTP server, no session and no JSON in between.
    const readCalls: { operation: string; input: unknown }[] = [];
    // The second read of a session: the first also marks the session used, which later reads do only every few minutes.
    const readOnce = async () => {
      if ((await fetch(`${url}/api/threads/${threadId}`, { headers: { cookie: cookies[0]! } })).status !== 200) throw new Error('The thread read to replay did not answer 200');
    };
    await readOnce();
    const stopRecording = deps.table.documents.observe((operation, input) => readCalls.push({ operation, input }));
    await readOnce();
    stopRecording();
    const replayed = readCalls.map(({ operation, input }) => {
      if (operation === 'GetItem') return () => deps.table.documents.send(new GetCommand(input as GetCommand['input']));
      if (operation === 'Query') return () => deps.table.documents.send(new QueryCommand(input as QueryCommand['input']));
      throw new Error(`A thread read made a ${operation}; the engine's ceiling replays reads only`);
    });
    const engine = await replayFor(10_000, CONNECTIONS, async () => {
      for (const call of replayed) await call();
    });
    record({ name: `thread read: DynamoDB Local alone, the same ${replayed.length} calls (${CONNECTIONS} in parallel): p50 latency`, value: engine.p50, unit: 'ms' });
    record({ name: `thread read: DynamoDB Local alone, the same ${replayed.length} calls (${CONNECTIONS} in parallel): p99 latency`, value: engine.p99, unit: 'ms' });
    record({ name: `thread read: DynamoDB Local alone: reads per second`, value: engine.perSecond, unit: 'req/s' });

    const { perRequest: reads, p99: readP99 } = await run(`thread read (${POSTS} posts, ${CONNECTIONS} connections)`, {
      url: `${url}/api/threads/${threadId}`,
      duration: 10,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, headers: { ...req.headers, cookie: nextCookie() } }) }],
    });
    record({ name: 'thread read: Query per request', value: reads('Query'), unit: 'calls', target: { value: 1, better: 'lower' } });
    record({ name: 'thread read: GetItem per request', value: reads('GetItem'), unit: 'calls', target: { value: 1, better: 'lower' } });
    record({ name: "thread read: p99 over DynamoDB Local's own for the same calls", value: readP99 / engine.p99, unit: '×', target: { value: READ_OVER_ENGINE, better: 'lower' } });

    // 100 members × 25 replies stays under the per-member posting limit (30 a minute).
    await run(`reply (${CONNECTIONS} connections)`, {
      url: `${url}/api/threads/${threadId}/posts`,
      amount: READERS * 25,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => ({
            ...req,
            headers: { ...req.headers, cookie: nextCookie(), origin: config.BASE_URL, 'content-type': 'application/json' },
            body: JSON.stringify({ body: 'Agreed, **19 March**.' }),
          }),
        },
      ],
    });
  } finally {
    if (server) await new Promise((resolve) => server!.close(resolve));
    await engines.stop();
  }
}

/** Runs `once` in `workers` loops for `ms`; answers the latency of each run (p50, p99) and runs per second. */
async function replayFor(ms: number, workers: number, once: () => Promise<void>) {
  const latencies: number[] = [];
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) {
        const start = performance.now();
        await once();
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))]!;
  return { p50: at(0.5), p99: at(0.99), perSecond: latencies.length / (ms / 1000) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchForums((f) => console.log(`${f.name}: ${f.value.toFixed(2)} ${f.unit}${f.target ? ` (target ${f.target.better === 'lower' ? '<' : '≥'} ${f.target.value})` : ''}`));
}
