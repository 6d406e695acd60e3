import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { Contact } from '../../functions/core/contacts/contact.ts';
import { suppressionKeyOf } from '../../functions/core/contacts/suppression.ts';
import { recipientKeyOf, type Delivery } from '../../functions/core/deliveries/delivery.ts';
import type { Network } from '../../functions/core/networks/network.ts';
import { audiences, languages, type Audience } from '../../functions/core/partnership/vocabulary.ts';
import { routeUpdate } from '../../functions/core/routing/route.ts';
import { renderUpdateEmail } from '../../functions/core/updates/render.ts';
import type { Update } from '../../functions/core/updates/update.ts';
import type { RawEmail } from '../../functions/local/engines/ses.ts';
import { sendUpdate } from '../../functions/api/services/sending.ts';
import { createDeps, hubConfig, startEngines } from '../../functions/local/hub.ts';
import { freePort } from '../../functions/local/ports.ts';

type Figure = { name: string; value: number; unit: string; target?: { value: number; better: 'lower' | 'higher' } };

const ROUTED_CONTACTS = 100_000;
const SENT_RECIPIENTS = 2_000;
const MAX_SEND_RATE = 200;
const COUNTRIES = ['NL', 'GR', 'ES', 'DE', 'FI', 'DK', 'IT', 'PT', 'FR', 'BE'];
const MiB = 1024 * 1024;

/** A deterministic spread of contacts over audiences, countries, languages and networks. */
function generatedContacts(count: number, domain: string, networks: readonly Network[]): Contact[] {
  const at = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => ({
    email: `c${i}@${domain}`,
    name: `Contact ${i}`,
    organisation: '',
    audience: audiences[i % audiences.length]!,
    country: COUNTRIES[i % COUNTRIES.length]!,
    language: languages[(i * 7) % languages.length]!,
    topics: ['housing'],
    source: 'bench',
    consent: { source: 'bench', at, wordingVersion: 'bench' },
    status: i % 50 === 0 ? 'unsubscribed' : i % 23 === 0 ? 'pending' : 'subscribed',
    networks: i % 5 === 0 ? [networks[i % networks.length]!.id] : [],
    createdAt: at,
    updatedAt: at,
  }));
}

function benchNetworks(domain: string): Network[] {
  return (['local-authority', 'ngo', 'national-authority'] as Audience[]).map((audience, n) => ({
    id: `net-${n}`,
    name: `Network ${n}`,
    audiences: [audience],
    countries: [],
    languages: ['en'],
    relayContacts: [{ name: `Relay ${n}`, email: `relay${n}@${domain}` }],
    intro: '',
  }));
}

function benchUpdate(id: string, networks: readonly Network[], direct = true): Update {
  const now = new Date().toISOString();
  return {
    id,
    title: 'Housing first: results from ten cities',
    subject: 'Housing first: what we learnt',
    intro: 'What the Partnership learnt this quarter.',
    body: '## Results\n\nTen cities tried **housing first**. Read [the one-pager](https://partnership.example.org/actions/housing/).\n\n- fewer evictions\n- faster integration\n',
    variants: [
      { audience: 'ngo', subject: 'For NGOs: housing first', body: 'What NGOs can do: **refer early**.' },
      { audience: 'local-authority', subject: 'For cities: housing first', body: 'What cities can do: **plan stock**.' },
      { audience: 'local-authority', language: 'fr', subject: 'Pour les villes : le logement d’abord', body: 'Ce que les villes peuvent faire.' },
    ],
    targets: { audiences: [...audiences], topics: [], countries: [] },
    routes: { direct, networks: networks.map((n) => n.id) },
    status: 'draft',
    createdBy: 'bench@example.org',
    createdAt: now,
    updatedAt: now,
  };
}

/** Peak memory, sampled by the code under measurement (routing blocks the event loop, a timer would miss it). */
function memoryPeak() {
  const peak = { rss: 0, heapUsed: 0 };
  return {
    peak,
    sample() {
      const { rss, heapUsed } = process.memoryUsage();
      peak.rss = Math.max(peak.rss, rss);
      peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
    },
  };
}

