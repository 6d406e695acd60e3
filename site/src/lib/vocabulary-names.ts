import en from '../i18n/en.json' with { type: 'json' };
import { audiences, languages, topics, type Audience, type Language, type Topic } from '../../../functions/core/partnership/vocabulary.ts';
import { contactStatuses } from '../../../functions/core/contacts/contact.ts';

/**
 * The partnership's vocabularies as people read them in the console (English, like the console):
 * audiences and topics by the site's own words, countries and languages by the browser's
 * `Intl.DisplayNames`, so every code a person picks or reads is a name.
 */
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** Countries the editor offers: the EU's 27, then the EEA's three, Switzerland and the United Kingdom. */
export const pickableCountries = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO', 'CH', 'GB'] as const;

export const audienceName = (code: string) => (en as Record<string, string>)[`audience.${code}`] ?? code;
export const topicName = (code: string) => (en as Record<string, string>)[`topic.${code}`] ?? code;
/** `--` is routing's "no country" (a contact without one, a Europe-wide network). */
export const countryName = (code: string) => (code === '--' ? 'No country (Europe-wide)' : /^[A-Z]{2}$/.test(code) ? (regionNames.of(code) ?? code) : code);
export const languageName = (code: string) => (/^[a-z]{2}$/.test(code) ? (languageNames.of(code) ?? code) : code);

const byName = <T extends string>(codes: readonly T[], name: (code: T) => string) => codes.map((code) => ({ code, name: name(code) })).sort((a, b) => a.name.localeCompare(b.name, 'en'));

export const audienceChoices = (): { code: Audience; name: string }[] => audiences.map((code) => ({ code, name: audienceName(code) }));
export const topicChoices = (): { code: Topic; name: string }[] => byName(topics, topicName);
export const languageChoices = (): { code: Language; name: string }[] => byName(languages, languageName);
export const countryChoices = () => byName(pickableCountries, countryName);

const contactStatusNames: Record<string, string> = {
  pending: 'Pending confirmation',
  subscribed: 'Subscribed',
  unsubscribed: 'Unsubscribed',
  bounced: 'Bounced',
  complained: 'Complained (marked as spam)',
};
/** A contact's status as the console shows it. */
export const contactStatusName = (code: string) => contactStatusNames[code] ?? code;
export const contactStatusChoices = () => contactStatuses.map((code) => ({ code, name: contactStatusName(code) }));
