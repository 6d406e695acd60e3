import { describe, expect, it } from 'vitest';
import { localPath, mailCatalogues, mailLanguage, mailLanguages, mailWords } from '../../../../functions/core/mail/words.ts';
import { confirmationEmail } from '../../../../functions/core/subscriptions/subscription.ts';
import { renderUpdateEmail } from '../../../../functions/core/updates/render.ts';

const update = { title: 'Housing first', subject: 'Housing first in cities', body: 'The **guide** is out.', variants: [], targets: { audiences: [], countries: [], topics: [] }, routes: { direct: true, networks: [] } };
const delivery = { email: 'claire@example.org', name: 'Claire', route: 'relay:eurocities' as const, variant: 'base', mailToken: 'm'.repeat(43), relayToken: 'r'.repeat(43), updateId: 'u-1', recipientKey: 'k'.repeat(32), audience: 'local-authority' as const, networkName: 'EUROCITIES' };

describe("the words around what people write, in the recipient's language", () => {
  it('speaks English and French, and English to anyone else', () => {
    expect(mailLanguages).toEqual(['en', 'fr']);
    expect(mailLanguage('fr')).toBe('fr');
    expect(mailLanguage('de')).toBe('en');
    expect(mailLanguage(undefined)).toBe('en');
    expect(mailLanguage('constructor')).toBe('en');
    expect(localPath('fr', '/unsubscribe/')).toBe('/fr/unsubscribe/');
    expect(localPath('pt', '/unsubscribe/')).toBe('/unsubscribe/');
  });

  it('has every key in every language, with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const english = mailCatalogues.en;
    for (const language of mailLanguages) {
      const catalogue = mailCatalogues[language];
      expect(Object.keys(catalogue).sort(), language).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(english)) {
        expect(catalogue[key as keyof typeof english].trim(), `${language} ${key}`).not.toBe('');
        expect(placeholders(catalogue[key as keyof typeof english]), `${language} ${key}`).toEqual(placeholders(text));
      }
    }
  });

  it('writes counts, numbers and dates the way the language does', () => {
    expect(mailWords('fr').count('digest.heading', 1, { group: 'G' })).toBe('1 nouveau message dans G');
    expect(mailWords('fr').count('digest.heading', 2, { group: 'G' })).toBe('2 nouveaux messages dans G');
    expect(mailWords('en').count('digest.heading', 1, { group: 'G' })).toBe('1 new post in G');
    expect(mailWords('fr').number(12000)).toBe(new Intl.NumberFormat('fr').format(12000));
    expect(mailWords('en').number(12000)).toBe('12,000');
    expect(mailWords('fr').date('2027-03-02T09:30:00Z', true)).toBe('2 mars 2027 à 09:30 UTC');
    expect(mailWords('en').date('2027-03-02T09:30:00Z')).toBe('March 2, 2027');
  });

  it('fills placeholders and names the partnership in the language', () => {
    expect(mailWords('fr')('update.relay.subject', { network: 'EUROCITIES', subject: 'Logement' })).toBe('À relayer à EUROCITIES : Logement');
    expect(mailWords('en')('update.footer')).toBe('You receive this update from the Partnership on Inclusion of Migrants and Refugees because you subscribed to its updates.');
  });

  it("writes a French relay contact's forward-ready version in French around the update's own words, with French pages", () => {
    const mail = renderUpdateEmail(update, { ...delivery, language: 'fr' }, 'https://hub.example.org');
    expect(mail.subject).toBe('À relayer à EUROCITIES : Housing first in cities');
    expect(mail.text).toContain('Bonjour Claire,');
    expect(mail.text).toContain('Je l’ai relayée: https://hub.example.org/fr/relayed/#');
    expect(mail.text).toContain('Se désabonner: https://hub.example.org/fr/unsubscribe/#');
    expect(mail.text).toContain('The **guide** is out.');
    // The one-click target is the API's, whatever the language
    expect(mail.unsubscribeUrl).toMatch(/^https:\/\/hub\.example\.org\/api\/unsubscribe\//);
    const english = renderUpdateEmail(update, { ...delivery, language: 'de' }, 'https://hub.example.org');
    expect(english.subject).toBe('To relay to EUROCITIES: Housing first in cities');
    expect(english.text).toContain('Unsubscribe: https://hub.example.org/unsubscribe/#');
  });

  it("confirms a French subscription in French, on the French page", () => {
    const mail = confirmationEmail({ email: 'a@example.org', token: 't'.repeat(43), baseUrl: 'https://hub.example.org', language: 'fr' });
    expect(mail.subject).toBe('Confirmez votre abonnement aux informations du Partenariat pour l’inclusion des migrants et des réfugiés');
    expect(mail.text).toContain(`Ouvrir la page de confirmation: https://hub.example.org/fr/subscribe/confirm/#${'t'.repeat(43)}`);
    expect(mail.html).toContain('<html lang="fr">');
  });
});
