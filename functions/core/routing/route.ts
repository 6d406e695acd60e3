import type { Contact } from '../contacts/contact.ts';
import { suppressionKeyOf } from '../contacts/suppression.ts';
import { networkOfRoute, type PlannedDelivery, type Route } from '../deliveries/delivery.ts';
import { relayAudience, type Network } from '../networks/network.ts';
import type { Audience } from '../partnership/vocabulary.ts';
import { chooseVariant, type Update } from '../updates/update.ts';

export type RoutableUpdate = Pick<Update, 'id' | 'variants' | 'targets' | 'routes'>;

export interface RoutingInput {
  update: RoutableUpdate;
  /** Contacts of the targeted audiences (others are ignored). */
  contacts: readonly Contact[];
  networks: readonly Network[];
  /** Suppression keys (hashed addresses) of everyone who must never be mailed again. */
  suppressions: ReadonlySet<string>;
}

/** Contacts the update reaches without an email from us: a chosen network forwards it to them. */
export interface Coverage {
  network: string;
  audience: Audience;
  country: string;
  count: number;
}

export interface RoutingResult {
  deliveries: PlannedDelivery[];
  coverage: Coverage[];
  excluded: { suppressed: number; unconsented: number };
  gaps: { audiences: Audience[]; countries: string[] };
}

const NO_COUNTRY = '--';

function inTargets(contact: Contact, targets: RoutableUpdate['targets']): boolean {
  if (!targets.audiences.includes(contact.audience)) return false;
  if (targets.countries.length > 0 && !targets.countries.includes(contact.country ?? '')) return false;
  if (targets.topics.length > 0 && !contact.topics.some((t) => targets.topics.includes(t))) return false;
  return true;
}

/** The relay contacts of the chosen networks: planned first, so that each gets one email. */
export interface RelayPlan {
  deliveries: PlannedDelivery[];
  /** Networks with a relay contact left to write to: only they forward anything. */
  relaying: ReadonlySet<string>;
  /** Relay contacts on the suppression list. */
  suppressed: number;
  chosen: readonly Network[];
}

/**
 * Why a targeted contact gets nothing. The first four add up to `suppressed`, the last two to
 * `unconsented`: a status of theirs, or their address (hashed) on the suppression list (erased, or
 * suppressed while still marked subscribed); a subscription never confirmed, or no consent record.
 */
export const exclusionReasons = ['unsubscribed', 'bounced', 'complained', 'suppressionList', 'pending', 'noConsent'] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

/** What routing a slice of the contacts found; slices add up (the planning job routes a page at a time). */
export interface ContactRouting {
  deliveries: PlannedDelivery[];
  coverage: Coverage[];
  excluded: { suppressed: number; unconsented: number };
  /** The same exclusions, by reason (only reasons met are present). */
  excludedBy: Partial<Record<ExclusionReason, number>>;
  reached: { audiences: Audience[]; countries: string[] };
}

function plannedDelivery(update: RoutableUpdate, email: string, name: string, route: Route, audience: Audience, country: string, language: Contact['language'], networkName?: string): PlannedDelivery {
  return { updateId: update.id, email, name, route, audience, country, language, variant: chooseVariant(update, audience, language), ...(networkName ? { networkName } : {}) };
}

/** Step 1 of routing: the forward-ready version to each relay contact of the chosen networks (first chosen network wins). */
export function planRelays(update: RoutableUpdate, networks: readonly Network[], suppressions: ReadonlySet<string>): RelayPlan {
  const { targets } = update;
  const chosen = update.routes.networks.map((id) => networks.find((n) => n.id === id)).filter((n): n is Network => n !== undefined);
  const byEmail = new Map<string, PlannedDelivery>();
  let suppressed = 0;
  for (const network of chosen) {
    const audience = relayAudience(network, targets.audiences);
    const country = network.countries.length === 1 ? network.countries[0]! : NO_COUNTRY;
    for (const relay of network.relayContacts) {
      const email = relay.email.toLowerCase();
      if (suppressions.has(suppressionKeyOf(email))) {
        suppressed++;
        continue;
      }
      if (!byEmail.has(email)) byEmail.set(email, plannedDelivery(update, email, relay.name, `relay:${network.id}`, audience, country, network.languages[0]!, network.name));
    }
  }
  const deliveries = [...byEmail.values()];
  return { deliveries, relaying: new Set(deliveries.map((d) => networkOfRoute(d.route))), suppressed, chosen };
}

