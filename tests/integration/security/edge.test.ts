import { handle } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { addMember } from '../../helpers/session.ts';

/**
 * The API on AWS, reached the way API Gateway's HTTP API calls the Lambda (payload 2.0): through
 * CloudFront, which adds the origin secret and the viewer's address, or around it, which a stranger
 * could try at the API's public custom domain.
 */
const SECRET = 'origin-secret-'.padEnd(48, 'x');
let hub: TestHub;
let handler: ReturnType<typeof handle>;
beforeAll(async () => {
  hub = await createTestHub({ ORIGIN_VERIFY: SECRET, BASE_URL: 'https://hub.example.org' });
  handler = handle(hub.app);
});
afterAll(() => hub.dispose());

/** An API Gateway HTTP API (v2) event for a JSON POST, as the Lambda receives it. */
function httpApiEvent(path: string, body: unknown, headers: Record<string, string>) {
  return {
    version: '2.0',
    routeKey: `POST ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', origin: 'https://hub.example.org', host: 'api-origin.hub.example.org', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'api-origin.hub.example.org',
      domainPrefix: 'api-origin',
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '130.176.12.34', userAgent: 'Amazon CloudFront' },
      requestId: 'req-1',
      routeKey: `POST ${path}`,
      stage: '$default',
      time: '01/Dec/2026:10:00:00 +0000',
      timeEpoch: Date.now(),
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}
type Result = { statusCode: number; body: string; cookies?: string[]; headers?: Record<string, string> };
const invoke = async (event: ReturnType<typeof httpApiEvent>) => (await handler(event as never, {} as never)) as Result;

describe('reaching the API around CloudFront', () => {
  it('refuses a request without the origin secret, before anything runs: no mail, nothing stored', async () => {
    // Prepare
    const email = await addMember(hub);
    // Act
    const direct = await invoke(httpApiEvent('/api/auth/login', { email }, { 'cloudfront-viewer-address': '203.0.113.9:4431' }));
    const forged = await invoke(httpApiEvent('/api/auth/login', { email }, { 'x-hub-origin-verify': 'guess'.padEnd(48, 'x') }));
    // Assess
    expect(direct.statusCode).toBe(403);
    expect(forged.statusCode).toBe(403);
    expect(JSON.parse(direct.body)).toMatchObject({ error: { code: 'forbidden' } });
    expect(direct.cookies ?? []).toEqual([]);
    expect(await hub.inbox.to(email)).toHaveLength(0);
  });

  it('answers through CloudFront, sets the __Host- cookie in the cookies array and counts the viewer, not the edge', async () => {
    // Prepare: 31 viewers behind one CloudFront edge address, each with its own forwarded header
    const throughCloudFront = (viewer: string) =>
      invoke(httpApiEvent('/api/auth/login', { email: uniqueEmail('someone') }, { 'x-hub-origin-verify': SECRET, 'cloudfront-viewer-address': `${viewer}:50000`, 'x-forwarded-for': '198.51.100.1' }));
    // Act
    const answers = [];
    for (let i = 0; i < 31; i++) answers.push(await throughCloudFront(`203.0.113.${i + 1}`));
    const oneViewer = [];
    for (let i = 0; i < 31; i++) oneViewer.push((await throughCloudFront('192.0.2.77')).statusCode);
    // Assess
    expect(answers.every((a) => a.statusCode === 202)).toBe(true);
    expect(answers[0]!.cookies?.[0]).toMatch(/^__Host-hub_pending=[^;]+;.*Secure/);
    expect(oneViewer.slice(0, 30).every((s) => s === 202)).toBe(true);
    expect(oneViewer[30]).toBe(429);
  });
});
