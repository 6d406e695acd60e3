import { audiences } from '../../core/partnership/vocabulary.ts';
import { emptyReach, outreachView, reachOf, type Participant, type Period, type UpdateReach } from '../../core/reports/outreach.ts';
import type { Deps } from '../deps.ts';
import { callsReach } from './experts.ts';
import { periodBounds } from './reports.ts';

/** How many updates sent in a period the view reads: the most recent ones, newest first. */
const UPDATES_PER_PERIOD = 200;
/** A delivery counts as reaching someone once SES took it; failures, bounces and complaints do not. */
const REACHED = new Set(['sent', 'delivered']);

/**
 * Whom updates reached, from the mail pipeline's own records: the updates sent in the period (the
 * archive index, newest first) and each update's report counters (status × route × audience ×
 * country), so the view reads one item per update rather than every delivery.
 */
export function deliveryReach(deps: Pick<Deps, 'deliveries' | 'updates'>): UpdateReach {
  return {
    async reachByUpdates(period) {
      const sent = (await deps.updates.archive(UPDATES_PER_PERIOD)).filter((u) => {
        const at = Date.parse(u.sendingAt ?? '');
        return at >= period.from.getTime() && at <= period.to.getTime();
      });
      const reach = emptyReach();
      const add = (bucket: Record<string, number>, key: string, count: number) => {
        bucket[key] = (bucket[key] ?? 0) + count;
      };
      for (const update of sent) {
        const { counts } = await deps.deliveries.report(update.id);
        for (const c of counts) {
          if (!REACHED.has(c.status)) continue;
          add(reach.audiences, c.audience, c.count);
          if (c.country && c.country !== '--') add(reach.countries, c.country, c.count);
          if (c.route.startsWith('relay:')) add(reach.networks, c.route.slice('relay:'.length), c.count);
        }
      }
      return reach;
    },
  };
}

/** Organisations that are themselves networks count as reaching that network. */
function networksNamedIn(organisation: string, networks: { id: string; name: string }[]) {
  const text = organisation.toLowerCase();
  return networks.filter((n) => new RegExp(`\\b${n.name.toLowerCase().replace(/[^a-z0-9 ]/g, '')}\\b`).test(text)).map((n) => n.id);
}

/** Who came to the events of a period: their country (member profile), audience and networks (contact record). */
async function eventParticipants(deps: Pick<Deps, 'events' | 'partnership' | 'registrations'>, period: Period, networks: { id: string; name: string }[]): Promise<Participant[]> {
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

export async function outreachFor(deps: Pick<Deps, 'deliveries' | 'events' | 'experts' | 'partnership' | 'registrations' | 'updates'>, from: string, to: string, updates: UpdateReach = deliveryReach(deps)) {
  const bounds = periodBounds(from, to);
  const period = { from: new Date(bounds.from), to: new Date(bounds.to) };
  const networks = await deps.partnership.listNetworks();
  const [participants, byUpdates, contactCountries, calls] = await Promise.all([
    eventParticipants(deps, period, networks),
    updates.reachByUpdates(period),
    Promise.all(audiences.map((a) => deps.partnership.contactsOfAudience(a))),
    callsReach(deps, period),
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
    calls,
  };
}
