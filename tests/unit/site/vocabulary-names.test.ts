import { describe, expect, it } from 'vitest';
import { suppressionReasons } from '../../../functions/core/contacts/suppression.ts';
import en from '../../../site/src/i18n/en.json' with { type: 'json' };
import fr from '../../../site/src/i18n/fr.json' with { type: 'json' };
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
});
