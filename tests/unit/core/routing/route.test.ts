import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../../functions/core/contacts/contact.ts';
import { suppressionKeyOf } from '../../../../functions/core/contacts/suppression.ts';
import type { Network } from '../../../../functions/core/networks/network.ts';
import type { Audience } from '../../../../functions/core/partnership/vocabulary.ts';
import { routeUpdate } from '../../../../functions/core/routing/route.ts';
import { chooseVariant } from '../../../../functions/core/updates/update.ts';
import { input } from './arbitraries.ts';

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

  it("gives each delivery the audience+language variant, else its language's, else its audience's, else the base", () => {
    fc.assert(
      fc.property(input, ({ update, contacts, networks }) => {
        const { deliveries } = routeUpdate({ update, contacts, networks, suppressions: new Set() });
        for (const d of deliveries) {
          const exact = update.variants.find((v) => v.audience === d.audience && v.language === d.language);
          const translation = update.variants.find((v) => !v.audience && v.language === d.language);
          const general = update.variants.find((v) => v.audience === d.audience && !v.language);
          expect(d.variant).toBe(exact ? `${d.audience}:${d.language}` : translation ? `all:${d.language}` : general ? d.audience : 'base');
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
    // A translation of the update comes before a text for the audience in another language.
    const withTranslation = [...variants, { language: 'de' as const }];
    expect(chooseVariant({ variants: withTranslation }, 'ngo', 'de')).toBe('all:de');
    expect(chooseVariant({ variants: withTranslation }, 'research', 'de')).toBe('all:de');
    expect(chooseVariant({ variants: withTranslation }, 'ngo', 'fr')).toBe('ngo:fr');
  });
});
