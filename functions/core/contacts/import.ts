import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Contact } from './contact.ts';
import type { HubLanguage } from '../languages.ts';
import { fieldMessage, refusalIssue } from '../refusals.ts';
import { PayloadTooLargeError, RuleViolationError, type FieldRefusal } from '../errors.ts';
import { audienceSchema, countrySchema, emailSchema, languageSchema, topicSchema } from '../partnership/vocabulary.ts';
import { networkSchema } from '../networks/network.ts';
import { MAX_IMPORT_ROWS } from './import-limits.ts';

export const importColumns = ['email', 'name', 'organisation', 'audience', 'country', 'language', 'topics', 'networks'] as const;
export type ImportColumn = (typeof importColumns)[number];

/** Header spellings people's spreadsheets use, mapped to ours (compared lower-case, without spaces, - and _). */
const aliases: Record<string, ImportColumn> = {
  email: 'email',
  emailaddress: 'email',
  mail: 'email',
  name: 'name',
  fullname: 'name',
  organisation: 'organisation',
  organization: 'organisation',
  org: 'organisation',
  audience: 'audience',
  country: 'country',
  countrycode: 'country',
  language: 'language',
  lang: 'language',
  topics: 'topics',
  topic: 'topics',
  networks: 'networks',
  network: 'networks',
};
const normalizeHeader = (h: string) => h.trim().toLowerCase().replace(/[\s_-]+/g, '');

export const importRowSchema = z.object({
  email: emailSchema,
  name: z.string().trim().max(120).default(''),
  organisation: z.string().trim().max(160).default(''),
  audience: audienceSchema,
  country: z.preprocess((v) => (v === '' ? undefined : v), countrySchema.optional()),
  language: z.preprocess((v) => (v === '' ? undefined : v), languageSchema.default('en')),
  topics: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(';').map((t) => t.trim()).filter(Boolean) : v),
    z.array(topicSchema).default([]),
  ),
  /** Network ids, `;`-separated; an empty cell leaves a known contact's networks as they are. */
  networks: z.preprocess(
    (v) => (typeof v === 'string' ? [...new Set(v.split(';').map((t) => t.trim()).filter(Boolean))] : v),
    z.array(networkSchema.shape.id).optional(),
  ),
});
export type ImportRow = z.output<typeof importRowSchema>;

export interface Rejection {
  /** The line of the file (the header is row 1). */
  row: number;
  field: string;
  /** Why: zod's issue as the row's parse found it, or the hub's refusal as one (`refusalIssue`); `fieldMessage` writes it in a reader's language. */
  issue: z.core.$ZodIssue;
}

export interface ParsedImport {
  rows: ImportRow[];
  rejected: Rejection[];
  /** Rows folded into an earlier row with the same address. */
  merged: number;
  /** The line of each address's first row, for reporting on it later (suppressed, changed meanwhile). */
  rowOf: Map<string, number>;
  /** The file's data rows (the header not counted). */
  rowCount: number;
}

/**
 * Reads a contacts CSV: maps its header (aliases, or an explicit `mapping` from the file's header to
 * ours), validates every row and merges rows with the same normalized address (later non-empty
 * values win, topics add up). Every problem is reported with its row and field; nothing is dropped
 * silently.
 */
