import { randomBytes } from 'node:crypto';
import { retentionOf } from '../../adapters/config.ts';
import type { StoredUpdate } from '../../adapters/dynamodb/update-store.ts';
import { CANCELLED_REASON, deliveryStatuses, type DeliveryStatus } from '../../core/deliveries/delivery.ts';
import { sentSoFar } from '../../core/updates/brake.ts';
import { jobErrorView } from '../../core/jobs/job.ts';
import type { RefusalWords } from '../../core/refusals.ts';
import { NotFoundError, RateLimitedError, RuleViolationError } from '../../core/errors.ts';
import { countAudience, type AudiencePorts } from '../../core/updates/audience.ts';
import { markdownToHtml } from '../../core/updates/markdown.ts';
import { renderUpdateEmail, type RenderableDelivery } from '../../core/updates/render.ts';
import { forwardReadyVariant } from '../../core/networks/feed.ts';
import { relayAudience } from '../../core/networks/network.ts';
import { allVariantKeys, checkTranslated, newUpdateId, previewAudience, resolveVariant, type Update, type UpdateContent } from '../../core/updates/update.ts';
import type { Deps } from '../deps.ts';
import { describeError, logLine } from '../../core/privacy/log-line.ts';
import { audienceReads } from './sending.ts';

async function knownNetworks(deps: Pick<Deps, 'networks'>, content: Pick<UpdateContent, 'routes'>) {
  const networks = await deps.networks.list();
  const unknown = content.routes.networks.filter((id) => !networks.some((n) => n.id === id));
  if (unknown.length > 0) {
    const networks = unknown.join(', ');
    throw new RuleViolationError('update.unknownNetworks', { networks }, [{ path: 'routes.networks', refusal: 'update.unknownNetworksField', values: { networks } }]);
  }
  return networks;
}

export async function createUpdate(deps: Pick<Deps, 'networks' | 'now' | 'updates'>, content: UpdateContent, author: string): Promise<Update> {
  await knownNetworks(deps, content);
  const now = deps.now().toISOString();
  const update: Update = { ...content, id: newUpdateId(() => randomBytes(6).toString('hex')), status: 'draft', createdBy: author, createdAt: now, updatedAt: now };
  await deps.updates.create(update);
  return update;
}

export async function editUpdate(deps: Pick<Deps, 'networks' | 'now' | 'updates'>, id: string, content: UpdateContent) {
  await knownNetworks(deps, content);
  return deps.updates.replaceContent(id, content, deps.now());
}

export async function getUpdate(deps: Pick<Deps, 'updates'>, id: string): Promise<StoredUpdate> {
  const update = await deps.updates.getUpdate(id);
  if (!update) throw new NotFoundError('update.none', { id });
  return update;
}

/**
 * The contacts and networks as the planning job reads them. The suppression list is read whole,
 * once, and asked in memory: the same answer as the job's lookups by key, without a batch of reads
 * for every hundred contacts (hashes are small: 100,000 take a few Query pages). The clock is the process's own.
 */
function audiencePorts(deps: Pick<Deps, 'contactBook' | 'networks'>): AudiencePorts {
  const { networks, contactsPage } = audienceReads(deps);
  let list: Promise<Set<string>> | undefined;
  return {
    networks,
    contactsPage,
    async suppressed(keys) {
      list ??= deps.contactBook.suppressions.all();
      const all = await list;
      return new Set(keys.filter((k) => all.has(k)));
    },
    clock: () => performance.now(),
  };
}

/** How many people the saved update would reach if sent now (a dry run: nothing is written). */
export async function updateAudience(deps: Pick<Deps, 'contactBook' | 'networks' | 'updates'>, id: string) {
  return countAudience(audiencePorts(deps), await getUpdate(deps, id));
}

/** A dry run reads every targeted contact: generous for an editor counting as targets change, not a loop. */
const DRAFT_AUDIENCE_LIMIT = { count: 60, windowSeconds: 60 };

