import { fillPlaceholders, type HubLanguage } from '../languages.ts';
import { en } from './words/en.ts';
import { fr } from './words/fr.ts';

/**
 * The words around what people write: greetings, footers, link labels and the emails the hub writes
 * itself, in each language the hub's emails speak. A recipient gets their own language (a contact's
 * or member's preference) when the hub speaks it, English otherwise; the pages the links open are in
 * that language too (`localPath`), and dates and numbers are written the language's way. Adding a
 * language is one more file under words/ with every key (TypeScript holds it to the English one's
 * keys, a unit test to its placeholders), listed here, and its pages on the site.
 */
export type MailWord = keyof typeof en;
export type MailCatalogue = Record<MailWord, string>;

const catalogues = { en, fr } satisfies Record<HubLanguage, MailCatalogue>;
export type MailLanguage = keyof typeof catalogues;
export const mailLanguages = Object.keys(catalogues) as MailLanguage[];
/** Every language's catalogue, for the test that holds them to the same keys and placeholders. */
export const mailCatalogues: Readonly<Record<MailLanguage, MailCatalogue>> = catalogues;

/** The language an email is written in: the person's own when the hub's emails speak it, else English. */
export function mailLanguage(language: string | undefined): MailLanguage {
  return language && Object.hasOwn(catalogues, language) ? (language as MailLanguage) : 'en';
}

/** The partnership's name as each language writes it in running text. */
const partnership: Record<MailLanguage, string> = {
  en: 'Partnership on Inclusion of Migrants and Refugees',
  fr: 'Partenariat pour l’inclusion des migrants et des réfugiés',
};

/** A key with a count's forms (`<key>.one`, `<key>.other`). */
type CountedWord = MailWord extends infer K ? (K extends `${infer Base}.one` ? Base : never) : never;

/**
 * The words of one language, `{name}` placeholders filled; {partnership} is always known. `language`
 * names it, for the email's markup; `count` picks a count's form by the language's plural rules (and
 * fills {count}); `number` and `date` write them the language's way.
 */
export function mailWords(language: string | undefined) {
  const lang = mailLanguage(language);
  const words = catalogues[lang];
  const say = (key: MailWord, values: Record<string, string> = {}) => fillPlaceholders(words[key], { ...values, partnership: partnership[lang] });
  const number = (n: number) => new Intl.NumberFormat(lang).format(n);
  return Object.assign(say, {
    language: lang,
    number,
    count: (key: CountedWord, n: number, values: Record<string, string> = {}) =>
      say(`${key}.${new Intl.PluralRules(lang).select(n) === 'one' ? 'one' : 'other'}` as MailWord, { ...values, count: number(n) }),
    /** A day (and time, when asked) as the language writes it, in UTC like every time the hub states. */
    date: (iso: string, withTime = false) =>
      new Intl.DateTimeFormat(lang, { dateStyle: 'long', ...(withTime ? { timeStyle: 'short', hourCycle: 'h23' } : {}), timeZone: 'UTC' }).format(new Date(iso)) + (withTime ? ' UTC' : ''),
  });
}
export type MailWords = ReturnType<typeof mailWords>;

/** The site path of a page in the email's language: English pages have no prefix, others live under /<lang>/. */
export function localPath(language: string | undefined, path: string): string {
  const lang = mailLanguage(language);
  return lang === 'en' ? path : `/${lang}${path}`;
}
