import type { Contact } from '../contacts/contact.ts';
import { suppressionKeyOf } from '../contacts/suppression.ts';
import { networkOfRoute, type PlannedDelivery, type Route } from '../deliveries/delivery.ts';
import type { Network } from '../networks/network.ts';
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

/**
 * Decides who gets which email, and by which route. Pure: the same input gives the same result.
 * - One email per person: a relay contact gets the forward-ready version once (first chosen network
 *   wins); a contact a chosen network already reaches is not mailed directly, the network forwards.
 * - Suppressed (unsubscribed, bounced, complained, erased) and unconsented contacts are removed,
 *   relay contacts included.
 * - The variant falls back audience + language → audience → base.
 */
export function routeUpdate(input: RoutingInput): RoutingResult {
  const { update, suppressions } = input;
  const { targets } = update;
  const chosen = update.routes.networks
    .map((id) => input.networks.find((n) => n.id === id))
    .filter((n): n is Network => n !== undefined);
  const byEmail = new Map<string, PlannedDelivery>();
  const excluded = { suppressed: 0, unconsented: 0 };
  const suppressed = (email: string) => suppressions.has(suppressionKeyOf(email));
  const plan = (email: string, name: string, route: Route, audience: Audience, country: string, language: Contact['language'], networkName?: string) => {
    if (byEmail.has(email)) return;
    byEmail.set(email, {
      updateId: update.id,
      email,
      name,
      route,
      audience,
      country,
      language,
      variant: chooseVariant(update, audience, language),
      ...(networkName ? { networkName } : {}),
    });
  };

  for (const network of chosen) {
    const audience = network.audiences.find((a) => targets.audiences.includes(a)) ?? network.audiences[0]!;
    const country = network.countries.length === 1 ? network.countries[0]! : NO_COUNTRY;
    for (const relay of network.relayContacts) {
      const email = relay.email.toLowerCase();
      if (suppressed(email)) {
        excluded.suppressed++;
        continue;
      }
      plan(email, relay.name, `relay:${network.id}`, audience, country, network.languages[0]!, network.name);
    }
  }

  // Only a network with a relay contact left to write to forwards anything.
  const relaying = new Set([...byEmail.values()].map((d) => networkOfRoute(d.route)).filter((id) => id !== ''));
  const coverage = new Map<string, Coverage>();
  const reachedAudiences = new Set<Audience>();
  const reachedCountries = new Set<string>();
  for (const contact of input.contacts) {
    if (!inTargets(contact, targets)) continue;
    if (contact.status === 'unsubscribed' || contact.status === 'bounced' || contact.status === 'complained' || suppressed(contact.email)) {
      excluded.suppressed++;
      continue;
    }
    if (contact.status !== 'subscribed' || !contact.consent) {
      excluded.unconsented++;
      continue;
    }
    const country = contact.country ?? NO_COUNTRY;
    const via = contact.networks.find((id) => relaying.has(id));
    if (via && !byEmail.has(contact.email)) {
      const key = `${via}|${contact.audience}|${country}`;
      const entry = coverage.get(key) ?? { network: via, audience: contact.audience, country, count: 0 };
      entry.count++;
      coverage.set(key, entry);
    } else if (update.routes.direct) {
      plan(contact.email, contact.name, 'direct', contact.audience, country, contact.language);
    } else if (!byEmail.has(contact.email)) {
      continue;
    }
    reachedAudiences.add(contact.audience);
    reachedCountries.add(country);
  }

  // A chosen network reaches the audiences it serves in its countries (Europe-wide when none).
  for (const network of chosen) {
    if (!relaying.has(network.id)) continue;
    for (const audience of network.audiences) if (targets.audiences.includes(audience)) reachedAudiences.add(audience);
    if (network.countries.length === 0) targets.countries.forEach((c) => reachedCountries.add(c));
    else network.countries.forEach((c) => reachedCountries.add(c));
  }

  return {
    deliveries: [...byEmail.values()],
    coverage: [...coverage.values()],
    excluded,
    gaps: {
      audiences: targets.audiences.filter((a) => !reachedAudiences.has(a)),
      countries: targets.countries.filter((c) => !reachedCountries.has(c)),
    },
  };
}
