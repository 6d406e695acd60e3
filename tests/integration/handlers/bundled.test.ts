import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { awsClientOptions } from '../../../functions/adapters/aws-options.ts';
import { loadConfig } from '../../../functions/adapters/config.ts';
import { ensureTable } from '../../../functions/adapters/dynamodb/table.ts';
import { suppressionKeyOf } from '../../../functions/core/contacts/suppression.ts';
import { createDeps } from '../../../functions/api/deps.ts';
import { localInboundDir } from '../../../functions/adapters/aws.ts';
import { replyAddressFor } from '../../../functions/api/services/notifications.ts';
import { bundleDir, type FunctionName } from '../../../infra/bundle.ts';
import { ensureBundles } from '../../infra/synth.ts';
import { sesEvent } from '../../helpers/ses-events.ts';

/**
 * The deployed files themselves (dist/functions/<name>/index.mjs), called with the events AWS
 * invokes them with, against DynamoDB Local and the SES emulator. Each bundle reads its
 * configuration from the environment (when imported, the API at its first request), so the
 * environment is set first.
 */
const SECRET = 'a'.repeat(48);
const env = {
  TABLE_NAME: `test-bundled-${randomUUID()}`,
  SENDER: 'hub@partnership.example.org',
  BASE_URL: 'https://hub.example.org',
  AWS_REGION: 'eu-west-1',
  ORIGIN_VERIFY: SECRET,
  SIGN_IN_ANSWER_MS: '0',
  REPLY_DOMAIN: 'reply.hub.example.org',
};
type Handler = (event: unknown, context?: unknown) => Promise<unknown>;
const handlers: Partial<Record<FunctionName, Handler>> = {};
const load = async (name: FunctionName) => (handlers[name] ??= ((await import(pathToFileURL(path.join(bundleDir, name, 'index.mjs')).href)) as { handler: Handler }).handler);

beforeAll(async () => {
  Object.assign(process.env, env, { DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'), SES_ENDPOINT: inject('sesEndpoint') });
  await ensureBundles();
  const config = loadConfig(process.env);
  await ensureTable(new DynamoDBClient(awsClientOptions(config, config.DYNAMODB_ENDPOINT)), config.TABLE_NAME);
  // Importing a bundle (a few MB of minified code) is slow on a shared machine: once each, here.
  for (const name of ['api', 'send-worker', 'job-worker', 'ses-events', 'scheduler', 'inbound-mail'] as const) await load(name);
}, 600_000);
afterAll(async () => {
  const config = loadConfig(process.env);
  await rm(localInboundDir(config.TABLE_NAME), { recursive: true, force: true });
  await new DynamoDBClient(awsClientOptions(config, config.DYNAMODB_ENDPOINT)).send(new DeleteTableCommand({ TableName: config.TABLE_NAME }));
});

/** An API Gateway HTTP API (payload 2.0) event as CloudFront's request reaches the function. */
function httpApiEvent(method: string, rawPath: string, options: { body?: string; contentType?: string; cookies?: string[]; base64?: boolean; headers?: Record<string, string> } = {}) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    ...(options.cookies ? { cookies: options.cookies } : {}),
    headers: {
      host: 'api-origin.hub.example.org',
      origin: 'https://hub.example.org',
      'x-hub-origin-verify': SECRET,
      'cloudfront-viewer-address': '203.0.113.7:50000',
      ...(options.contentType ? { 'content-type': options.contentType } : {}),
      ...options.headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'api-origin.hub.example.org',
      domainPrefix: 'api-origin',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '130.176.12.34', userAgent: 'Amazon CloudFront' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: '02/Dec/2026:10:00:00 +0000',
      timeEpoch: Date.now(),
    },
    ...(options.body !== undefined ? { body: options.base64 ? Buffer.from(options.body).toString('base64') : options.body, isBase64Encoded: options.base64 ?? false } : { isBase64Encoded: false }),
  };
}
type HttpResult = { statusCode: number; body: string; cookies?: string[]; headers?: Record<string, string> };

