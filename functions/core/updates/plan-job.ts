import { z } from 'zod';
import type { Contact } from '../contacts/contact.ts';
import { suppressionKeyOf } from '../contacts/suppression.ts';
import type { PlannedDelivery } from '../deliveries/delivery.ts';
import { jobError, type Job, type JobAdvance, type JobStep } from '../jobs/job.ts';
import type { Network } from '../networks/network.ts';
import type { Audience } from '../partnership/vocabulary.ts';
import { outreachGaps, planRelays, routeContacts, type Coverage, type RoutableUpdate, type RoutingResult } from '../routing/route.ts';
import type { Update } from './update.ts';

/**
 * Planning a send as a job. Routing runs a page of contacts at a time, and each page's deliveries are
 * written and queued before the next page is read, so the first emails leave while the rest of the
 * list is still being planned. A chunk run again (a worker died, a duplicate message) writes nobody
 * twice: each delivery is a conditional put; its keys are queued again, and a claim sends once.
 */
export const UPDATE_PLAN_JOB = 'update-plan';
/** Contacts read per chunk: one Query page, a few thousand writes at most, seconds of work. */
export const PLAN_PAGE_CONTACTS = 1_000;
/** The first page is short, so that the first emails leave within a second of the send request. */
export const FIRST_PAGE_CONTACTS = 100;
/**
 * Where the sender shares the machine (`npm start`), the planner keeps this many sends ahead of it
 * (ten seconds at 200/s) rather than racing it for the cores, and waits at most this long for it.
 */
export const PLAN_AHEAD_KEYS = 2_000;
export const PLAN_AHEAD_WAIT_MS = 30_000;

export const planJobParamsSchema = z.object({ updateId: z.string() });

/** What the plan carries from chunk to chunk: where to read next, and the routing's sums so far. */
const progressSchema = z.object({
  /** Index in the update's targeted audiences, and the page key within it. */
  audience: z.number().int().min(0),
  after: z.string().optional(),
  recipients: z.number().int().min(0),
  suppressed: z.number().int().min(0),
  unconsented: z.number().int().min(0),
  coverage: z.record(z.string(), z.number().int()),
  reachedAudiences: z.array(z.string()),
  reachedCountries: z.array(z.string()),
});
type PlanProgress = z.infer<typeof progressSchema>;

export type PlanSummary = Pick<RoutingResult, 'coverage' | 'excluded' | 'gaps'> & { recipients: number };

export interface PlanJobPorts {
  getUpdate(id: string): Promise<Update | undefined>;
  networks(): Promise<Network[]>;
  contactsPage(audience: Audience, after: string | undefined, limit: number): Promise<{ contacts: Contact[]; after?: string }>;
  /** Which of these suppression keys are on the list. */
  suppressed(keys: readonly string[]): Promise<Set<string>>;
  /** Writes the planned deliveries (each once, ever) and queues them all; answers how many were new. */
  queue(update: Update, planned: readonly PlannedDelivery[]): Promise<number>;
  markPlanned(updateId: string, summary: PlanSummary): Promise<void>;
  /** Resolves when the sender is near enough for the next page (see PLAN_AHEAD_KEYS); absent, planning never waits. */
  roomToQueue?(): Promise<void>;
  pageSize?: number;
}

/** The suppression keys of the chosen networks' relay contacts: every page asks about them again, with its own. */
export function relayKeysOf(update: Pick<Update, 'routes'>, networks: readonly Network[]): string[] {
  return update.routes.networks.flatMap((id) => networks.find((n) => n.id === id)?.relayContacts.map((r) => suppressionKeyOf(r.email)) ?? []);
}

/**
 * One page of contacts routed as a send routes it: the relay contacts' and the page's addresses are
 * asked against the suppression list together, the relays planned again (so a relay contact met on
 * the page keeps its relay email and gets no direct one), then the page. The planning job and the
 * dry run (core/updates/audience.ts) both go through here, so a dry run counts what a send plans.
 */
export async function routePage(suppressed: PlanJobPorts['suppressed'], update: RoutableUpdate, networks: readonly Network[], relayKeys: readonly string[], contacts: readonly Contact[]) {
  const suppressions = await suppressed([...relayKeys, ...contacts.map((c) => suppressionKeyOf(c.email))]);
  const relays = planRelays(update, networks, suppressions);
  return { relays, routed: routeContacts(update, contacts, relays, suppressions) };
}

const coverageKey = (c: Omit<Coverage, 'count'>) => JSON.stringify([c.network, c.audience, c.country]);

