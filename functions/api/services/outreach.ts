import { audiences } from '../../core/partnership/vocabulary.ts';
import { outreachView, reachOf, type Participant, type Period, type UpdateReach } from '../../core/reports/outreach.ts';
import type { Deps } from '../deps.ts';
import { periodBounds } from './reports.ts';

/**
 * Whom updates reached comes from the mail pipeline's deliveries. Until its delivery store offers
 * reach by period, this source answers "not available", and the view says the updates column is
 * pending rather than showing zeros that would read as gaps.
 */
export const updateReachPending: UpdateReach = {
  reachByUpdates: async () => undefined,
};

/** Organisations that are themselves networks count as reaching that network. */
function networksNamedIn(organisation: string, networks: { id: string; name: string }[]) {
  const text = organisation.toLowerCase();
  return networks.filter((n) => new RegExp(`\\b${n.name.toLowerCase().replace(/[^a-z0-9 ]/g, '')}\\b`).test(text)).map((n) => n.id);
}

/** Who came to the events of a period: their country (member profile), audience and networks (contact record). */
async function eventParticipants(deps: Deps, period: Period, networks: { id: string; name: string }[]): Promise<Participant[]> {
  const events = await deps.events.eventsStartingBetween(period.from.toISOString(), period.to.toISOString());
  const registrations = (await Promise.all(events.map((e) => deps.registrations.registrationsOf(e.id)))).flat().filter((r) => r.status === 'registered');
  return Promise.all(
    registrations.map(async (r) => {
      const [member, contact] = await Promise.all([deps.partnership.getMember(r.email), deps.partnership.getContact(r.email)]);
      return {
        country: contact?.country ?? member?.country,
        audience: contact?.audience,
        networks: [...new Set([...(contact?.networks ?? []), ...networksNamedIn(r.organisation || member?.organisation || '', networks)])],
      };
    }),
  );
}

export async function outreachFor(deps: Deps, from: string, to: string, updates: UpdateReach = updateReachPending) {
  const bounds = periodBounds(from, to);
  const period = { from: new Date(bounds.from), to: new Date(bounds.to) };
  const networks = await deps.partnership.listNetworks();
  const [participants, byUpdates, contactCountries] = await Promise.all([
    eventParticipants(deps, period, networks),
    updates.reachByUpdates(period),
    Promise.all(audiences.map((a) => deps.partnership.contactsOfAudience(a))),
  ]);
  const countries = [...new Set(contactCountries.flat().map((c) => c.country).filter((c): c is string => !!c))].sort();
  return {
    from,
    to,
    ...outreachView({
      universe: { audiences: [...audiences], countries, networks: networks.map((n) => ({ id: n.id, name: n.name })) },
      events: reachOf(participants),
      updates: byUpdates,
    }),
  };
}
