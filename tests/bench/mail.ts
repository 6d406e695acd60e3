import { UpdateCommand } from '../../functions/adapters/dynamodb/document-client.ts';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Contact } from '../../functions/core/contacts/contact.ts';
import { suppressionKeyOf } from '../../functions/core/contacts/suppression.ts';
import { recipientKeyOf, type Delivery } from '../../functions/core/deliveries/delivery.ts';
import type { Network } from '../../functions/core/networks/network.ts';
import { audiences, languages, type Audience } from '../../functions/core/partnership/vocabulary.ts';
import { routeUpdate } from '../../functions/core/routing/route.ts';
import { renderUpdateEmail } from '../../functions/core/updates/render.ts';
import type { Update } from '../../functions/core/updates/update.ts';
import type { RawEmail } from '../../functions/local/engines/ses.ts';
import { batchWriteAll } from '../../functions/adapters/dynamodb/items.ts';
import { keys } from '../../functions/adapters/dynamodb/partnership-store.ts';
import { inLanes } from '../../functions/core/lanes.ts';
import type { Deps } from '../../functions/api/deps.ts';
import { planJobPorts, sendUpdate } from '../../functions/api/services/sending.ts';
import { advanced, type Job } from '../../functions/core/jobs/job.ts';
import { UPDATE_PLAN_JOB, updatePlanStep } from '../../functions/core/updates/plan-job.ts';
import { createDeps, hubConfig, startEngines } from '../../functions/local/hub.ts';
import { freePort } from '../../functions/local/ports.ts';

type Figure = { name: string; value: number; unit: string; target?: { value: number; better: 'lower' | 'higher' } };

const ROUTED_CONTACTS = 100_000;
const SENT_RECIPIENTS = Number(process.env.BENCH_SEND_RECIPIENTS ?? 20_000);
const PLANNED_CONTACTS = Number(process.env.BENCH_PLAN_CONTACTS ?? 100_000);
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
    networks: i % 5 === 0 && networks.length > 0 ? [networks[i % networks.length]!.id] : [],
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

const WRITE_COMMANDS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** Items a write command writes: a batch of 25 writes 25. */
function itemsOf(commandName: string, input: Record<string, unknown>): number {
  if (commandName === 'BatchWriteItem') return Object.values((input.RequestItems ?? {}) as Record<string, unknown[]>).reduce((n, items) => n + items.length, 0);
  if (commandName === 'TransactWriteItems') return ((input.TransactItems ?? []) as unknown[]).length;
  return 1;
}

/** Counts write requests and the items they write, on this client only. */
function countWrites(deps: Deps) {
  const counted = { requests: 0, items: 0 };
  deps.table.documents.observe((operation, input) => {
    if (!WRITE_COMMANDS.has(operation)) return;
    counted.requests++;
    counted.items += itemsOf(operation, input as Record<string, unknown>);
  });
  return counted;
}

/**
 * Stores contacts with what an import's chunk writes for them (the contact and its mail token), 25
 * items to a request rather than one contact at a time, so the bench's setup stays short.
 */
async function storeContacts(deps: Deps, contacts: readonly Contact[]) {
  const items = contacts.map((c) => ({ PutRequest: { Item: { ...keys.contact(c.email, c.audience, c.country), type: 'contact', ...c } } }));
  const parts = Array.from({ length: 8 }, (_, i) => items.filter((_, j) => j % 8 === i));
  await Promise.all(parts.map((part) => batchWriteAll(deps.table, part)));
  const emails = contacts.map((c) => c.email);
  await inLanes(Array.from({ length: Math.ceil(emails.length / 1_000) }, (_, i) => emails.slice(i * 1_000, (i + 1) * 1_000)), 4, async (chunk) => void (await deps.contactBook.mailTokens.ensure(chunk)));
}

async function benchEngines(table: string) {
  const config = hubConfig({
    PORT: String(await freePort()),
    DYNAMODB_PORT: String(await freePort()),
    SES_PORT: String(await freePort()),
    INBOX_PORT: String(await freePort()),
    TABLE_NAME: table,
    SES_MAX_SEND_RATE: String(MAX_SEND_RATE),
  });
  const engines = await startEngines({ config, persistent: false, seed: false });
  return { config, engines, deps: createDeps(config) };
}

/** The DynamoDB Local process listening on `port` (a Java process the engines started), if found. */
function javaPidOnPort(port: number | string): number | undefined {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => a.includes('DynamoDBLocal')) && args.includes(String(port))) return Number(pid);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** CPU time (user + system) a process has used so far, in milliseconds; 0 when unknown (not Linux). */
function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** Waits until the in-process job and send queues are both idle (planning queues sends). */
async function drained(deps: Deps) {
  while (deps.jobQueue.busy?.() || deps.sendQueue.busy?.()) {
    await deps.jobQueue.idle?.();
    await deps.sendQueue.idle?.();
  }
}

/**
 * A real send on the local engines, as `npm start` runs it: 20,000 recipients, the send request
 * answered at once, the planning job streaming deliveries to the send worker, paced at
 * SES_MAX_SEND_RATE=200 into the SES emulator. Measured from the send request to the last email.
 */