export function parseContactsCsv(text: string, mapping: Record<string, ImportColumn> = {}, knownNetworks?: ReadonlySet<string>): ParsedImport {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    // The parser's own words say where the file breaks; they stay as the parser wrote them.
    const reason = (error as Error).message;
    throw new RuleViolationError('import.notCsv', { reason }, [{ path: 'file', refusal: 'import.notCsvField', values: { reason } }]);
  }
  const [header, ...data] = records;
  if (!header) throw new RuleViolationError('import.empty', {}, [{ path: 'header', refusal: 'import.headerMissing' }]);
  if (data.length > MAX_IMPORT_ROWS) {
    throw new PayloadTooLargeError('import.tooManyRows', { rows: data.length, max: MAX_IMPORT_ROWS }, { rows: data.length, max: MAX_IMPORT_ROWS });
  }
  const explicit = new Map(Object.entries(mapping).map(([from, to]) => [normalizeHeader(from), to]));
  const columns = header.map((h) => explicit.get(normalizeHeader(h)) ?? aliases[normalizeHeader(h)]);
  const missing = (['email', 'audience'] as const).filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new RuleViolationError(
      missing.length > 1 ? 'import.columnsMissing' : 'import.columnMissing',
      { missing: missing[0]!, other: missing[1] ?? '', columns: importColumns.join(', ') },
      // Field errors, so a page shows each beside the field it names.
      missing.map((column): FieldRefusal => ({ path: column, refusal: 'import.columnMissingField' })),
    );
  }

  const rejected: Rejection[] = [];
  const byEmail = new Map<string, ImportRow>();
  const rowOf = new Map<string, number>();
  let merged = 0;
  data.forEach((cells, index) => {
    const row = index + 2;
    const raw: Record<string, string> = {};
    columns.forEach((column, i) => {
      if (column && cells[i] !== undefined && cells[i] !== '') raw[column] = cells[i]!;
    });
    const result = importRowSchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        rejected.push({ row, field: String(issue.path[0] ?? 'row'), issue });
      }
      return;
    }
    const unknown = knownNetworks ? (result.data.networks ?? []).filter((id) => !knownNetworks.has(id)) : [];
    if (unknown.length > 0) {
      rejected.push({ row, field: 'networks', issue: refusalIssue('import.unknownNetworksRow', { networks: unknown.join(', ') }) });
      return;
    }
    const existing = byEmail.get(result.data.email);
    if (!existing) {
      byEmail.set(result.data.email, result.data);
      rowOf.set(result.data.email, row);
      return;
    }
    merged++;
    byEmail.set(result.data.email, {
      ...existing,
      ...Object.fromEntries(Object.entries(result.data).filter(([k, v]) => v !== '' && v !== undefined && k !== 'topics' && k !== 'networks' && raw[k] !== undefined)),
      topics: [...new Set([...existing.topics, ...result.data.topics])],
      ...(existing.networks || result.data.networks ? { networks: [...new Set([...(existing.networks ?? []), ...(result.data.networks ?? [])])] } : {}),
    } as ImportRow);
  });
  return { rows: [...byEmail.values()], rejected, merged, rowOf, rowCount: data.length };
}

/**
 * The contact an imported row makes: a new subscribed contact, or the known one merged with the row.
 * A pending contact becomes subscribed on the admin's attestation; a withdrawn one stays withdrawn,
 * and a known consent record is kept.
 */
export function importedContact(row: ImportRow, before: Contact | undefined, consent: NonNullable<Contact['consent']>, now: string): Contact {
  const contact: Contact = before
    ? {
        ...before,
        ...row,
        country: row.country ?? before.country,
        name: row.name || before.name,
        organisation: row.organisation || before.organisation,
        topics: row.topics.length ? row.topics : before.topics,
        networks: row.networks ?? before.networks,
        status: before.status === 'pending' ? 'subscribed' : before.status,
        consent: before.consent ?? consent,
        updatedAt: now,
      }
    : { ...row, source: 'import', consent, status: 'subscribed', networks: row.networks ?? [], createdAt: now, updatedAt: now };
  if (!contact.country) delete contact.country;
  return contact;
}

/** A rejected row as a reader reads it: its line, its field and why, in their language. */
export const rejectionIn = (language: HubLanguage) => (rejection: Rejection) => ({ row: rejection.row, field: rejection.field, reason: fieldMessage(language, rejection.issue) });

/** Why a row of a suppressed address is refused. */
export const suppressedRow = (email: string) => refusalIssue('import.suppressedRow', { email });

/** Why a row whose contact changed while it was imported is refused. */
export const changedRow = (email: string) => refusalIssue('import.changedRow', { email });