/**
 * Step 2, over any slice of the contacts: a contact a relaying network reaches is counted in its
 * coverage, not mailed; the others in the targets get the direct email (when the update goes direct).
 * A relay contact is never mailed twice: its relay delivery stands.
 */
export function routeContacts(update: RoutableUpdate, contacts: readonly Contact[], relays: RelayPlan, suppressions: ReadonlySet<string>): ContactRouting {
  const { targets } = update;
  const relayed = new Set(relays.deliveries.map((d) => d.email));
  const deliveries = new Map<string, PlannedDelivery>();
  const coverage = new Map<string, Coverage>();
  const excluded = { suppressed: 0, unconsented: 0 };
  const excludedBy: ContactRouting['excludedBy'] = {};
  const exclude = (reason: ExclusionReason) => {
    excludedBy[reason] = (excludedBy[reason] ?? 0) + 1;
    if (reason === 'pending' || reason === 'noConsent') excluded.unconsented++;
    else excluded.suppressed++;
  };
  const reachedAudiences = new Set<Audience>();
  const reachedCountries = new Set<string>();
  for (const contact of contacts) {
    if (!inTargets(contact, targets)) continue;
    if (contact.status === 'unsubscribed' || contact.status === 'bounced' || contact.status === 'complained') {
      exclude(contact.status);
      continue;
    }
    if (suppressions.has(suppressionKeyOf(contact.email))) {
      exclude('suppressionList');
      continue;
    }
    if (contact.status !== 'subscribed' || !contact.consent) {
      exclude(contact.status === 'pending' ? 'pending' : 'noConsent');
      continue;
    }
    const country = contact.country ?? NO_COUNTRY;
    const via = contact.networks.find((id) => relays.relaying.has(id));
    const isRelay = relayed.has(contact.email);
    if (via && !isRelay) {
      const key = `${via}|${contact.audience}|${country}`;
      const entry = coverage.get(key) ?? { network: via, audience: contact.audience, country, count: 0 };
      entry.count++;
      coverage.set(key, entry);
    } else if (update.routes.direct) {
      if (!isRelay && !deliveries.has(contact.email)) deliveries.set(contact.email, plannedDelivery(update, contact.email, contact.name, 'direct', contact.audience, country, contact.language));
    } else if (!isRelay) {
      continue;
    }
    reachedAudiences.add(contact.audience);
    reachedCountries.add(country);
  }
  return { deliveries: [...deliveries.values()], coverage: [...coverage.values()], excluded, excludedBy, reached: { audiences: [...reachedAudiences], countries: [...reachedCountries] } };
}

/** Step 3: the targeted audiences and countries nobody was reached in, directly or by a relaying network. */
export function outreachGaps(update: RoutableUpdate, relays: RelayPlan, reached: ContactRouting['reached']): RoutingResult['gaps'] {
  const { targets } = update;
  const audiences = new Set(reached.audiences);
  const countries = new Set(reached.countries);
  // A chosen network reaches the audiences it serves in its countries (Europe-wide when none).
  for (const network of relays.chosen) {
    if (!relays.relaying.has(network.id)) continue;
    for (const audience of network.audiences) if (targets.audiences.includes(audience)) audiences.add(audience);
    (network.countries.length === 0 ? targets.countries : network.countries).forEach((c) => countries.add(c));
  }
  return { audiences: targets.audiences.filter((a) => !audiences.has(a)), countries: targets.countries.filter((c) => !countries.has(c)) };
}

/**
 * Decides who gets which email, and by which route. Pure: the same input gives the same result.
 * - One email per person: a relay contact gets the forward-ready version once (first chosen network
 *   wins); a contact a chosen network already reaches is not mailed directly, the network forwards.
 * - Suppressed (unsubscribed, bounced, complained, erased) and unconsented contacts are removed,
 *   relay contacts included.
 * - The variant falls back audience + language → audience → base.
 * The three steps it is made of also run a page at a time (the planning job); this is them whole.
 */
export function routeUpdate(input: RoutingInput): RoutingResult {
  const relays = planRelays(input.update, input.networks, input.suppressions);
  const routed = routeContacts(input.update, input.contacts, relays, input.suppressions);
  return {
    deliveries: [...relays.deliveries, ...routed.deliveries],
    coverage: routed.coverage,
    excluded: { suppressed: relays.suppressed + routed.excluded.suppressed, unconsented: routed.excluded.unconsented },
    gaps: outreachGaps(input.update, relays, routed.reached),
  };
}
