import { describe, expect, it } from 'vitest';
import { suppressionReasons } from '../../../functions/core/contacts/suppression.ts';
import { BY_AMAZON_SES, BY_THE_PERSON, BY_THE_SECRETARIAT, channels, sourceCodes, sourceOf } from '../../../functions/core/privacy/ledger.ts';
import en from '../../../site/src/i18n/en.json' with { type: 'json' };
import fr from '../../../site/src/i18n/fr.json' with { type: 'json' };
import { messagesOf } from '../../../site/src/lib/messages.ts';
import { vocabularyNames } from '../../../site/src/lib/vocabulary-names.ts';

describe("the console's names of a contact's codes", () => {
  it('names every suppression reason, an opt-out and the contact sources in the page’s language, a code it lacks as itself', () => {
    // Prepare: the page's words as a script reads them (`messagesOf`: a key it lacks reads as the key).
    const words = (catalogue: Record<string, string>) => (key: string) => catalogue[key] ?? key;
    const french = vocabularyNames('fr', words(fr));
    const english = vocabularyNames('en', words(en));
    // Assess
    expect([...suppressionReasons, 'opt-out'].map(french.suppressionReasonName)).toEqual(['désabonnement', 'adresse en échec', 'plainte (signalé comme spam)', 'effacement', 'désinscription de ce canal']);
    expect([...suppressionReasons, 'opt-out'].map(english.suppressionReasonName)).toEqual(['unsubscribed', 'address bounced', 'complained (marked as spam)', 'erased', 'opted out of this channel']);
    expect(['import', 'site-form'].map(french.contactSourceName)).toEqual(['Importé par le secrétariat', 'Formulaire d’abonnement du site']);
    expect(french.contactSourceName('seed')).toBe('seed');
    expect(french.suppressionReasonName('moved-away')).toBe('moved-away');
  });

  it('names every consent source with its values in the page’s language, an entry recorded before codes by its stored sentence', () => {
    // Prepare: one source of each code, as the hub records it, and the page's words as `messagesOf` reads them from the page.
    const page = (catalogue: Record<string, string>) => messagesOf({ dataset: { messages: JSON.stringify(catalogue) } } as unknown as HTMLElement);
    const french = vocabularyNames('fr', page(fr));
    const english = vocabularyNames('en', page(en));
    const recorded = [
      sourceOf('site-form'),
      sourceOf('unsubscribe-link'),
      sourceOf('import', { by: 'secretariat@example.org' }),
      sourceOf('event-registration', { event: 'Annual meeting', eventId: 'ev-1' }),
      sourceOf('notifications-link', { setting: 'digest', group: 'Housing', groupId: 'action-3' }),
      sourceOf('members-pages', { setting: 'off', group: 'Housing', groupId: 'action-3' }),
      sourceOf('expert-form'),
      sourceOf('expert-proposal'),
      sourceOf('expert-left'),
      sourceOf('expert-no-more-calls'),
      sourceOf('ses-bounce'),
      sourceOf('ses-complaint'),
      sourceOf('erasure-asked'),
      sourceOf('erasure-by-secretariat'),
      sourceOf('demo-seed'),
    ];
    expect(recorded.map((s) => s.sourceCode)).toEqual(sourceCodes);
    // Act
    const inFrench = recorded.map(french.consentSourceName);
    const inEnglish = recorded.map(english.consentSourceName);
    // Assess
    expect(inFrench).toEqual([
      'formulaire du site (double confirmation)',
      'lien de désabonnement d’un courriel',
      'import par secretariat@example.org',
      'inscription à l’événement « Annual meeting » (ev-1)',
      'lien de réglage d’un courriel de notification : résumé quotidien pour le groupe « Housing »',
      'pages des membres : aucun courriel pour le groupe « Housing »',
      'formulaire du vivier d’experts',
      'proposé par un membre, confirmé par l’expert',
      'départ du vivier d’experts',
      'plus d’appels (lien en un clic dans un appel)',
      'Amazon SES : échec définitif',
      'Amazon SES : plainte',
      'effacement demandé sur la page « Vos données »',
      'effacement par le secrétariat',
      'données de démonstration',
    ]);
    expect(inEnglish).toEqual([
      'site form (double opt-in)',
      'unsubscribe link in an email',
      'import by secretariat@example.org',
      'registered for the event “Annual meeting” (ev-1)',
      'settings link in a notification email: daily digest for the group “Housing”',
      'members’ pages: no emails for the group “Housing”',
      'expert pool form',
      'proposed by a member, confirmed by the expert',
      'left the expert pool',
      'no more calls (one-click link in a call)',
      'Amazon SES: permanent bounce',
      'Amazon SES: complaint',
      'erasure asked on the “Your data” page',
      'erasure by the secretariat',
      'demo data',
    ]);
    // An entry recorded before codes, and one whose code the catalogues lack, read as their stored sentence.
    expect(french.consentSourceName({ source: 'import by legacy@example.org' })).toBe('import by legacy@example.org');
    expect(french.consentSourceName({ source: 'a sentence of a later hub', sourceCode: 'later-code', sourceValues: { by: 'x' } })).toBe('a sentence of a later hub');
  });

  it('names a ledger entry’s kind, channel and who recorded it as phrases of the page’s language; a secretariat member by address for the secretariat, as the secretariat for the person', () => {
    // Prepare: the page's words as `messagesOf` reads them, for the console and for the person's own copy.
    const page = (catalogue: Record<string, string>) => messagesOf({ dataset: { messages: JSON.stringify(catalogue) } } as unknown as HTMLElement);
    const secretariat = vocabularyNames('fr', page(fr));
    const person = vocabularyNames('fr', page(fr), 'person');
    const english = vocabularyNames('en', page(en), 'person');
    const recordedBy = [BY_THE_PERSON, BY_THE_SECRETARIAT, BY_AMAZON_SES, 'secretariat@example.org'];
    // Assess
    expect(['consent', 'withdrawal'].map(secretariat.ledgerKindName)).toEqual(['Consentement', 'Retrait']);
    expect([...channels, 'all'].map(secretariat.channelName)).toEqual(['Mises à jour', 'Notifications des forums', 'Vivier d’experts', 'Événements', 'Courriels d’adhésion', 'Tous les canaux']);
    expect(recordedBy.map(secretariat.recordedByName)).toEqual(['Par la personne', 'Par le secrétariat', 'Par Amazon SES', 'Par secretariat@example.org']);
    expect(recordedBy.map(person.recordedByName)).toEqual(['Par la personne', 'Par le secrétariat', 'Par Amazon SES', 'Par le secrétariat']);
    expect(recordedBy.map(english.recordedByName)).toEqual(['By the person', 'By the secretariat', 'By Amazon SES', 'By the secretariat']);
    // The import's source names its secretariat member for the console only.
    const imported = sourceOf('import', { by: 'secretariat@example.org' });
    expect(secretariat.consentSourceName(imported)).toBe('import par secretariat@example.org');
    expect(person.consentSourceName(imported)).toBe('import par le secrétariat');
    expect(english.consentSourceName(imported)).toBe('import by the secretariat');
    // A kind or channel of a later hub reads as its code.
    expect(person.channelName('calls')).toBe('calls');
  });
});
