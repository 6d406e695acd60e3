import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../../functions/core/contacts/contact.ts';
import { suppressionKeyOf } from '../../../../functions/core/contacts/suppression.ts';
import type { Network } from '../../../../functions/core/networks/network.ts';
import { audiences, languages, type Audience } from '../../../../functions/core/partnership/vocabulary.ts';
import { routeUpdate, type RoutableUpdate } from '../../../../functions/core/routing/route.ts';
import { chooseVariant } from '../../../../functions/core/updates/update.ts';

const emails = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `p${i}@example.org`));
const audience = fc.constantFrom(...audiences);
const language = fc.constantFrom(...languages);
const networkIds = ['n1', 'n2', 'n3'];

const contact = fc.record({
  email: emails,
  name: fc.constant('P'),
  organisation: fc.constant(''),
  audience,
  country: fc.constantFrom('GR', 'FR', 'DE'),
  language,
  topics: fc.constant([]),
  source: fc.constant('test'),
  consent: fc.option(fc.constant({ source: 'test', at: '2026-01-01T00:00:00Z', wordingVersion: 'v1' }), { nil: undefined }),
  status: fc.constantFrom('pending', 'subscribed', 'subscribed', 'unsubscribed', 'bounced', 'complained'),
  networks: fc.subarray(networkIds),
  createdAt: fc.constant('2026-01-01T00:00:00Z'),
  updatedAt: fc.constant('2026-01-01T00:00:00Z'),
}) as fc.Arbitrary<Contact>;

const network = (id: string) =>
  fc.record({
    id: fc.constant(id),
    name: fc.constant(id.toUpperCase()),
    audiences: fc.subarray([...audiences], { minLength: 1 }),
    countries: fc.subarray(['GR', 'FR', 'DE']),
    languages: fc.constant(['en' as const]),
    relayContacts: fc.array(fc.record({ name: fc.constant('Relay'), email: emails }), { minLength: 1, maxLength: 3 }),
    intro: fc.constant(''),
  }) as fc.Arbitrary<Network>;

const update = fc.record({
  id: fc.constant('u-1'),
  variants: fc.uniqueArray(fc.record({ audience, language: fc.option(language, { nil: undefined }) }), { selector: (v) => `${v.audience}:${v.language ?? ''}`, maxLength: 6 }),
  targets: fc.record({ audiences: fc.subarray([...audiences], { minLength: 1 }), topics: fc.constant([]), countries: fc.subarray(['GR', 'FR', 'DE']) }),
  routes: fc.record({ direct: fc.boolean(), networks: fc.subarray(networkIds) }),
}) as fc.Arbitrary<RoutableUpdate>;

const input = fc.record({
  update,
  contacts: fc.array(contact, { maxLength: 30 }),
  networks: fc.tuple(network('n1'), network('n2'), network('n3')).map((t) => [...t]),
  suppressed: fc.subarray(Array.from({ length: 12 }, (_, i) => `p${i}@example.org`)),
});

describe('routing', () => {
  it('never mails a person twice, whatever routes reach them', () => {
    fc.assert(
      fc.property(input, ({ update, contacts, networks, suppressed }) => {
        const { deliveries } = routeUpdate({ update, contacts, networks, suppressions: new Set(suppressed.map(suppressionKeyOf)) });
        expect(new Set(deliveries.map((d) => d.email)).size).toBe(deliveries.length);
      }),
    );
  });

  it('never mails a suppressed address, an unsubscribed, bounced or complained contact, or one without consent', () => {
    fc.assert(
      fc.property(input, ({ update, contacts, networks, suppressed }) => {
        const { deliveries } = routeUpdate({ update, contacts, networks, suppressions: new Set(suppressed.map(suppressionKeyOf)) });
        for (const d of deliveries) {
          expect(suppressed).not.toContain(d.email);
          if (d.route === 'direct') {
            const person = contacts.find((c) => c.email === d.email && c.status === 'subscribed' && c.consent && c.audience === d.audience);
            expect(person).toBeDefined();
          }
        }
      }),
    );
  });

  it('gives each delivery the audience+language variant, else the audience one, else the base', () => {
    fc.assert(
      fc.property(input, ({ update, contacts, networks }) => {
        const { deliveries } = routeUpdate({ update, contacts, networks, suppressions: new Set() });
        for (const d of deliveries) {
          const exact = update.variants.find((v) => v.audience === d.audience && v.language === d.language);
          const general = update.variants.find((v) => v.audience === d.audience && !v.language);
          expect(d.variant).toBe(exact ? `${d.audience}:${d.language}` : general ? d.audience : 'base');
        }
      }),
    );
  });

  it('relays through a chosen network instead of mailing the contacts it reaches', () => {
    const person: Contact = { email: 'a@example.org', name: 'A', organisation: '', audience: 'ngo', country: 'GR', language: 'en', topics: [], source: 't', consent: { source: 't', at: '2026-01-01T00:00:00Z', wordingVersion: 'v' }, status: 'subscribed', networks: ['ecre'], createdAt: '', updatedAt: '' };
    const ecre: Network = { id: 'ecre', name: 'ECRE', audiences: ['ngo'], countries: [], languages: ['en'], relayContacts: [{ name: 'Desk', email: 'desk@ecre.example' }], intro: '' };
    const result = routeUpdate({
      update: { id: 'u-1', variants: [], targets: { audiences: ['ngo', 'research'], topics: [], countries: [] }, routes: { direct: true, networks: ['ecre'] } },
      contacts: [person],
      networks: [ecre],
      suppressions: new Set(),
    });
    expect(result.deliveries.map((d) => [d.email, d.route, d.networkName])).toEqual([['desk@ecre.example', 'relay:ecre', 'ECRE']]);
    expect(result.coverage).toEqual([{ network: 'ecre', audience: 'ngo', country: 'GR', count: 1 }]);
    expect(result.gaps.audiences).toEqual<Audience[]>(['research']);
  });

  it('chooses variants with fallback', () => {
    const variants = [{ audience: 'ngo' as const }, { audience: 'ngo' as const, language: 'fr' as const }];
    expect(chooseVariant({ variants }, 'ngo', 'fr')).toBe('ngo:fr');
    expect(chooseVariant({ variants }, 'ngo', 'de')).toBe('ngo');
    expect(chooseVariant({ variants }, 'research', 'fr')).toBe('base');
  });
});
