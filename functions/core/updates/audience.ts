import type { Network } from '../networks/network.ts';
import { networkOfRoute, type PlannedDelivery } from '../deliveries/delivery.ts';
import { exclusionReasons, outreachGaps, planRelays, type ExclusionReason, type RoutableUpdate, type RoutingResult } from '../routing/route.ts';
import { PLAN_PAGE_CONTACTS, relayKeysOf, routePage, type PlanJobPorts } from './plan-job.ts';

/**
 * How many people an update would reach, before it is sent: a dry run of the send's planning. It
 * reads the targeted audiences' contacts page by page and routes each page through the planning
 * job's own step (`routePage`), so its `recipients` is what a send then plans, but it writes and
 * queues nothing. A long list may take longer than a request may: when the time budget is spent the
 * count stops where it is and says so (`complete: false`).
 */
export type AudiencePorts = Pick<PlanJobPorts, 'networks' | 'contactsPage' | 'suppressed'> & {
  /** Milliseconds from any fixed point: the dry run measures its budget with it. */
  clock(): number;
};

/** About half of what the API may take on AWS (15 s), the rest left for the request around it. */
export const AUDIENCE_BUDGET_MS = 7_000;

export interface AudienceOptions {
  budgetMs?: number;
  pageSize?: number;
}

export interface RelayedCount {
  network: string;
  name: string;
  /** Relay contacts the forward-ready version goes to (each counted once, under the first chosen network). */
  relayContacts: number;
  /** Contacts on our list the network forwards the update to, so they get no email from us. */
  covered: number;
}

export interface AudienceCount {
  /** False when the time budget ran out first: every figure is then what was counted so far. */
  complete: boolean;
  /** Contacts of the targeted audiences read. */
  read: number;
  /** Emails the send would plan: direct ones and those to relay contacts. */
  recipients: number;
  direct: number;
  relayed: RelayedCount[];
  /** Recipients by audience, country (`--` when unknown or Europe-wide) and language. */
  byAudience: Record<string, number>;
  byCountry: Record<string, number>;
  byLanguage: Record<string, number>;
  /**
   * Targeted people who get nothing: `suppressed` (relay contacts' included) and `unconsented` in
   * all, then by reason; `relaySuppressed` counts the relay contacts on the suppression list.
   */
  excluded: { suppressed: number; unconsented: number; relaySuppressed: number } & Record<ExclusionReason, number>;
  gaps: RoutingResult['gaps'];
}

const add = (totals: Record<string, number>, key: string, n = 1) => {
  totals[key] = (totals[key] ?? 0) + n;
};

/** Counts who the update would reach, over the contacts a send would read (see above). */
export async function countAudience(ports: AudiencePorts, update: RoutableUpdate, options: AudienceOptions = {}): Promise<AudienceCount> {
  const budget = options.budgetMs ?? AUDIENCE_BUDGET_MS;
  const pageSize = options.pageSize ?? PLAN_PAGE_CONTACTS;
  const started = ports.clock();
  const networks: Network[] = await ports.networks();
  const relayKeys = relayKeysOf(update, networks);
  const relays = planRelays(update, networks, await ports.suppressed(relayKeys));

  const count: AudienceCount = {
    complete: true,
    read: 0,
    recipients: 0,
    direct: 0,
    relayed: relays.chosen.map((n) => ({ network: n.id, name: n.name, relayContacts: 0, covered: 0 })),
    byAudience: {},
    byCountry: {},
    byLanguage: {},
    excluded: { suppressed: relays.suppressed, unconsented: 0, relaySuppressed: relays.suppressed, ...(Object.fromEntries(exclusionReasons.map((r) => [r, 0])) as Record<ExclusionReason, number>) },
    gaps: { audiences: [], countries: [] },
  };
  const tally = (deliveries: readonly PlannedDelivery[]) => {
    for (const d of deliveries) {
      count.recipients++;
      if (d.route === 'direct') count.direct++;
      else {
        const relayed = count.relayed.find((r) => r.network === networkOfRoute(d.route));
        if (relayed) relayed.relayContacts++;
      }
      add(count.byAudience, d.audience);
      add(count.byCountry, d.country);
      add(count.byLanguage, d.language);
    }
  };
  tally(relays.deliveries);

  const reached = { audiences: new Set<string>(), countries: new Set<string>() };
  read: for (const audience of update.targets.audiences) {
    let after: string | undefined;
    do {
      if (ports.clock() - started >= budget) {
        count.complete = false;
        break read;
      }
      const page = await ports.contactsPage(audience, after, pageSize);
      const { routed } = await routePage(ports.suppressed, update, networks, relayKeys, page.contacts);
      count.read += page.contacts.length;
      tally(routed.deliveries);
      for (const c of routed.coverage) {
        const relayed = count.relayed.find((r) => r.network === c.network);
        if (relayed) relayed.covered += c.count;
      }
      count.excluded.suppressed += routed.excluded.suppressed;
      count.excluded.unconsented += routed.excluded.unconsented;
      for (const [reason, n] of Object.entries(routed.excludedBy) as [ExclusionReason, number][]) count.excluded[reason] += n;
      routed.reached.audiences.forEach((a) => reached.audiences.add(a));
      routed.reached.countries.forEach((c) => reached.countries.add(c));
      after = page.after;
    } while (after);
  }
  count.gaps = outreachGaps(update, relays, { audiences: [...reached.audiences] as RoutableUpdate['targets']['audiences'], countries: [...reached.countries] });
  return count;
}
