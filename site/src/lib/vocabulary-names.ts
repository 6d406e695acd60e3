// The lists, not the schemas: this runs in page scripts, which need no zod.
import { audiences, contactStatuses, languages, topics, type Audience, type Language, type Topic } from '../../../functions/core/partnership/vocabulary-lists.ts';
import { BY_AMAZON_SES, BY_THE_PERSON, BY_THE_SECRETARIAT } from '../../../functions/core/privacy/ledger.ts';

/** Countries the editor offers: the EU's 27, then the EEA's three, Switzerland and the United Kingdom. */
export const pickableCountries = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO', 'CH', 'GB'] as const;

/** Countries an expert may work from: those, then Ukraine and Türkiye. */
export const expertCountries = [...pickableCountries, 'UA', 'TR'] as const;

/**
 * The keys a page hands its script (through `pageMessages`) for these names: audiences and topics by
 * the site's own words, contact statuses and "no country" by the console's.
 */
export const vocabularyMessages = ['audience.', 'topic.', 'console.vocabulary.'];

/** The keys of the ledger's names alone (`ledgerKindName`, `channelName`, `suppressionReasonName`, `consentSourceName`, `recordedByName`), for a page that shows consents and nothing else. */
export const ledgerMessages = ['console.vocabulary.consentSource.', 'console.vocabulary.notification.', 'console.vocabulary.ledger.', 'console.vocabulary.channel.', 'console.vocabulary.suppression.', 'console.vocabulary.recordedBy.', 'console.vocabulary.theSecretariat'];

/**
 * The partnership's vocabularies as people read them in the console, in the page's language:
 * audiences, topics, contact statuses, suppression reasons, contact sources and the consent ledger's
 * words from the catalogues (`text` is the page's translation function: `translator(locale)` in Astro,
 * `messagesOf(root)` in a script), countries and languages by `Intl.DisplayNames`, so every code a
 * person picks or reads is a name. The `reader` is whom the names are for: the secretariat sees which
 * of its members recorded a consent; the person, in their own copy of their data, reads "the secretariat".
 */
export function vocabularyNames(locale: string, text: (key: string, values?: Record<string, string>) => string, reader: 'secretariat' | 'person' = 'secretariat') {
  const regionNames = new Intl.DisplayNames([locale], { type: 'region' });
  const languageNames = new Intl.DisplayNames([locale], { type: 'language' });
  // A key the catalogues lack reads as its code.
  const named = (key: string, code: string, values?: Record<string, string>) => {
    const name = text(key, values);
    return name === key || name === '' ? code : name;
  };
  const byName = <T extends string>(codes: readonly T[], name: (code: T) => string) => codes.map((code) => ({ code, name: name(code) })).sort((a, b) => a.name.localeCompare(b.name, locale));

  const audienceName = (code: string) => named(`audience.${code}`, code);
  const topicName = (code: string) => named(`topic.${code}`, code);
  /** `--` is routing's "no country" (a contact without one, a Europe-wide network). */
  const countryName = (code: string) => (code === '--' ? named('console.vocabulary.noCountry', code) : /^[A-Z]{2}$/.test(code) ? (regionNames.of(code) ?? code) : code);
  const languageName = (code: string) => (/^[a-z]{2}$/.test(code) ? (languageNames.of(code) ?? code) : code);
  /** A contact's status as the console shows it. */
  const contactStatusName = (code: string) => named(`console.vocabulary.status.${code}`, code);
  /** Why an address is suppressed, or a withdrawal's reason (`opt-out` for one channel). */
  const suppressionReasonName = (code: string) => named(`console.vocabulary.suppression.${code}`, code);
  /** How a contact came to be on the list. */
  const contactSourceName = (code: string) => named(`console.vocabulary.source.${code}`, code);
  /**
   * Where a consent or withdrawal came from: its code named with its values (a notification setting
   * named too); an entry recorded before codes, or with a code the catalogues lack, reads as its
   * stored sentence.
   */
  const consentSourceName = ({ source, sourceCode, sourceValues = {} }: { source: string; sourceCode?: string; sourceValues?: Record<string, string> }) => {
    if (!sourceCode) return source;
    const { setting, by } = sourceValues;
    return named(`console.vocabulary.consentSource.${sourceCode}`, source, {
      ...sourceValues,
      ...(setting ? { setting: named(`console.vocabulary.notification.${setting}`, setting) } : {}),
      ...(by && reader === 'person' ? { by: named('console.vocabulary.theSecretariat', by) } : {}),
    });
  };
  /** A ledger entry's kind: a consent or a withdrawal. */
  const ledgerKindName = (code: string) => named(`console.vocabulary.ledger.${code}`, code);
  /** The channel a consent or withdrawal is about (`all` for every one). */
  const channelName = (code: string) => named(`console.vocabulary.channel.${code}`, code);
  /** Who recorded a ledger entry, as a phrase of the page's language ("By Amazon SES"); a secretariat member by address for the secretariat, as "the secretariat" for the person. */
  const recordedByName = (by: string) => {
    const who = { [BY_THE_PERSON]: 'person', [BY_THE_SECRETARIAT]: 'secretariat', [BY_AMAZON_SES]: 'ses' }[by];
    if (who) return named(`console.vocabulary.recordedBy.${who}`, by);
    return reader === 'person' ? named('console.vocabulary.recordedBy.secretariat', by) : named('console.vocabulary.recordedBy.member', by, { who: by });
  };

  return {
    /** The catalogue's name for `key`, or `code` itself (a value as recorded) where the catalogue has none. */
    named,
    audienceName,
    topicName,
    countryName,
    languageName,
    contactStatusName,
    suppressionReasonName,
    contactSourceName,
    consentSourceName,
    ledgerKindName,
    channelName,
    recordedByName,
    audienceChoices: (): { code: Audience; name: string }[] => audiences.map((code) => ({ code, name: audienceName(code) })),
    topicChoices: (): { code: Topic; name: string }[] => byName(topics, topicName),
    languageChoices: (): { code: Language; name: string }[] => byName(languages, languageName),
    countryChoices: () => byName(pickableCountries, countryName),
    expertCountryChoices: () => byName(expertCountries, countryName),
    contactStatusChoices: () => contactStatuses.map((code) => ({ code, name: contactStatusName(code) })),
  };
}
