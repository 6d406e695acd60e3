import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import emulatorModule from 'aws-ses-v2-local';
import type { RunningEngine } from './dynamodb.ts';
import { eventBridgeEvent, simulatorEvents, simulatorMailbox } from './ses-simulator.ts';

// The emulator is CommonJS: depending on the loader its default export arrives wrapped once more.
type StartEmulator = (config?: { host?: string; port?: number }) => Promise<http.Server>;
const startEmulator: StartEmulator =
  (emulatorModule as unknown as { default?: StartEmulator }).default ?? (emulatorModule as unknown as StartEmulator);

/** One message as the recording proxy kept it: the full MIME text, headers and all. */
export interface RawEmail {
  messageId: string;
  to: string[];
  subject: string;
  raw: string;
  at: string;
}

/** The local account's limits, as SES's GetAccount states them (SES_LOCAL_MAX_SEND_RATE, SES_LOCAL_MAX_24H_SEND). */
export interface LocalAccountLimits {
  maxSendRate: number;
  /** -1: no 24-hour quota, as SES says it. */
  max24HourSend: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What the proxy's GetAccount answers, in the shape of SES v2's GetAccount response: a production
 * account, sending enabled, healthy; its SendQuota is filled in per request.
 */
const localAccount = {
  DedicatedIpAutoWarmupEnabled: false,
  Details: {
    AdditionalContactEmailAddresses: [],
    ContactLanguage: 'EN',
    MailType: 'MARKETING',
    ReviewDetails: { CaseId: 'local', Status: 'GRANTED' },
    UseCaseDescription: 'Partnership Hub on one machine',
    WebsiteURL: 'http://localhost',
  },
  EnforcementStatus: 'HEALTHY',
  ProductionAccessEnabled: true,
  SendingEnabled: true,
  SuppressionAttributes: { SuppressedReasons: [] },
};

/** What a subscriber to the local SES events receives: the EventBridge event the ses-events Lambda is invoked with. */
export type SesEventsListener = (notification: ReturnType<typeof eventBridgeEvent>) => void;

export interface RunningSes extends RunningEngine {
  /** The web inbox and the test routes (`/store`, `/raw`, `POST /clear-store`). */
  inboxUrl: string;
  /**
   * Subscribes to the events the mailbox simulator's addresses produce, like the EventBridge rule that
   * takes the configuration set's events from the default bus; answers the unsubscribe.
   */
  subscribe(listener: SesEventsListener): () => void;
}

/**
 * The SES emulator (aws-ses-v2-local) behind a small recording proxy. The emulator keeps only
 * from, to, subject and bodies of a raw message; the proxy keeps the whole MIME text, so
 * `List-Unsubscribe` and the other headers can be checked (`GET /raw`, and `.eml` files under
 * `rawDir`). The SDK's SES endpoint is the proxy; it passes everything else through. Mail to SES's
 * mailbox simulator comes back to subscribers as the events SES would publish (./ses-simulator.ts).
 *
 * The proxy also stands in for the account's limits: GetAccount (`GET /v2/email/account`, which the
 * emulator answers only with a fixed account) answers `account`'s MaxSendRate and Max24HourSend, and
 * SentLast24Hours counted, as SES counts, by recipient, from the raw messages it passed in the last
 * 24 hours of `now` (a test moves that clock to let the window roll). A raw message beyond the quota
 * is refused with SES's own error (TooManyRequestsException, "Daily message quota exceeded."). With `rawDir`, the
 * messages kept there in the last 24 hours count after a restart (one recipient each).
 */
export async function startSesEmulator(options: {
  emulatorPort: number;
  proxyPort: number;
  rawDir?: string;
  account?: Partial<LocalAccountLimits>;
  now?: () => Date;
}): Promise<RunningSes> {
  const limits: LocalAccountLimits = { maxSendRate: 200, max24HourSend: 50_000, ...options.account };
  const now = options.now ?? (() => new Date());
  const emulator = await startEmulator({ host: '127.0.0.1', port: options.emulatorPort });
  const upstream = `http://127.0.0.1:${(emulator.address() as AddressInfo).port}`;
  const recorded: RawEmail[] = [];
  // Connections to the emulator kept open between requests, as the SDK keeps its own.
  const emulatorAgent = new http.Agent({ keepAlive: true });
  const listeners = new Set<SesEventsListener>();
  if (options.rawDir) mkdirSync(options.rawDir, { recursive: true });
  // Apart from `recorded`, which POST /clear-store empties: clearing the inbox does not give SES's quota back.
  const sends: { at: number; recipients: number }[] = options.rawDir ? keptSends(options.rawDir, now().getTime() - DAY_MS) : [];
  const sentLast24Hours = () => {
    const since = now().getTime() - DAY_MS;
    while (sends.length > 0 && sends[0]!.at <= since) sends.shift();
    return sends.reduce((n, s) => n + s.recipients, 0);
  };
  const giveBack = (send: (typeof sends)[number]) => {
    const at = sends.indexOf(send);
    if (at >= 0) sends.splice(at, 1);
  };

  const proxy = http.createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const url = req.url ?? '/';
      if (req.method === 'GET' && url.split('?')[0] === '/raw') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ emails: recorded }));
        return;
      }
      if (req.method === 'POST' && url === '/clear-store') recorded.length = 0;
      if (req.method === 'GET' && url.split('?')[0] === '/v2/email/account') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...localAccount, SendQuota: { Max24HourSend: limits.max24HourSend, MaxSendRate: limits.maxSendRate, SentLast24Hours: sentLast24Hours() } }));
        return;
      }
      const send = sendOf(req, url, body);
      // The proxy reads addresses, the subject and the headers only: mailparser is given the
      // message's header block, not its parts (the emulator parses the whole message itself).
      const parsed = send ? await simpleParser(headerBlockOf(send.raw), { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true }) : undefined;
      const addresses = (field: NonNullable<typeof parsed>['to']) => [field ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? ''));
      // SES sends to the Destinations when given, otherwise to every address of To, Cc and Bcc.
      const destination = send && parsed ? (send.destinations.length > 0 ? send.destinations : [...addresses(parsed.to), ...addresses(parsed.cc), ...addresses(parsed.bcc)]) : [];
      if (send && limits.max24HourSend !== -1 && sentLast24Hours() + destination.length > limits.max24HourSend) {
        res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' });
        res.end(JSON.stringify({ message: 'Daily message quota exceeded.' }));
        return;
      }
      // Counted before it is passed on, so sends arriving together cannot overrun the quota; given back if the emulator refuses it.
      const counted = send ? { at: now().getTime(), recipients: destination.length } : undefined;
      if (counted) sends.push(counted);

      const response = await forward(emulatorAgent, upstream, req, url, body).catch((error: unknown) => {
        if (counted) giveBack(counted);
        throw error;
      });
      const answer = response.body;
      if (counted && !response.ok) giveBack(counted);

      if (send && parsed && response.ok) {
        const rawMessage = send.raw;
        const messageId = messageIdOf(answer);
        const to = addresses(parsed.to).map((a) => a.toLowerCase());
        const email = { messageId, to, subject: parsed.subject ?? '', raw: rawMessage, at: new Date().toISOString() };
        recorded.push(email);
        if (options.rawDir) writeFileSync(path.join(options.rawDir, `${messageId || Date.now()}.eml`), rawMessage);
        if (listeners.size > 0 && destination.some((address) => simulatorMailbox(address))) {
          const events = simulatorEvents({
            messageId,
            source: send.source ?? addresses(parsed.from)[0] ?? '',
            destination,
            headers: parsed.headerLines.map(({ line }) => ({ name: line.slice(0, line.indexOf(':')), value: line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() })),
            ...(send.configurationSet ? { configurationSet: send.configurationSet } : {}),
            sentAt: new Date(),
          });
          for (const event of events) for (const listener of listeners) listener(eventBridgeEvent(event));
        }
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(response.headers)) {
        if (value !== undefined && !['content-encoding', 'transfer-encoding', 'content-length', 'connection'].includes(key)) headers[key] = Array.isArray(value) ? value.join(', ') : value;
      }
      res.writeHead(response.status, headers);
      res.end(answer);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`SES emulator unreachable: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(options.proxyPort, '127.0.0.1', () => resolve());
  });
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  return {
    endpoint: proxyUrl,
    inboxUrl: proxyUrl,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      listeners.clear();
      emulatorAgent.destroy();
      await Promise.all([closeServer(proxy), closeServer(emulator)]);
    },
  };
}

/** The messages kept under `rawDir` since `since` (by their files' times), oldest first, one recipient each. */
function keptSends(rawDir: string, since: number) {
  return readdirSync(rawDir)
    .filter((name) => name.endsWith('.eml'))
    .map((name) => statSync(path.join(rawDir, name)).mtimeMs)
    .filter((at) => at > since)
    .sort((a, b) => a - b)
    .map((at) => ({ at, recipients: 1 }));
}

/** An SES v2 SendEmail call with raw content: the MIME text and the parameters SES reads beside it. */
/** A message's headers alone, up to and with the blank line that ends them. */
function headerBlockOf(raw: string): string {
  const end = /\r?\n\r?\n/.exec(raw);
  return end ? raw.slice(0, end.index + end[0].length) : raw;
}

function sendOf(req: http.IncomingMessage, url: string, body: Buffer) {
  if (req.method !== 'POST' || url.split('?')[0] !== '/v2/email/outbound-emails') return undefined;
  let call: SendEmailCall;
  try {
    call = JSON.parse(body.toString()) as SendEmailCall;
  } catch {
    return undefined;
  }
  const data = call.Content?.Raw?.Data;
  if (typeof data !== 'string' || data.length === 0) return undefined;
  const { ToAddresses = [], CcAddresses = [], BccAddresses = [] } = call.Destination ?? {};
  return {
    raw: Buffer.from(data, 'base64').toString('utf8'),
    destinations: [...ToAddresses, ...CcAddresses, ...BccAddresses],
    source: call.FromEmailAddress,
    configurationSet: call.ConfigurationSetName,
  };
}
type SendEmailCall = {
  Content?: { Raw?: { Data?: unknown } };
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  FromEmailAddress?: string;
  ConfigurationSetName?: string;
};

/** The message id of SendEmail's answer (`{"MessageId": …}`), or '' when it has none. */
function messageIdOf(answer: Buffer): string {
  try {
    const id = (JSON.parse(answer.toString()) as { MessageId?: unknown }).MessageId;
    return typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}

/**
 * Passes a request on to the emulator with Node's own HTTP client (lighter per request than fetch,
 * which matters at hundreds of sends a second on the hub's one thread).
 */
function forward(agent: http.Agent, upstream: string, req: http.IncomingMessage, url: string, body: Buffer) {
  return new Promise<{ status: number; ok: boolean; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const withBody = body.length > 0 && req.method !== 'GET' && req.method !== 'HEAD';
    const outgoing = http.request(upstream + url, { method: req.method ?? 'GET', agent, headers: { ...forwardableHeaders(req.headers), ...(withBody ? { 'content-length': String(body.length) } : {}) } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const status = answer.statusCode ?? 502;
        resolve({ status, ok: status >= 200 && status < 300, headers: answer.headers, body: Buffer.concat(chunks) });
      });
      answer.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(withBody ? body : undefined);
  });
}

function forwardableHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined || ['host', 'content-length', 'connection', 'expect'].includes(key)) continue;
    out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}
