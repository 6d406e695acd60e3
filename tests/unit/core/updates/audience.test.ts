import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressionKeyOf } from '../../../../functions/core/contacts/suppression.ts';
import type { Contact } from '../../../../functions/core/contacts/contact.ts';
import type { Network } from '../../../../functions/core/networks/network.ts';
import { routeUpdate, type RoutableUpdate } from '../../../../functions/core/routing/route.ts';
import { countAudience, type AudiencePorts } from '../../../../functions/core/updates/audience.ts';
import { contact, network, update as routableUpdate } from '../routing/arbitraries.ts';

/** Contacts paged like the audience index; the clock moves `tick` ms at each reading. */
function memoryPorts(contacts: Contact[], networks: Network[], suppressed: Set<string>, tick = 0) {
  let now = 0;
  const reads: string[] = [];
  const ports: AudiencePorts = {
    networks: async () => networks,
    async contactsPage(audience, after, limit) {
      reads.push(audience);
      const all = contacts.filter((c) => c.audience === audience);
      const from = after ? Number(after) : 0;
      const next = from + limit;
      return { contacts: all.slice(from, next), ...(next < all.length ? { after: String(next) } : {}) };
    },
    suppressed: async (keys) => new Set(keys.filter((k) => suppressed.has(k))),
    clock: () => (now += tick),
  };
  return { ports, reads };
}

const consent = { source: 't', at: '2026-01-01T00:00:00Z', wordingVersion: 'v1' };
/** A subscribed NGO in Greece with a consent record, unless told otherwise. */
const person = (email: string, rest: Partial<Contact> = {}): Contact => ({ email, name: 'P', organisation: '', audience: 'ngo', country: 'GR', language: 'en', topics: [], source: 't', networks: [], status: 'subscribed', consent, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', ...rest });

/** One contact per address, as the contact book keeps them. */
const uniqueContacts = fc.uniqueArray(contact, { selector: (c) => c.email, maxLength: 12 });

describe('the audience dry run', () => {
  it('counts the recipients, exclusions and gaps routing the whole list at once plans, whatever the page size', async () => {
    await fc.assert(
      fc.asyncProperty(routableUpdate, uniqueContacts, fc.tuple(network('n1'), network('n2'), network('n3')), fc.subarray(Array.from({ length: 12 }, (_, i) => `p${i}@example.org`)), fc.integer({ min: 1, max: 5 }), async (update, contacts, nets, suppressedEmails, pageSize) => {
        // Prepare
        const networks = [...nets];
        const suppressions = new Set(suppressedEmails.map(suppressionKeyOf));
        const whole = routeUpdate({ update, contacts: contacts.filter((c) => update.targets.audiences.includes(c.audience)), networks, suppressions });
        // Act
        const count = await countAudience(memoryPorts(contacts, networks, suppressions).ports, update, { pageSize });
        // Assess
        expect(count.complete).toBe(true);
        expect(count.recipients).toBe(whole.deliveries.length);
        expect(count.direct).toBe(whole.deliveries.filter((d) => d.route === 'direct').length);
        expect(count.direct + count.relayed.reduce((n, r) => n + r.relayContacts, 0)).toBe(count.recipients);
        expect(count.relayed.reduce((n, r) => n + r.covered, 0)).toBe(whole.coverage.reduce((n, c) => n + c.count, 0));
        for (const totals of [count.byAudience, count.byCountry, count.byLanguage]) expect(Object.values(totals).reduce((n, x) => n + x, 0)).toBe(count.recipients);
        expect({ suppressed: count.excluded.suppressed, unconsented: count.excluded.unconsented }).toEqual(whole.excluded);
        const { unsubscribed, bounced, complained, suppressionList, relaySuppressed, pending, noConsent } = count.excluded;
        expect(unsubscribed + bounced + complained + suppressionList + relaySuppressed).toBe(count.excluded.suppressed);
        expect(pending + noConsent).toBe(count.excluded.unconsented);
        expect(count.gaps).toEqual(whole.gaps);
      }),
      { numRuns: 200 },
    );
  });

  it('names each reason a targeted contact gets nothing', async () => {
    // Prepare
    const { consent: _none, ...unconsented } = person('e@example.org');
    const contacts: Contact[] = [person('a@example.org', { status: 'unsubscribed' }), person('b@example.org', { status: 'bounced' }), person('c@example.org'), { ...unconsented, status: 'pending', email: 'd@example.org' }, unconsented, person('f@example.org')];
    const update: RoutableUpdate = { id: 'u-1', variants: [], targets: { audiences: ['ngo'], countries: [], topics: [] }, routes: { direct: true, networks: [] } };
    // Act
    const count = await countAudience(memoryPorts(contacts, [], new Set([suppressionKeyOf('c@example.org')])).ports, update);
    // Assess
    expect(count).toMatchObject({ complete: true, read: 6, recipients: 1, direct: 1, byAudience: { ngo: 1 }, byCountry: { GR: 1 }, byLanguage: { en: 1 } });
    expect(count.excluded).toEqual({ suppressed: 3, unconsented: 2, relaySuppressed: 0, unsubscribed: 1, bounced: 1, complained: 0, suppressionList: 1, pending: 1, noConsent: 1 });
  });

  it('counts only contacts sharing a targeted topic, and everyone when no topic is targeted', async () => {
    // Prepare
    const contacts = [person('h@example.org', { topics: ['housing', 'health'] }), person('e@example.org', { topics: ['employment'] }), person('n@example.org')];
    const update = (topics: RoutableUpdate['targets']['topics']): RoutableUpdate => ({ id: 'u-1', variants: [], targets: { audiences: ['ngo'], countries: [], topics }, routes: { direct: true, networks: [] } });
    const { ports } = memoryPorts(contacts, [], new Set());
    // Act
    const [housing, either, none] = await Promise.all([countAudience(ports, update(['housing'])), countAudience(ports, update(['housing', 'employment'])), countAudience(ports, update([]))]);
    // Assess
    expect([housing.recipients, either.recipients, none.recipients]).toEqual([1, 2, 3]);
  });

  it('stops reading when its time budget is spent and says the count is not complete', async () => {
    // Prepare: 25 NGOs, pages of 10, and each clock reading 400 ms later than the last.
    const contacts = Array.from({ length: 25 }, (_, i) => person(`n${i}@example.org`));
    const update: RoutableUpdate = { id: 'u-1', variants: [], targets: { audiences: ['ngo'], countries: [], topics: [] }, routes: { direct: true, networks: [] } };
    const { ports, reads } = memoryPorts(contacts, [], new Set(), 400);
    // Act
    const count = await countAudience(ports, update, { pageSize: 10, budgetMs: 1000 });
    // Assess: the start reads 400, the pages 800 and 1200 (400 and 800 ms spent): two pages; at 1600 the budget is spent.
    expect(reads).toHaveLength(2);
    expect(count).toMatchObject({ complete: false, read: 20, recipients: 20 });
  });
});
