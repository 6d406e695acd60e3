import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../adapters/dynamodb/document-client.ts';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { awsClientOptions } from '../adapters/aws-options.ts';
import { loadConfig, type Config } from '../adapters/config.ts';
import { ensureTable } from '../adapters/dynamodb/table.ts';
import { createApp } from '../api/app.ts';
import { createDeps, type Deps } from '../api/deps.ts';
import { runJob } from '../jobs/index.ts';
import { localJobSchedules, type JobSchedule } from '../jobs/schedules.ts';
import { startDynamoDbLocal, type RunningEngine } from './engines/dynamodb.ts';
import { startSesEmulator, type RunningSes } from './engines/ses.ts';
import { assertPortsFree } from './ports.ts';
import { startScheduler, type RunningScheduler } from './scheduler.ts';
import type { ViewRecorder } from '../adapters/visibility/local-view-logs.ts';
import { seedDemo } from './seed.ts';

export const projectRoot = path.resolve(import.meta.dirname, '../..');
export const dataDir = path.join(projectRoot, '.data');
export const siteDist = path.join(projectRoot, 'site', 'dist');

/** The environment the local hub fills in where a person set nothing. */
export function localEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  // A malformed PORT is reported as PORT alone, not again through the URLs built from it.
  const port = /^\d+$/.test(env.PORT ?? '') ? env.PORT! : '8080';
  const dynamoPort = env.DYNAMODB_PORT ?? '8000';
  const inboxPort = env.INBOX_PORT ?? '8006';
  return {
    TABLE_NAME: 'partnership-hub',
    SENDER: 'updates@partnership.example.org',
    BASE_URL: `http://localhost:${port}`,
    AWS_REGION: 'eu-west-1',
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${dynamoPort}`,
    SES_ENDPOINT: `http://127.0.0.1:${inboxPort}`,
    SES_MAX_SEND_RATE: '200',
    REPLY_DOMAIN: 'reply.localhost',
    ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  };
}

export interface Engines {
  config: Config;
  ses: RunningSes;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local and the SES emulator, creates the table from the shared definition
 * and seeds the demo partnership. `persistent` keeps DynamoDB's data under `.data/`.
 */
export async function startEngines(options: { config: Config; persistent: boolean; seed: boolean }): Promise<Engines> {
  const { config } = options;
  await assertPortsFree({
    PORT: config.PORT,
    DYNAMODB_PORT: config.DYNAMODB_PORT,
    SES_PORT: config.SES_PORT,
    INBOX_PORT: config.INBOX_PORT,
  });
  const started: RunningEngine[] = [];
  const stop = async () => {
    await Promise.allSettled(started.reverse().map((engine) => engine.stop()));
  };
  try {
    started.push(
      await startDynamoDbLocal({
        port: config.DYNAMODB_PORT,
        ...(options.persistent ? { dataDir: path.join(dataDir, 'dynamodb') } : {}),
      }),
    );
    const ses = await startSesEmulator({
      emulatorPort: config.SES_PORT,
      proxyPort: config.INBOX_PORT,
      // What the local account allows, as GetAccount says it: by default the rate the hub keeps under.
      account: { maxSendRate: config.SES_LOCAL_MAX_SEND_RATE ?? config.SES_MAX_SEND_RATE, max24HourSend: config.SES_LOCAL_MAX_24H_SEND },
      ...(options.persistent ? { rawDir: path.join(dataDir, 'mail') } : {}),
    });
    started.push(ses);
    const client = new DynamoDBClient(awsClientOptions(config, config.DYNAMODB_ENDPOINT));
    await ensureTable(client, config.TABLE_NAME);
    if (options.seed) {
      const documents = documentClient(awsClientOptions(config, config.DYNAMODB_ENDPOINT));
      await seedDemo({ documents, name: config.TABLE_NAME });
      documents.destroy();
    }
    client.destroy();
    return { config, ses, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Site and API on one origin: `/api/*` to the Hono app, everything else from the built site. With
 * `views`, each request for the site is written to the request log as CloudFront logs it on AWS.
 */
export function createHubServer(deps: Deps, options: { siteDir: string; port: number; hostname?: string; views?: ViewRecorder }) {
  const api = createApp(deps);
  const notFoundPage = path.join(options.siteDir, '404.html');
  const hub = new Hono();
  // The node server's bindings travel on, so the API sees the socket's remote address (its client).
  hub.all('/api/*', (c) => api.fetch(c.req.raw, c.env));
  hub.all('/api', (c) => api.fetch(c.req.raw, c.env));
  const views = options.views;
  if (views) {
    hub.use('/*', async (c, next) => {
      await next();
      // A browser's speculative prefetch is not a reader (CloudFront's logs cannot tell; here we can).
      if (/prefetch/i.test(`${c.req.header('sec-purpose') ?? ''} ${c.req.header('purpose') ?? ''}`)) return;
      const at = new Date().toISOString();
      views.record({
        date: at.slice(0, 10),
        time: at.slice(11, 19),
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        status: c.res.status,
        referrer: c.req.header('referer'),
        userAgent: c.req.header('user-agent'),
        // What CloudFront would add; a local request rarely carries it, and the country is then unknown.
        country: c.req.header('cloudfront-viewer-country'),
        contentType: c.res.headers.get('content-type') ?? undefined,
      });
    });
  }
  hub.use('/*', serveStatic({ root: path.relative(process.cwd(), options.siteDir) || '.' }));
  hub.notFound((c) =>
    existsSync(notFoundPage)
      ? c.html(readFileSync(notFoundPage, 'utf8'), 404)
      : c.text('Not found. The site has not been built: run npm run build.', 404),
  );
  return new Promise<ServerType>((resolve) => {
    const server = serve({ fetch: hub.fetch, port: options.port, hostname: options.hostname ?? '127.0.0.1' }, () =>
      resolve(server),
    );
  });
}

/**
 * The scheduled jobs on the schedules the stack gives EventBridge, run in this process on the hub's
 * own clock, so a scheduled update, a reminder or a digest comes as it would on AWS.
 */
export function startJobSchedules(deps: Deps, schedules: readonly JobSchedule[] = localJobSchedules): RunningScheduler {
  return startScheduler({ schedules, run: (job) => runJob(deps, job), now: deps.now });
}

export function hubConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(localEnvironment(env));
}

export { createDeps };
