import { z } from 'zod';
import type { AgreementState } from './agreements/agreement.ts';
import { fillPlaceholders, hubLanguages, type HubLanguage } from './languages.ts';
import type { UpdateStatus } from './updates/update.ts';
import { en } from './refusals/en.ts';
import { fr } from './refusals/fr.ts';

/**
 * The words of the API's refusals and of its field errors, in each language the hub speaks. A
 * domain error carries a key of this catalogue and the values of its `{name}` placeholders; the API
 * writes it in the language the request accepts (`Accept-Language`), English otherwise. A schema's own
 * message is a `field.` key, written the same way; zod's own messages come from zod's locale of the
 * language. Adding a language is one more file under refusals/ with every key (TypeScript holds it
 * to the English one's keys, a unit test to its placeholders), listed here and in languages.ts.
 */
export type RefusalKey = keyof typeof en;
export type RefusalCatalogue = Record<RefusalKey, string>;
/** A value a refusal names in its reader's words: another key of the catalogue (a state, see `stateNamed`). */
export type NamedValue = { readonly named: RefusalKey };
/** The values of a refusal's placeholders; numbers are written the language's way, a named value in the language's words. */
export type RefusalValues = Readonly<Record<string, string | number | NamedValue>>;

const catalogues = { en, fr } satisfies Record<HubLanguage, RefusalCatalogue>;
/** Every language's catalogue, for the test that holds them to the same keys and placeholders. */
export const refusalCatalogues: Readonly<Record<HubLanguage, RefusalCatalogue>> = catalogues;

/** zod's own messages in each language (zod writes English itself). */
const zodLocales: Partial<Record<HubLanguage, z.core.$ZodConfig['localeError']>> = { fr: z.locales.fr().localeError };

export const isRefusalKey = (text: string): text is RefusalKey => Object.hasOwn(en, text);

/** The states a refusal may name, each by its key. */
const stateNames = {
  update: { draft: 'updateStatus.draft', scheduled: 'updateStatus.scheduled', sending: 'updateStatus.sending', sent: 'updateStatus.sent', paused: 'updateStatus.paused', cancelled: 'updateStatus.cancelled' },
  agreement: { proposed: 'agreementState.proposed', agreed: 'agreementState.agreed', superseded: 'agreementState.superseded' },
} satisfies { update: Record<UpdateStatus, RefusalKey>; agreement: Record<AgreementState, RefusalKey> };

/** A state as a refusal's value: named in the reader's words ("Son état : en cours d’envoi"); a state the catalogue does not name reads as itself. */
export function stateNamed(of: keyof typeof stateNames, state: string): string | NamedValue {
  const names: Readonly<Record<string, RefusalKey>> = stateNames[of];
  return Object.hasOwn(names, state) ? { named: names[state]! } : state;
}

/**
 * The language of a request's refusals: the best of its `Accept-Language` (by `q`, then order) that
 * the hub speaks, matched on the primary tag (`fr-BE` is French); English when none is.
 */
export function refusalLanguage(acceptLanguage: string | undefined): HubLanguage {
  const ranges = (acceptLanguage ?? '')
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim().match(/^q=([\d.]+)$/)?.[1]).find((v) => v !== undefined);
      return { primary: tag.trim().toLowerCase().split('-')[0]!, q: q === undefined ? 1 : Number(q), order };
    })
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  const spoken = ranges.find((range) => (hubLanguages as readonly string[]).includes(range.primary));
  return (spoken?.primary as HubLanguage | undefined) ?? 'en';
}

/** The refusals of one language: a key's text, placeholders filled, numbers and named values written the language's way. */
export function refusalWords(language: HubLanguage) {
  const number = new Intl.NumberFormat(language);
  const written = (value: RefusalValues[string]) => (typeof value === 'number' ? number.format(value) : typeof value === 'string' ? value : catalogues[language][value.named]);
  return (key: RefusalKey, values: RefusalValues = {}) => fillPlaceholders(catalogues[language][key], Object.fromEntries(Object.entries(values).map(([name, value]) => [name, written(value)])));
}
export type RefusalWords = ReturnType<typeof refusalWords>;

/** A refusal in English, for the error's own message (logs, tests, a job's record). */
export const englishRefusal = refusalWords('en');

/** A refusal of the catalogue as a field error to write later, in the reader's language: a custom issue naming its key, as a schema's refinement does. */
export const refusalIssue = (refusal: RefusalKey, values?: RefusalValues): z.core.$ZodIssue => ({ code: 'custom', path: [], message: refusal, ...(values ? { params: values } : {}) });

/** zod's size issues said as the catalogue says what a field expects ("expects at most 120 characters", not zod's "Too big: expected string to have <=120 characters"). */
function sizeKey(issue: z.core.$ZodIssue): RefusalKey | undefined {
  if ((issue.code !== 'too_small' && issue.code !== 'too_big') || issue.exact || issue.inclusive === false) return undefined;
  const small = issue.code === 'too_small';
  if (issue.origin === 'string') return small ? (Number(issue.minimum) === 1 ? 'field.notEmpty' : 'field.minLength') : 'field.maxLength';
  if (issue.origin === 'array') return small ? (Number(issue.minimum) === 1 ? 'field.oneEntry' : 'field.minItems') : 'field.maxItems';
  if (issue.origin === 'number') return small ? 'field.minNumber' : 'field.maxNumber';
  return undefined;
}

/**
 * A field error's message in a language: a schema's `field.` key written from the catalogue (its
 * placeholders filled from the issue: {values}, {maximum}, {minimum}, a custom issue's `params`); zod's own message from zod's
 * locale, given the value refused when known (for the type it had); English as zod wrote it otherwise.
 */
export function fieldMessage(language: HubLanguage, issue: z.core.$ZodIssue, input?: unknown): string {
  if (isRefusalKey(issue.message)) {
    const values: Record<string, RefusalValues[string]> = issue.code === 'custom' ? { ...(issue.params as RefusalValues | undefined) } : {};
    if ('values' in issue) values.values = issue.values.map(String).join(', ');
    if ('maximum' in issue) values.maximum = Number(issue.maximum);
    if ('minimum' in issue) values.minimum = Number(issue.minimum);
    return refusalWords(language)(issue.message, values);
  }
  const size = sizeKey(issue);
  if (size) return refusalWords(language)(size, { minimum: Number((issue as { minimum?: unknown }).minimum), maximum: Number((issue as { maximum?: unknown }).maximum) });
  const locale = zodLocales[language];
  const said = locale?.({ ...issue, input } as z.core.$ZodRawIssue);
  return (typeof said === 'string' ? said : said?.message) ?? issue.message;
}
