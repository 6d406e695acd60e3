import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import emulatorModule from 'aws-ses-v2-local';
import type { RunningEngine } from './dynamodb.ts';
import { simulatorEvents, simulatorMailbox, snsNotification } from './ses-simulator.ts';

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

/** What the emulator's GetAccount answers: sending enabled, the local max send rate. */
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
  SendQuota: { Max24HourSend: 1_000_000, MaxSendRate: 200, SentLast24Hours: 0 },
  SuppressionAttributes: { SuppressedReasons: [] },
};

/** What a subscriber to the local SES events topic receives: the body of an SNS HTTP notification. */
export type SesEventsListener = (notification: ReturnType<typeof snsNotification>) => void;

export interface RunningSes extends RunningEngine {
  /** The web inbox and the test routes (`/store`, `/raw`, `POST /clear-store`). */
  inboxUrl: string;
  /**
   * Subscribes to the events the mailbox simulator's addresses produce, like an SNS subscription to
   * the configuration set's events topic; answers the unsubscribe.
   */
  subscribe(listener: SesEventsListener): () => void;
}

/**
 * The SES emulator (aws-ses-v2-local) behind a small recording proxy. The emulator keeps only
 * from, to, subject and bodies of a raw message; the proxy keeps the whole MIME text, so
 * `List-Unsubscribe` and the other headers can be checked (`GET /raw`, and `.eml` files under
 * `rawDir`). The SDK's SES endpoint is the proxy; it passes everything else through. Mail to SES's
 * mailbox simulator comes back to subscribers as the events SES would publish (./ses-simulator.ts).
 */
export async function startSesEmulator(options: {
  emulatorPort: number;
  proxyPort: number;
  rawDir?: string;
}): Promise<RunningSes> {
  process.env.AWS_SES_ACCOUNT ??= JSON.stringify(localAccount);
  const emulator = await startEmulator({ host: '127.0.0.1', port: options.emulatorPort });
  const upstream = `http://127.0.0.1:${(emulator.address() as AddressInfo).port}`;
  const recorded: RawEmail[] = [];
  const listeners = new Set<SesEventsListener>();
  if (options.rawDir) mkdirSync(options.rawDir, { recursive: true });

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

      const response = await fetch(upstream + url, {
        method: req.method ?? 'GET',
        headers: forwardableHeaders(req.headers),
        ...(body.length > 0 && req.method !== 'GET' && req.method !== 'HEAD' ? { body: new Uint8Array(body) } : {}),
      });
      const answer = Buffer.from(await response.arrayBuffer());

      const send = sendOf(req, url, body);
      if (send && response.ok) {
        const rawMessage = send.raw;
        const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(answer.toString())?.[1] ?? '';
        const parsed = await simpleParser(rawMessage);
        const addresses = (field: typeof parsed.to) => [field ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? ''));
        const to = addresses(parsed.to).map((a) => a.toLowerCase());
        const email = { messageId, to, subject: parsed.subject ?? '', raw: rawMessage, at: new Date().toISOString() };
        recorded.push(email);
        if (options.rawDir) writeFileSync(path.join(options.rawDir, `${messageId || Date.now()}.eml`), rawMessage);
        // SES sends to the Destinations when given, otherwise to every address of To, Cc and Bcc.
        const destination = send.destinations.length > 0 ? send.destinations : [...addresses(parsed.to), ...addresses(parsed.cc), ...addresses(parsed.bcc)];
        if (listeners.size > 0 && destination.some((address) => simulatorMailbox(address))) {
          const events = simulatorEvents({
            messageId,
            source: send.source ?? addresses(parsed.from)[0] ?? '',
            destination,
            headers: parsed.headerLines.map(({ line }) => ({ name: line.slice(0, line.indexOf(':')), value: line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() })),
            ...(send.configurationSet ? { configurationSet: send.configurationSet } : {}),
            sentAt: new Date(),
          });
          for (const event of events) for (const listener of listeners) listener(snsNotification(event));
        }
      }
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        if (!['content-encoding', 'transfer-encoding', 'content-length', 'connection'].includes(key)) headers[key] = value;
      });
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
      await Promise.all([closeServer(proxy), closeServer(emulator)]);
    },
  };
}

/** A v1 SendRawEmail call: the MIME text and the parameters SES reads beside it. */
function sendOf(req: http.IncomingMessage, url: string, body: Buffer) {
  if (req.method !== 'POST' || url !== '/') return undefined;
  const form = new URLSearchParams(body.toString());
  if (form.get('Action') !== 'SendRawEmail') return undefined;
  const data = form.get('RawMessage.Data');
  if (!data) return undefined;
  const destinations = [...form.entries()].filter(([key]) => /^Destinations\.member\.\d+$/.test(key)).map(([, value]) => value);
  return {
    raw: Buffer.from(data, 'base64').toString('utf8'),
    destinations,
    source: form.get('Source') ?? undefined,
    configurationSet: form.get('ConfigurationSetName') ?? undefined,
  };
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
