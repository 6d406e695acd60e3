import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

/**
 * A signed HTTP call to an AWS service, as the hub's DynamoDB and SES clients make it: Signature
 * Version 4 (node:crypto), one kept-alive connection pool per client, throttling, server and network
 * errors tried again with jittered backoff as the SDK's standard retry does. Each client says how its
 * service names an error; this module knows no service.
 */

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface AwsClientOptions {
  region: string;
  /** A local engine's address; unset, the region's endpoint. */
  endpoint?: string | undefined;
  /** Unset: the environment's, as Lambda gives them (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN). */
  credentials?: Credentials | undefined;
  /** Attempts in all for a throttled or failed call (the SDK's default is 3). */
  maxAttempts?: number | undefined;
}

/** An AWS error: `name` is the service's error type (`ThrottlingException`, `MessageRejected`, …). */
export class AwsError extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(name: string, message: string, status: number) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode: status };
  }
}

/** Error types the SDK's standard retry treats as throttling or transient, and so tries again. */
const RETRIED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
]);
const RETRIED_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

export interface AwsCall {
  method: 'GET' | 'POST';
  /** The path, already URI-encoded. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * A client of one service: `call` answers the body of a 2xx answer, or throws the error `errorOf`
 * makes of any other (retried when its name or a 5xx status says so).
 */
export function awsClient(service: string, options: AwsClientOptions & { defaultHost: string; errorOf: (status: number, text: string, headers: http.IncomingHttpHeaders) => AwsError }) {
  const url = new URL(options.endpoint ?? `https://${options.defaultHost}`);
  const secure = url.protocol === 'https:';
  const agent = secure ? new https.Agent({ keepAlive: true, maxSockets: 50 }) : new http.Agent({ keepAlive: true, maxSockets: 50 });
  const maxAttempts = options.maxAttempts ?? 3;
  const signer = requestSigner(options.region, service);
  const credentials = (): Credentials =>
    options.credentials ?? {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
      sessionToken: process.env.AWS_SESSION_TOKEN,
    };

  const once = (call: AwsCall) =>
    new Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const headers = signer.sign(credentials(), new Date(), { method: call.method, path: call.path }, { ...call.headers, host: url.host }, call.body);
      const request = (secure ? https : http).request(
        { protocol: url.protocol, hostname: url.hostname, port: url.port, path: call.path, method: call.method, agent, headers: { ...headers, 'content-length': Buffer.byteLength(call.body) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(call.body);
    });

  return {
    async call(call: AwsCall): Promise<string> {
      for (let attempt = 1; ; attempt++) {
        const answer = await once(call).catch((error: unknown) => {
          if (RETRIED_NETWORK.has((error as NodeJS.ErrnoException).code ?? '') && attempt < maxAttempts) return undefined;
          throw error;
        });
        if (answer) {
          if (answer.status >= 200 && answer.status < 300) return answer.text;
          const failure = options.errorOf(answer.status, answer.text, answer.headers);
          if (!(answer.status >= 500 || RETRIED.has(failure.name)) || attempt >= maxAttempts) throw failure;
        }
        // Full jitter over an exponential ceiling, as the SDK waits between attempts.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20_000, 100 * 2 ** attempt)));
      }
    },
    /** Closes the kept-alive connections. */
    destroy: () => agent.destroy(),
  };
}

/**
 * What an AWS error answer says: its type, from the `x-amzn-errortype` header (`MessageRejected:http://…`)
 * or the body's `__type` (`com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException`) or
 * `code`, its message in either case, and the body for what a service adds (an item, reasons).
 */
export function errorAnswer(status: number, text: string, headers: http.IncomingHttpHeaders) {
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's page): the status says it.
  }
  const type = String([headers['x-amzn-errortype']].flat()[0] ?? body.__type ?? body.code ?? `Http${status}`);
  const name = type.split(':')[0]!.split('#').pop()!;
  const message = String(body.message ?? body.Message ?? (text.slice(0, 200) || `answered ${status}`));
  return { name, message, body };
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * Signature Version 4 for a request without a query string: every header given is signed, with the
 * date and the session token added. The day's signing key is kept, as it changes once a day.
 */
export function requestSigner(region: string, service: string) {
  let cached: { day: string; secret: string; key: Buffer } | undefined;
  return {
    sign(credentials: Credentials, at: Date, request: { method: string; path: string }, headers: Record<string, string>, body: string): Record<string, string> {
      const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
      const day = stamp.slice(0, 8);
      const signed: Record<string, string> = { ...headers, 'x-amz-date': stamp, ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}) };
      const lower = Object.fromEntries(Object.entries(signed).map(([name, value]) => [name.toLowerCase(), value.trim().replace(/\s+/g, ' ')]));
      const names = Object.keys(lower).sort();
      const canonical = [request.method, request.path, '', ...names.map((name) => `${name}:${lower[name]}`), '', names.join(';'), sha256(body)].join('\n');
      const scope = `${day}/${region}/${service}/aws4_request`;
      const toSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256(canonical)].join('\n');
      if (cached?.day !== day || cached.secret !== credentials.secretAccessKey) {
        const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), service), 'aws4_request');
        cached = { day, secret: credentials.secretAccessKey, key };
      }
      const signature = createHmac('sha256', cached.key).update(toSign, 'utf8').digest('hex');
      return { ...signed, authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
    },
  };
}