function summaryOf(update: Update, relays: ReturnType<typeof planRelays>, progress: PlanProgress): PlanSummary {
  return {
    recipients: progress.recipients,
    coverage: Object.entries(progress.coverage).map(([key, count]) => {
      const [network, audience, country] = JSON.parse(key) as [string, Audience, string];
      return { network, audience, country, count };
    }),
    excluded: { suppressed: progress.suppressed, unconsented: progress.unconsented },
    gaps: outreachGaps(update, relays, { audiences: progress.reachedAudiences as Audience[], countries: progress.reachedCountries }),
  };
}

/**
 * One chunk: `relays` first (the chosen networks' relay contacts, so each of them gets the
 * forward-ready version and never a direct email too), then `contacts`, a page of one targeted
 * audience at a time. The last page records the plan's summary on the update and ends the job.
 * A send paused or cancelled meanwhile stops planning; a resume starts it again from the top.
 */
export function updatePlanStep(ports: PlanJobPorts): JobStep {
  const pageSize = ports.pageSize ?? PLAN_PAGE_CONTACTS;
  return async (job): Promise<JobAdvance> => {
    const { updateId } = planJobParamsSchema.parse(job.params);
    const update = await ports.getUpdate(updateId);
    const here = { phase: job.phase, cursor: job.cursor };
    if (!update) return { ...here, state: 'failed', error: jobError('update_gone', 'job.updateGone', { id: updateId }) };
    if (update.status === 'paused') return { ...here, state: 'failed', error: jobError('update_paused', 'job.updatePaused') };
    if (update.status === 'cancelled') return { ...here, state: 'failed', error: jobError('update_cancelled', 'job.updateCancelled') };
    if (update.status !== 'sending') return { ...here, state: 'done' };

    const networks = await ports.networks();
    const relayKeys = relayKeysOf(update, networks);

    if (job.phase === 'relays') {
      const relays = planRelays(update, networks, await ports.suppressed(relayKeys));
      const queued = await ports.queue(update, relays.deliveries);
      const progress: PlanProgress = { audience: 0, recipients: relays.deliveries.length, suppressed: relays.suppressed, unconsented: 0, coverage: {}, reachedAudiences: [], reachedCountries: [] };
      return { phase: 'contacts', cursor: 1, resume: JSON.stringify(progress), add: { recipients: relays.deliveries.length, queued } };
    }

    if (job.cursor > 1) await ports.roomToQueue?.();
    const progress = progressSchema.parse(JSON.parse(job.resume ?? 'null'));
    const audience = update.targets.audiences[progress.audience];
    const limit = job.cursor === 1 ? Math.min(FIRST_PAGE_CONTACTS, pageSize) : pageSize;
    const page = audience ? await ports.contactsPage(audience, progress.after, limit) : { contacts: [] };
    const { relays, routed } = await routePage(ports.suppressed, update, networks, relayKeys, page.contacts);
    const queued = await ports.queue(update, routed.deliveries);

    const coverage = { ...progress.coverage };
    for (const c of routed.coverage) coverage[coverageKey(c)] = (coverage[coverageKey(c)] ?? 0) + c.count;
    const next: PlanProgress = {
      audience: page.after ? progress.audience : progress.audience + 1,
      ...(page.after ? { after: page.after } : {}),
      recipients: progress.recipients + routed.deliveries.length,
      suppressed: progress.suppressed + routed.excluded.suppressed,
      unconsented: progress.unconsented + routed.excluded.unconsented,
      coverage,
      reachedAudiences: [...new Set([...progress.reachedAudiences, ...routed.reached.audiences])],
      reachedCountries: [...new Set([...progress.reachedCountries, ...routed.reached.countries])],
    };
    const add = { read: page.contacts.length, recipients: routed.deliveries.length, queued };
    if (next.audience < update.targets.audiences.length) return { phase: 'contacts', cursor: job.cursor + 1, resume: JSON.stringify(next), add };
    await ports.markPlanned(update.id, summaryOf(update, relays, next));
    return { phase: 'contacts', cursor: job.cursor + 1, add, state: 'done' };
  };
}

/** A planning job as the secretariat follows it: contacts read so far, recipients routed, deliveries newly queued. */
export function planJobView(job: Job) {
  return { updateId: planJobParamsSchema.parse(job.params).updateId, processed: job.counters.read ?? 0, recipients: job.counters.recipients ?? 0, queued: job.counters.queued ?? 0 };
}