/** Routing and rendering for 100,000 contacts, in memory: the pure core of a send. */
function benchRouting(record: (figure: Figure) => void) {
  const domain = 'bench.example.org';
  const networks = benchNetworks(domain);
  const contacts = generatedContacts(ROUTED_CONTACTS, domain, networks);
  const suppressions = new Set(contacts.filter((_, i) => i % 97 === 0).map((c) => suppressionKeyOf(c.email)));
  const update = benchUpdate('u-bench', networks);
  const memory = memoryPeak();
  memory.sample();

  const routingStart = performance.now();
  const routing = routeUpdate({ update, contacts, networks, suppressions });
  const routingMs = performance.now() - routingStart;
  memory.sample();

  const renderStart = performance.now();
  let bytes = 0;
  routing.deliveries.forEach((planned, i) => {
    const delivery: Delivery = { ...planned, recipientKey: recipientKeyOf(planned.email), status: 'queued', attempts: 0, queuedAt: '', expiresAt: 0, mailToken: 'x'.repeat(32) };
    const email = renderUpdateEmail(update, delivery, 'https://partnership.example.org');
    bytes += email.html.length + email.text.length;
    if (i % 1_000 === 0) memory.sample();
  });
  const renderMs = performance.now() - renderStart;
  memory.sample();

  record({ name: `mail: routing ${ROUTED_CONTACTS.toLocaleString('en-GB')} contacts (${routing.deliveries.length.toLocaleString('en-GB')} deliveries)`, value: routingMs, unit: 'ms' });
  record({ name: `mail: rendering ${routing.deliveries.length.toLocaleString('en-GB')} emails (HTML + text, ${Math.round(bytes / MiB)} MiB)`, value: renderMs, unit: 'ms' });
  record({ name: 'mail: routing + rendering, per 1,000 contacts', value: ((routingMs + renderMs) / ROUTED_CONTACTS) * 1000, unit: 'ms' });
  record({ name: 'mail: routing + rendering, peak RSS', value: memory.peak.rss / MiB, unit: 'MiB' });
  record({ name: 'mail: routing + rendering, peak heap used', value: memory.peak.heapUsed / MiB, unit: 'MiB' });
}

// The document client's commands reach the middleware under the low-level client's names.
const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

/** Writes a command makes: one per item, so a batch of 25 counts 25. */
function writesOf(commandName: string, input: Record<string, unknown>): number {
  if (commandName === 'BatchWriteItemCommand') return Object.values((input.RequestItems ?? {}) as Record<string, unknown[]>).reduce((n, items) => n + items.length, 0);
  if (commandName === 'TransactWriteItemsCommand') return ((input.TransactItems ?? []) as unknown[]).length;
  return 1;
}

/**
 * A real send on the local engines: 2,000 recipients through the in-process queue and the send
 * worker, paced at SES_MAX_SEND_RATE=200, into the SES emulator.
 */