describe('the bundled API handler, with API Gateway HTTP API v2 events', () => {
  it('answers a sign-in request with its cookie in the cookies array, and reads the cookies array back', async () => {
    const api = await load('api');
    // Act
    const login = (await api(httpApiEvent('POST', '/api/auth/login', { body: JSON.stringify({ email: 'someone@example.org' }), contentType: 'application/json' }))) as HttpResult;
    const me = (await api(httpApiEvent('GET', '/api/me', { cookies: ['__Host-hub_session=not-a-session', 'other=1'] }))) as HttpResult;
    // Assess
    expect(login.statusCode).toBe(202);
    expect(login.cookies?.[0]).toMatch(/^__Host-hub_pending=[^;]+;.*HttpOnly.*Secure|^__Host-hub_pending=[^;]+;.*Secure.*HttpOnly/);
    expect(login.headers?.['set-cookie']).toBeUndefined();
    expect(me.statusCode).toBe(401);
  });

  it('takes an RFC 8058 one-click POST as a base64 form body and as a multipart one, and refuses an unknown token either way', async () => {
    const api = await load('api');
    const token = 'x'.repeat(40);
    const boundary = '----hub-one-click';
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    // Act: the token is unknown, so each reaches the route and gets its 404, not a parse or origin error.
    const form = (await api(httpApiEvent('POST', `/api/unsubscribe/${token}`, { body: 'List-Unsubscribe=One-Click', contentType: 'application/x-www-form-urlencoded', base64: true }))) as HttpResult;
    const parts = (await api(httpApiEvent('POST', `/api/unsubscribe/${token}`, { body: multipart, contentType: `multipart/form-data; boundary=${boundary}`, base64: true }))) as HttpResult;
    const short = (await api(httpApiEvent('POST', '/api/unsubscribe/short', { body: 'List-Unsubscribe=One-Click', contentType: 'application/x-www-form-urlencoded', base64: true }))) as HttpResult;
    // Assess
    expect([form.statusCode, parts.statusCode]).toEqual([404, 404]);
    expect(JSON.parse(form.body)).toMatchObject({ error: { code: 'not_found' } });
    expect(short.statusCode).toBe(400);
  });

  it("refuses at the edge in the caller's language: without CloudFront's secret, from another site, over the body limit, on no route", async () => {
    const api = await load('api');
    const french = { 'accept-language': 'fr' };
    const signIn = async (headers: Record<string, string>, body = JSON.stringify({ email: 'someone@example.org' })) =>
      (await api(httpApiEvent('POST', '/api/auth/login', { body, contentType: 'application/json', headers: { ...french, ...headers } }))) as HttpResult;
    // Act
    const direct = await signIn({ 'x-hub-origin-verify': 'b'.repeat(48) });
    const otherSite = await signIn({ origin: 'https://elsewhere.example.com' });
    const tooLarge = await signIn({}, JSON.stringify({ email: 'someone@example.org', padding: 'x'.repeat(70 * 1024) }));
    const noRoute = (await api(httpApiEvent('GET', '/api/nowhere', { headers: french }))) as HttpResult;
    // Assess: each in the envelope and in French, and none signed anyone in.
    const errors = [direct, otherSite, tooLarge, noRoute].map((answer) => ({ status: answer.statusCode, ...(JSON.parse(answer.body) as { error: { code: string; message: string } }).error }));
    expect(errors).toEqual([
      { status: 403, code: 'forbidden', message: 'Cette API ne répond que par l’adresse du hub lui-même.' },
      { status: 403, code: 'forbidden', message: 'Les demandes qui modifient des données doivent venir de https://hub.example.org.' },
      { status: 413, code: 'payload_too_large', message: expect.stringMatching(/^Le corps de la demande dépasse 64 KiB/) },
      { status: 404, code: 'not_found', message: 'Aucune route pour GET /api/nowhere.' },
    ]);
    expect([direct, otherSite, tooLarge].every((answer) => !answer.cookies?.length)).toBe(true);
  });

  it('answers 500 while its configuration does not parse, logs what to fix without the secret, and serves once the configuration is mended', async () => {
    // Prepare: a fresh instance of the bundle (its own module), with a malformed origin secret and no table
    const fresh = ((await import(`${pathToFileURL(path.join(bundleDir, 'api', 'index.mjs')).href}?misconfigured`)) as { handler: Handler }).handler;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const kept = { ORIGIN_VERIFY: process.env.ORIGIN_VERIFY, TABLE_NAME: process.env.TABLE_NAME };
    Object.assign(process.env, { ORIGIN_VERIFY: 'not-the-secret' });
    delete process.env.TABLE_NAME;
    try {
      // Act
      const refused = (await fresh(httpApiEvent('GET', '/api/me'))) as HttpResult;
      Object.assign(process.env, kept);
      const served = (await fresh(httpApiEvent('GET', '/api/me'))) as HttpResult;
      // Assess
      expect(refused.statusCode).toBe(500);
      expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'internal' } });
      const logged = errors.mock.calls.map(([line]) => String(line)).join('\n');
      expect(logged).toMatch(/ConfigError/);
      expect(logged).toMatch(/TABLE_NAME: missing/);
      expect(logged).toMatch(/ORIGIN_VERIFY: .*\(got 14 characters\)/);
      expect(logged).not.toContain('not-the-secret');
      expect(served.statusCode).toBe(401);
    } finally {
      Object.assign(process.env, kept);
      errors.mockRestore();
    }
  });
});

