import fc from 'fast-check';
import type { Contact } from '../../../../functions/core/contacts/contact.ts';
import type { Network } from '../../../../functions/core/networks/network.ts';
import { audiences, languages } from '../../../../functions/core/partnership/vocabulary.ts';
import type { RoutableUpdate } from '../../../../functions/core/routing/route.ts';

/** Arbitraries of routing's input: twelve addresses, so that people meet on several routes. */
export const emails = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `p${i}@example.org`));
export const audience = fc.constantFrom(...audiences);
export const language = fc.constantFrom(...languages);
export const networkIds = ['n1', 'n2', 'n3'];

export const contact = fc.record({
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

export const network = (id: string) =>
  fc.record({
    id: fc.constant(id),
    name: fc.constant(id.toUpperCase()),
    audiences: fc.subarray([...audiences], { minLength: 1 }),
    countries: fc.subarray(['GR', 'FR', 'DE']),
    languages: fc.constant(['en' as const]),
    relayContacts: fc.array(fc.record({ name: fc.constant('Relay'), email: emails }), { minLength: 1, maxLength: 3 }),
    intro: fc.constant(''),
  }) as fc.Arbitrary<Network>;

export const update = fc.record({
  id: fc.constant('u-1'),
  // For an audience, a language (a translation) or both.
  variants: fc.uniqueArray(
    fc.oneof(fc.record({ audience, language: fc.option(language, { nil: undefined }) }), fc.record({ audience: fc.constant(undefined), language })),
    { selector: (v) => `${v.audience ?? ''}:${v.language ?? ''}`, maxLength: 6 },
  ),
  targets: fc.record({ audiences: fc.subarray([...audiences], { minLength: 1 }), topics: fc.constant([]), countries: fc.subarray(['GR', 'FR', 'DE']) }),
  routes: fc.record({ direct: fc.boolean(), networks: fc.subarray(networkIds) }),
}) as fc.Arbitrary<RoutableUpdate>;

export const input = fc.record({
  update,
  contacts: fc.array(contact, { maxLength: 30 }),
  networks: fc.tuple(network('n1'), network('n2'), network('n3')).map((t) => [...t]),
  suppressed: fc.subarray(Array.from({ length: 12 }, (_, i) => `p${i}@example.org`)),
});

