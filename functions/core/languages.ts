/**
 * The languages the hub's own words speak (its emails, under mail/words/, and the API's refusals,
 * under refusals/): each catalogue is held to this list by TypeScript. Small on purpose, so that a
 * function's start can know them without loading any catalogue.
 */
export const hubLanguages = ['en', 'fr'] as const;
export type HubLanguage = (typeof hubLanguages)[number];

/** A text with its `{name}` placeholders filled; one not given stays as it is. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}