/** The same count for targets and routes not saved yet (the editor counts as they change). */
export async function draftAudience(deps: Pick<Deps, 'contactBook' | 'networks' | 'now' | 'rateLimiter'>, by: string, draft: Pick<UpdateContent, 'targets' | 'routes'>) {
  const verdict = await deps.rateLimiter.hit('update-audience', by, DRAFT_AUDIENCE_LIMIT.count, DRAFT_AUDIENCE_LIMIT.windowSeconds, deps.now());
  if (!verdict.allowed) throw new RateLimitedError('update.countedOften', verdict.retryAfterSeconds);
  await knownNetworks(deps, draft);
  return countAudience(audiencePorts(deps), { id: 'u-draft', variants: [], ...draft });
}

const sample = (variant: string, audience: RenderableDelivery['audience'], route: RenderableDelivery['route'], networkName?: string): RenderableDelivery => ({
  email: 'preview@example.org',
  name: route === 'direct' ? 'Alex Example' : 'Relay contact',
  route,
  variant,
  audience,
  mailToken: 'preview',
  updateId: 'u-preview',
  recipientKey: '0'.repeat(32),
  ...(route === 'direct' ? {} : { relayToken: 'preview', networkName }),
});

/** Every variant as its readers will see it (HTML and text), and the forward-ready version per chosen network. */
export async function previewUpdate(deps: Pick<Deps, 'config' | 'networks' | 'updates'>, id: string) {
  const update = await getUpdate(deps, id);
  const networks = await deps.networks.list();
  const base = deps.config.BASE_URL;
  const previews = allVariantKeys(update).map((key) => {
    const email = renderUpdateEmail(update, sample(key, previewAudience(update, key), 'direct'), base);
    return { variant: key, route: 'direct', subject: email.subject, html: email.html, text: email.text };
  });
  for (const networkId of update.routes.networks) {
    const network = networks.find((n) => n.id === networkId);
    if (!network) continue;
    // What the network's relay contacts get, and so what it forwards (its feed shows the same).
    const key = forwardReadyVariant(update, network);
    const email = renderUpdateEmail(update, sample(key, relayAudience(network, update.targets.audiences), `relay:${network.id}`, network.name), base);
    previews.push({ variant: key, route: `relay:${network.id}`, subject: email.subject, html: email.html, text: email.text });
  }
  return previews;
}

/** A test send to the signed-in secretariat member: every variant, marked as a test, no delivery recorded. */
export async function testSend(deps: Pick<Deps, 'config' | 'mailer' | 'updates'>, id: string, to: string) {
  const update = await getUpdate(deps, id);
  const keys = allVariantKeys(update);
  for (const key of keys) {
    const email = renderUpdateEmail(update, { ...sample(key, previewAudience(update, key), 'direct'), email: to }, deps.config.BASE_URL);
    await deps.mailer.send({ ...email, subject: `[Test: ${key}] ${email.subject}`.slice(0, 250) });
  }
  return { sent: keys.length };
}

export async function scheduleUpdate(deps: Pick<Deps, 'now' | 'updateTimer' | 'updates'>, id: string, at: Date) {
  if (at.getTime() <= deps.now().getTime()) throw new RuleViolationError('update.scheduleFuture', {}, [{ path: 'at', refusal: 'update.mustBeFuture' }]);
  checkTranslated(await getUpdate(deps, id));
  const scheduled = await deps.updates.schedule(id, at, deps.now());
  // The table says what is due; the timer only wakes the job. One that could not be set leaves the
  // update to the safety-net run of scheduled-updates (at most a quarter of an hour late), so the
  // answer stands and the failure is logged.
  try {
    await deps.updateTimer.set(id, at);
  } catch (error) {
    logLine('error', 'update timer not set', { updateId: id, ...describeError(error) });
  }
  return scheduled;
}

type Count = { status: DeliveryStatus; route: string; network: string; audience: string; country: string; count: number };
const sum = (counts: Count[], by: (c: Count) => string) => {
  const totals: Record<string, number> = {};
  for (const c of counts) totals[by(c)] = (totals[by(c)] ?? 0) + c.count;
  return totals;
};

/**
 * The report: counts by status × route (network) × audience × country, unsubscribes, the outreach
 * gaps, relay confirmations. Only counters are read, never delivery records: there is no open or
 * click tracking to report, and the records expire while the counts stay.
 */