describe('the bundled queue workers, with SQS batches', () => {
  const record = (messageId: string, body: string) => ({
    messageId,
    receiptHandle: `handle-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'AROAEXAMPLE', ApproximateFirstReceiveTimestamp: String(Date.now()) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:queue',
    awsRegion: 'eu-west-1',
  });

  it('send worker: names the one malformed record in batchItemFailures', async () => {
    const worker = await load('send-worker');
    const result = await worker({ Records: [record('bad-1', 'not json')] });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad-1' }] });
  });

  it('job worker: drops an unreadable record and a chunk of a job that is not running, asking SQS for neither again', async () => {
    // A job chunk that cannot be read, or whose job has moved on, would fail the same way on every
    // receive, so the worker is done with it rather than sending it round to the dead-letter queue.
    const worker = await load('job-worker');
    const result = await worker({ Records: [record('bad-2', '{"nothing":"here"}'), record('stale-1', JSON.stringify({ job: 'job-0000000000', phase: 'validate', cursor: 0 }))] });
    expect(result).toEqual({ batchItemFailures: [] });
  });
});

describe('the bundled SES events handler, with EventBridge events', () => {
  it('suppresses the address of a permanent bounce and refuses an SNS payload', async () => {
    const events = await load('ses-events');
    const email = `bounced-${randomUUID()}@example.org`;
    const bounce = { eventType: 'Bounce', mail: { messageId: 'ses-9', destination: [email], headers: [], tags: {} }, bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: email }] } };
    // Act
    const result = await events(sesEvent(bounce));
    // Assess
    expect(result).toMatchObject({ events: 1, suppressed: 1 });
    const deps = createDeps(loadConfig(process.env));
    expect(await deps.contactBook.suppressions.has(suppressionKeyOf(email))).toBe(true);
    await expect(events({ Records: [{ Sns: { Message: JSON.stringify(bounce) } }] })).rejects.toThrow(/source/);
  });
});

describe('the bundled scheduler, with scheduled events', () => {
  it('runs a known job and refuses an unknown one or an event without a job', async () => {
    const scheduler = await load('scheduler');
    await expect(scheduler({ job: 'scheduled-updates' })).resolves.toEqual({ started: 0, resumed: 0 });
    await expect(scheduler({ job: 'mine-bitcoin' })).rejects.toThrow(/Unknown job "mine-bitcoin"/);
    await expect(scheduler({})).rejects.toThrow();
  });
});

/** SES's receipt event for a rule whose S3 action stored the message and whose Lambda action follows. */
function sesReceiptEvent(messageId: string, from: string, to: string, verdicts: { virus?: string; spf?: string; dkim?: string } = {}) {
  const verdict = (status = 'PASS') => ({ status });
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: '2026-12-02T10:00:00.000Z',
            source: from,
            messageId,
            destination: [to],
            headersTruncated: false,
            headers: [{ name: 'From', value: from }, { name: 'To', value: to }],
            commonHeaders: { returnPath: from, from: [from], to: [to], messageId: `<${messageId}@mail.example.org>`, subject: 'Re: Pilots' },
          },
          receipt: {
            timestamp: '2026-12-02T10:00:00.000Z',
            processingTimeMillis: 400,
            recipients: [to],
            spamVerdict: verdict(),
            virusVerdict: verdict(verdicts.virus),
            spfVerdict: verdict(verdicts.spf),
            dkimVerdict: verdict(verdicts.dkim),
            dmarcVerdict: verdict('GRAY'),
            action: { type: 'Lambda', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:inbound-mail', invocationType: 'Event' },
          },
        },
      },
    ],
  };
}

describe('the bundled inbound-mail handler, with SES receipt events', () => {
  it("posts the stored reply as the recipient's, once, and drops one with a virus or a forged sender", async () => {
    // Prepare: a member's thread, and the reply address a notification to them would carry.
    const deps = createDeps(loadConfig(process.env));
    const groupId = `wg-${randomUUID().slice(0, 8)}`;
    const email = `member-${randomUUID().slice(0, 8)}@example.org`;
    const at = new Date().toISOString();
    await deps.partnership.addGroup({ id: groupId, name: 'Working Group', description: '', archived: false, createdAt: at });
    await deps.partnership.addMember({ email, name: 'Maria', organisation: 'City of Athens', language: 'en', secretariat: false, createdAt: at });
    await deps.partnership.addMembership({ groupId, email, role: 'member', since: at });
    const thread = { id: `t-${randomUUID().slice(0, 8)}`, groupId, title: 'Pilots', authorEmail: email, authorName: 'Maria', createdAt: at, lastActivityAt: at, pinned: false, locked: false, postCount: 1, excerpt: 'Who joins?' };
    await deps.forums.createThread(thread, { id: thread.id, threadId: thread.id, groupId, threadTitle: 'Pilots', authorEmail: email, authorName: 'Maria', createdAt: at, body: 'Who joins?', html: '<p>Who joins?</p>', attachments: [] });
    const to = (await replyAddressFor(deps, email, thread))!;
    const dir = localInboundDir(loadConfig(process.env).TABLE_NAME);
    await mkdir(dir, { recursive: true });
    const store = async (id: string, from: string) =>
      writeFile(path.join(dir, id), [`From: ${from}`, `To: ${to}`, 'Subject: Re: Pilots', `Message-ID: <${id}@mail.example.org>`, 'Content-Type: text/plain; charset=utf-8', '', 'Athens joins.', '', '> Who joins?', ''].join('\r\n'));
    await store('ses-reply-1', email);
    await store('ses-reply-2', email);
    await store('ses-reply-3', email);
    const inbound = await load('inbound-mail');
    // Act
    const posted = await inbound(sesReceiptEvent('ses-reply-1', email, to));
    const again = await inbound(sesReceiptEvent('ses-reply-1', email, to));
    const virus = await inbound(sesReceiptEvent('ses-reply-2', email, to, { virus: 'FAIL' }));
    const forged = await inbound(sesReceiptEvent('ses-reply-3', email, to, { spf: 'FAIL', dkim: 'FAIL' }));
    const malformed = await inbound({ Records: [{ Sns: {} }] });
    // Assess
    expect(posted).toEqual({ results: [expect.objectContaining({ outcome: 'posted', threadId: thread.id })] });
    expect(again).toEqual({ results: [{ outcome: 'duplicate' }] });
    expect(virus).toEqual({ results: [] });
    expect(forged).toEqual({ results: [{ outcome: 'refused', reason: 'wrong-sender', answered: false }] });
    expect(malformed).toEqual({ results: [] });
    const page = await deps.forums.threadPage(thread.id, 10);
    expect(page.posts.map((p) => p.body).sort()).toEqual(['Athens joins.', 'Who joins?']);
  });
});