async function benchSending(record: (figure: Figure) => void) {
  const config = hubConfig({
    PORT: String(await freePort()),
    DYNAMODB_PORT: String(await freePort()),
    SES_PORT: String(await freePort()),
    INBOX_PORT: String(await freePort()),
    TABLE_NAME: 'mail-bench',
    SES_MAX_SEND_RATE: String(MAX_SEND_RATE),
  });
  const engines = await startEngines({ config, persistent: false, seed: false });
  try {
    const deps = createDeps(config);
    const domain = 'send.bench.example.org';
    const networks = benchNetworks(domain);
    // Direct sending only, and every contact subscribed: each of the 2,000 gets exactly one email.
    const contacts = generatedContacts(SENT_RECIPIENTS, domain, networks).map((c) => ({ ...c, status: 'subscribed' as const, networks: [] }));
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < contacts.length) await deps.contactBook.contacts.save(contacts[next++]!);
      }),
    );
    const update = benchUpdate(`u-${randomBytes(6).toString('hex')}`, [], true);
    await deps.updates.create(update);

    let writes = 0;
    deps.table.documents.middlewareStack.add(
      (nextHandler, context) => async (args) => {
        if (WRITE_COMMANDS.has(context.commandName ?? '')) writes += writesOf(context.commandName!, args.input as Record<string, unknown>);
        return nextHandler(args);
      },
      { step: 'initialize', name: 'countDynamoDbWrites' },
    );

    const started = performance.now();
    const plan = await sendUpdate(deps, update.id);
    const plannedSeconds = (performance.now() - started) / 1000;
    await deps.sendQueue.idle?.();
    const wallSeconds = (performance.now() - started) / 1000;

    const deliveries = await deps.deliveries.listOfUpdate(update.id);
    const sentTimes = deliveries.filter((d) => d.sentAt).map((d) => Date.parse(d.sentAt!)).sort((a, b) => a - b);
    const sendingSeconds = (sentTimes.at(-1)! - sentTimes[0]!) / 1000;
    const achieved = (sentTimes.length - 1) / sendingSeconds;
    const { emails } = (await (await fetch(`${engines.ses.inboxUrl}/raw`)).json()) as { emails: RawEmail[] };
    const perRecipient = new Map<string, number>();
    for (const email of emails) for (const to of email.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    const duplicates = [...perRecipient.values()].filter((n) => n > 1).length;
    const missing = contacts.filter((c) => !perRecipient.has(c.email)).length;

    record({ name: `mail: sent ${sentTimes.length.toLocaleString('en-GB')} of ${plan.recipients.toLocaleString('en-GB')} planned, wall time from the send request`, value: wallSeconds, unit: 's' });
    record({ name: `mail: achieved send rate as a fraction of SES_MAX_SEND_RATE=${MAX_SEND_RATE}/s (${achieved.toFixed(1)}/s)`, value: achieved / MAX_SEND_RATE, unit: '×', target: { value: 0.95, better: 'higher' } });
    record({ name: 'mail: recipients with more than one email (target 0)', value: duplicates, unit: 'recipients' });
    record({ name: 'mail: recipients without their email (target 0)', value: missing, unit: 'recipients' });
    record({ name: 'mail: DynamoDB writes per recipient (planning + sending)', value: writes / Math.max(1, plan.recipients), unit: 'writes' });
    record({ name: `mail: planning ${plan.recipients.toLocaleString('en-GB')} deliveries inside the send request`, value: plannedSeconds, unit: 's' });

    // The ceiling the local engines put on any sender: bare SendRawEmail calls of the same emails
    // (the emulator and its recording proxy parse each one), as many in flight as the worker keeps.
    const probes = 400;
    const sample = renderUpdateEmail(update, { ...deliveries[0]!, email: `probe@${domain}` }, config.BASE_URL);
    let sent = 0;
    const probeStart = performance.now();
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (sent < probes) {
          sent++;
          await deps.mailer.send({ ...sample, to: `probe${sent}@${domain}` });
        }
      }),
    );
    const emulatorRate = probes / ((performance.now() - probeStart) / 1000);
    record({ name: 'mail: ceiling set by the SES emulator alone (SendRawEmail of the same emails per second, 20 in flight)', value: emulatorRate, unit: '/s' });

    // And by DynamoDB Local: a send costs a claim, a mark and a counter move, three conditional updates.
    let updated = 0;
    const updatesStart = performance.now();
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (updated < probes * 3) {
          const i = updated++;
          await deps.table.documents.send(
            new UpdateCommand({ TableName: config.TABLE_NAME, Key: { pk: `PROBE#${i}`, sk: 'PROBE' }, UpdateExpression: 'SET n = :n', ConditionExpression: 'attribute_not_exists(n)', ExpressionAttributeValues: { ':n': i } }),
          );
        }
      }),
    );
    const dynamoRate = probes / ((performance.now() - updatesStart) / 1000);
    record({ name: 'mail: ceiling set by DynamoDB Local alone (sends per second at three conditional updates each, 20 in flight)', value: dynamoRate, unit: '/s' });
    record({ name: 'mail: achieved send rate as a fraction of the lower local ceiling (emulator or DynamoDB Local)', value: achieved / Math.min(emulatorRate, dynamoRate), unit: '×' });
  } finally {
    await engines.stop();
  }
}

export async function benchMail(record: (figure: Figure) => void) {
  benchRouting(record);
  await benchSending(record);
}
