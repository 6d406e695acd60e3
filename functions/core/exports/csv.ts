import { stringify } from 'csv-stringify/sync';

/**
 * Every CSV the hub writes goes through here. Cells come from people outside the partnership (a
 * subscriber's name, an imported organisation), and a spreadsheet runs a cell starting with `=`,
 * `+`, `-`, `@`, tab or carriage return as a formula (`=HYPERLINK(…)` leaks data on a click), so
 * such cells get a leading `'`, which spreadsheets show as text. ESLint keeps csv-stringify to this file.
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return stringify(rows as string[][], { escape_formulas: true });
}