async function benchSending(record: (figure: Figure) => void) {
  const { config, engines, deps } = await benchEngines('mail-bench');
  try {
    const domain = 'send.bench.example.org';
    // Direct sending only, and every contact subscribed: each of them gets exactly one email.
    const contacts = generatedContacts(SENT_RECIPIENTS, domain, []).map((c) => ({ ...c, status: 'subscribed' as const, networks: [] }));
    await storeContacts(deps, contacts);
    const update = benchUpdate(`u-${randomBytes(6).toString('hex')}`, [], true);
    await deps.updates.create(update);
    await fetch(`${engines.ses.inboxUrl}/clear-store`, { method: 'POST' });

    const writes = countWrites(deps);
    const dynamoPid = javaPidOnPort(config.DYNAMODB_PORT);
    const hubCpuBefore = process.cpuUsage();
    const dynamoCpuBefore = cpuMsOf(dynamoPid);
    const requestedAt = Date.now();
    const started = performance.now();
    const answer = await sendUpdate(deps, { email: 'bench@example.org' }, update.id);
    const answeredMs = performance.now() - started;
    await drained(deps);
    const hubCpu = process.cpuUsage(hubCpuBefore);
    const dynamoCpuMs = cpuMsOf(dynamoPid) - dynamoCpuBefore;

    const deliveries = await deps.deliveries.listOfUpdate(update.id);
    const sentTimes = deliveries.filter((d) => d.sentAt).map((d) => Date.parse(d.sentAt!)).sort((a, b) => a - b);
    const job = await deps.jobs.get(answer.job);
    const fromRequest = (sentTimes.at(-1)! - requestedAt) / 1000;
    const achieved = sentTimes.length / fromRequest;
    const { emails } = (await (await fetch(`${engines.ses.inboxUrl}/raw`)).json()) as { emails: RawEmail[] };
    const perRecipient = new Map<string, number>();
    for (const email of emails) for (const to of email.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    const duplicates = [...perRecipient.values()].filter((n) => n > 1).length;
    const missing = contacts.filter((c) => !perRecipient.has(c.email)).length;
    const planned = job?.counters.recipients ?? 0;

    record({ name: 'mail: the send request answered (202, planning left to the job)', value: answeredMs, unit: 'ms' });
    record({ name: 'mail: first email after the send request', value: (sentTimes[0]! - requestedAt) / 1000, unit: 's' });
    record({ name: `mail: sent ${sentTimes.length.toLocaleString('en-GB')} of ${planned.toLocaleString('en-GB')} planned, from the send request to the last email`, value: fromRequest, unit: 's' });
    record({ name: `mail: achieved rate from the send request as a fraction of SES_MAX_SEND_RATE=${MAX_SEND_RATE}/s (${achieved.toFixed(1)}/s)`, value: achieved / MAX_SEND_RATE, unit: '×', target: { value: 0.95, better: 'higher' } });
    record({ name: 'mail: recipients with more than one email (target 0)', value: duplicates, unit: 'recipients' });
    record({ name: 'mail: recipients without their email (target 0)', value: missing, unit: 'recipients' });
    record({ name: 'mail: DynamoDB write requests per recipient (planning + sending)', value: writes.requests / Math.max(1, planned), unit: 'requests', target: { value: 3, better: 'lower' } });
    // CPU, which the machine's load does not change: what one email costs the hub's process (the
    // SES emulator and its recording proxy run in it) and DynamoDB Local, and the rate two cores
    // could reach at that cost if nothing else ran.
    const hubMsPerEmail = (hubCpu.user + hubCpu.system) / 1000 / Math.max(1, sentTimes.length);
    const dynamoMsPerEmail = dynamoCpuMs / Math.max(1, sentTimes.length);
    record({ name: 'mail: CPU per email sent, the hub process with the SES emulator in it', value: hubMsPerEmail, unit: 'ms' });
    record({ name: 'mail: CPU per email sent, DynamoDB Local', value: dynamoMsPerEmail, unit: 'ms' });
    record({ name: 'mail: emails per second two idle cores could carry at that CPU cost (the slower process bounds it)', value: 1000 / Math.max(hubMsPerEmail, dynamoMsPerEmail, (hubMsPerEmail + dynamoMsPerEmail) / 2), unit: '/s' });
    record({ name: 'mail: DynamoDB items written per recipient (planning + sending; a transaction of 100 counts 100)', value: writes.items / Math.max(1, planned), unit: 'items' });

    // The ceiling the local engines put on any sender: bare SendEmail calls of the same emails
    // (the emulator and its recording proxy parse each one), as many in flight as the worker keeps.
    const probes = 400;
    const sample = renderUpdateEmail(update, { ...deliveries[0]!, email: `probe@${domain}` }, config.BASE_URL);
    let sent = 0;
    const probeStart = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (sent < probes) {
          sent++;
          await deps.mailer.send({ ...sample, to: `probe${sent}@${domain}` });
        }
      }),
    );
    const emulatorRate = probes / ((performance.now() - probeStart) / 1000);
    record({ name: 'mail: ceiling set by the SES emulator alone (SendEmail of the same emails per second, 16 in flight)', value: emulatorRate, unit: '/s' });

    // And by DynamoDB Local: a send costs a claim and a mark, two conditional updates.
    let updated = 0;
    const updatesStart = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (updated < probes * 2) {
          const i = updated++;
          await deps.table.documents.send(
            new UpdateCommand({ TableName: config.TABLE_NAME, Key: { pk: `PROBE#${i}`, sk: 'PROBE' }, UpdateExpression: 'SET n = :n', ConditionExpression: 'attribute_not_exists(n)', ExpressionAttributeValues: { ':n': i } }),
          );
        }
      }),
    );
    const dynamoRate = probes / ((performance.now() - updatesStart) / 1000);
    record({ name: 'mail: ceiling set by DynamoDB Local alone (sends per second at two conditional updates each, 16 in flight)', value: dynamoRate, unit: '/s' });
    record({ name: 'mail: achieved rate as a fraction of the lowest ceiling (SES_MAX_SEND_RATE, the emulator, DynamoDB Local)', value: achieved / Math.min(MAX_SEND_RATE, emulatorRate, dynamoRate), unit: '×' });
  } finally {
    await engines.stop();
  }
}

