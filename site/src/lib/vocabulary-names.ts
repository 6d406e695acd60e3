// The lists, not the schemas: this runs in page scripts, which need no zod.
import { audiences, contactStatuses, languages, topics, type Audience, type Language, type Topic } from '../../../functions/core/partnership/vocabulary-lists.ts';

/** Countries the editor offers: the EU's 27, then the EEA's three, Switzerland and the United Kingdom. */
export const pickableCountries = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO', 'CH', 'GB'] as const;

/** Countries an expert may work from: those, then Ukraine and Türkiye. */
export const expertCountries = [...pickableCountries, 'UA', 'TR'] as const;

/**
 * The keys a page hands its script (through `pageMessages`) for these names: audiences and topics by
 * the site's own words, contact statuses and "no country" by the console's.
 */
export const vocabularyMessages = ['audience.', 'topic.', 'console.vocabulary.'];

/** The keys of `consentSourceName` alone, for a page that names consent sources and nothing else. */
export const consentSourceMessages = ['console.vocabulary.consentSource.', 'console.vocabulary.notification.'];

/**
 * The partnership's vocabularies as people read them in the console, in the page's language:
 * audiences, topics, contact statuses, suppression reasons, contact sources and consent sources from the catalogues (`text` is the page's translation
 * function: `translator(locale)` in Astro, `messagesOf(root)` in a script), countries and languages by
 * `Intl.DisplayNames`, so every code a person picks or reads is a name.
 */
export function vocabularyNames(locale: string, text: (key: string, values?: Record<string, string>) => string) {
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
    const setting = sourceValues.setting;
    return named(`console.vocabulary.consentSource.${sourceCode}`, source, setting ? { ...sourceValues, setting: named(`console.vocabulary.notification.${setting}`, setting) } : sourceValues);
  };

  return {
    audienceName,
    topicName,
    countryName,
    languageName,
    contactStatusName,
    suppressionReasonName,
    contactSourceName,
    consentSourceName,
    audienceChoices: (): { code: Audience; name: string }[] => audiences.map((code) => ({ code, name: audienceName(code) })),
    topicChoices: (): { code: Topic; name: string }[] => byName(topics, topicName),
    languageChoices: (): { code: Language; name: string }[] => byName(languages, languageName),
    countryChoices: () => byName(pickableCountries, countryName),
    expertCountryChoices: () => byName(expertCountries, countryName),
    contactStatusChoices: () => contactStatuses.map((code) => ({ code, name: contactStatusName(code) })),
  };
}