export async function updateReport(deps: Pick<Deps, 'config' | 'deliveries' | 'jobs' | 'networks' | 'updates'>, id: string, say: RefusalWords) {
  const update = await getUpdate(deps, id);
  const [{ counts, unsubscribes, relayed, permanentBounces }, networks] = await Promise.all([deps.deliveries.report(id), deps.networks.list()]);
  const byStatus = Object.fromEntries(deliveryStatuses.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
  for (const c of counts) byStatus[c.status] += c.count;
  const planJob = update.planJob ? await deps.jobs.get(update.planJob) : undefined;
  const waiting = byStatus.queued + byStatus.sending;
  return {
    // Where the send stands, for a console that refreshes while `live`.
    progress: {
      planning: planJob ? { state: planJob.state, read: planJob.counters.read ?? 0, recipients: planJob.counters.recipients ?? 0, ...(planJob.error ? { error: jobErrorView(planJob.error, say) } : {}) } : null,
      planned: Object.values(byStatus).reduce((n, c) => n + c, 0),
      sent: sentSoFar(counts),
      failed: byStatus.failed,
      bounced: byStatus.bounced,
      complained: byStatus.complained,
      waiting,
      live: update.status === 'sending' || (update.status === 'sent' && waiting > 0),
    },
    update: { id: update.id, title: update.title, status: update.status, sendingAt: update.sendingAt ?? null, recipients: update.recipients ?? 0, targets: update.targets, resumedAt: update.resumedAt ?? null, cancelledAt: update.cancelledAt ?? null },
    // Why the brake paused the send and what it saw then; kept once resumed or cancelled.
    pause: update.pause ?? null,
    // Why queued deliveries are held, since when and until when (the SES account's 24-hour quota);
    // null once sending resumed, and while paused or once cancelled, when that is the reason nothing goes.
    waiting: (update.status === 'sending' || update.status === 'sent') && update.waiting ? update.waiting : null,
    // The figures the brake weighs, as they stand now.
    brake: { sent: sentSoFar(counts), permanentBounces, complaints: byStatus.complained },
    // Deliveries never sent because the update was cancelled (also in the counts, status `cancelled`).
    notSent: { cancelled: byStatus.cancelled, reason: byStatus.cancelled > 0 ? CANCELLED_REASON : null },
    counts,
    // Unsubscribes through this update's emails, by route × audience × country.
    unsubscribes,
    // The per-person delivery records expire after this; every count here stays.
    deliveryRecordsKeptDays: retentionOf(deps.config).deliveryDays,
    totals: {
      byStatus,
      unsubscribed: unsubscribes.reduce((n, u) => n + u.count, 0),
      byRoute: sum(counts, (c) => c.route),
      byAudience: sum(counts, (c) => c.audience),
      byCountry: sum(counts, (c) => c.country),
    },
    coverage: update.plan?.coverage ?? [],
    excluded: update.plan?.excluded ?? { suppressed: 0, unconsented: 0 },
    gaps: update.plan?.gaps ?? { audiences: [], countries: [] },
    relays: relaysOf(update, counts, relayed, networks),
  };
}

type DeliveryReport = Awaited<ReturnType<Deps['deliveries']['report']>>;

/** Each network an update went through: its relay contacts mailed and how many confirmed they passed it on. */
export function relaysOf(update: StoredUpdate, counts: DeliveryReport['counts'], relayed: DeliveryReport['relayed'], networks: readonly { id: string; name: string }[]) {
  return update.routes.networks.map((networkId) => {
    const network = networks.find((n) => n.id === networkId);
    const recipients = counts.filter((c) => c.network === networkId && c.status !== 'failed' && c.status !== 'cancelled').reduce((n, c) => n + c.count, 0);
    return { network: networkId, name: network?.name ?? networkId, relayContacts: recipients, confirmed: relayed[networkId] ?? 0 };
  });
}

/** The public archive: sent updates in their base version only (variants may address one audience). */
export function archived(update: StoredUpdate, withBody: boolean) {
  const base = resolveVariant(update, 'base');
  return {
    id: update.id,
    title: update.title,
    subject: base.subject,
    sentAt: update.sendingAt ?? update.updatedAt,
    ...(withBody ? { intro: base.intro ?? null, html: markdownToHtml(base.body) } : {}),
  };
}