/**
 * Planning alone: 100,000 contacts routed and their deliveries written by the planning job's
 * chunks, one after another as the job worker runs them, into a send queue that only counts.
 */
async function benchPlanning(record: (figure: Figure) => void) {
  const { engines, deps } = await benchEngines('plan-bench');
  try {
    const domain = 'plan.bench.example.org';
    const networks = benchNetworks(domain);
    const contacts = generatedContacts(PLANNED_CONTACTS, domain, networks);
    await storeContacts(deps, contacts);
    for (const network of networks) await deps.networks.save(network);
    let queued = 0;
    const counting: Deps = { ...deps, sendQueue: { kind: 'in-process', enqueue: async (keys) => void (queued += keys.length) } };
    const step = updatePlanStep(planJobPorts(counting));
    /** Plans one update to every contact, chunk after chunk as the job worker runs them; answers the seconds. */
    const plan = async () => {
      const update = benchUpdate(`u-${randomBytes(6).toString('hex')}`, networks, true);
      await deps.updates.create(update);
      await deps.updates.startSending(update.id, new Date());
      const at = new Date().toISOString();
      let job: Job = { id: 'bench-plan', kind: UPDATE_PLAN_JOB, state: 'running', phase: 'relays', cursor: 0, counters: {}, params: { updateId: update.id }, createdBy: 'bench', createdAt: at, updatedAt: at };
      const started = performance.now();
      let chunks = 0;
      while (job.state === 'running') {
        job = advanced(job, await step(job));
        chunks++;
      }
      return { seconds: (performance.now() - started) / 1000, chunks, planned: (await deps.updates.getUpdate(update.id))?.recipients ?? 0 };
    };
    // The contacts' mail tokens were made with them, as an import makes them: a first update to the
    // list reads them; the relay contacts' tokens are made by the first planning.
    const first = await plan();
    record({ name: `mail: planning ${PLANNED_CONTACTS.toLocaleString('en-GB')} imported contacts, the first update to them (${first.planned.toLocaleString('en-GB')} deliveries written, ${first.chunks} chunks)`, value: first.seconds, unit: 's', target: { value: 60, better: 'lower' } });
    const again = await plan();
    record({ name: `mail: planning the same ${PLANNED_CONTACTS.toLocaleString('en-GB')} contacts for a later update`, value: again.seconds, unit: 's', target: { value: 60, better: 'lower' } });
    record({ name: 'mail: planning throughput, later update', value: PLANNED_CONTACTS / again.seconds, unit: 'contacts/s' });
    record({ name: 'mail: deliveries queued by both plannings (target: every one planned, once each)', value: queued, unit: 'keys', target: { value: first.planned + again.planned, better: 'lower' } });

    // The ceiling DynamoDB Local puts on planning: items written per second by batch writes alone.
    const probes = Array.from({ length: 5_000 }, (_, i) => ({ PutRequest: { Item: { pk: `PROBE#${i}`, sk: 'PROBE', n: i } } }));
    const probeStart = performance.now();
    await batchWriteAll(deps.table, probes);
    const itemsPerSecond = probes.length / ((performance.now() - probeStart) / 1000);
    record({ name: 'mail: ceiling set by DynamoDB Local alone (items written per second by batch writes)', value: itemsPerSecond, unit: 'items/s' });
    record({ name: 'mail: planning a later update, contacts per second as a fraction of that ceiling (one delivery written per recipient)', value: PLANNED_CONTACTS / again.seconds / itemsPerSecond, unit: '×' });
  } finally {
    await engines.stop();
  }
}

export async function benchMail(record: (figure: Figure) => void) {
  benchRouting(record);
  await benchSending(record);
  await benchPlanning(record);
}
