import { z } from 'zod';
import { inLanes } from '../lanes.ts';
import { DomainError } from '../errors.ts';
import { chunkAt, JobInputError, type Job, type JobAdvance, type JobStep } from '../jobs/job.ts';
import { sourceOf, type LedgerEntry } from '../privacy/ledger.ts';
import type { Contact } from './contact.ts';
import { changedRow, importColumns, importedContact, parseContactsCsv, suppressedRow, type ImportRow, type ParsedImport, type Rejection } from './import.ts';
import { suppressionKeyOf } from './suppression.ts';

export const CONTACT_IMPORT_JOB = 'contact-import';
/** Rows per chunk: a chunk's writes (a thousand contacts at most) stay well inside a worker's run. */
export const IMPORT_CHUNK_ROWS = 1_000;

/** What an import job keeps from its upload request and its start. */
export const importJobParamsSchema = z.object({
  filename: z.string(),
  bytes: z.number().int().positive(),
  acceptValid: z.boolean().default(false),
  mapping: z.record(z.string(), z.enum(importColumns)).optional(),
});
export type ImportJobParams = z.infer<typeof importJobParamsSchema>;

/** One line of the report: a rejected row, keyed so that writing it again replaces it. */
export interface ImportReportLine extends Rejection {
  key: string;
}

export interface ImportJobPorts {
  readFile(jobId: string): Promise<string | undefined>;
  suppressions: { all(): Promise<Set<string>> };
  /** The ids of the hub's networks, which a row's `networks` cell must name. */
  networkIds(): Promise<Set<string>>;
  contacts: { get(email: string): Promise<Contact | undefined>; getMany(emails: readonly string[]): Promise<Map<string, Contact>>; save(contact: Contact, previousUpdatedAt?: string): Promise<boolean> };
  ledger: { recordAll(entries: readonly { email: string; entry: LedgerEntry; key?: string }[]): Promise<void> };
  /** Each address's mail token, made once (see `mailTokens.ensure`): the first update to the list only reads them. */
  mailTokens: { ensure(emails: readonly string[]): Promise<unknown> };
  report: { putReport(jobId: string, lines: readonly ImportReportLine[]): Promise<void>; report(jobId: string, range?: { from: string; to: string }): Promise<ImportReportLine[]> };
  wordingVersion: string;
  chunkRows?: number;
}

/** Report keys sort by the file's row: validation issues, then a suppressed address, then the write's refusal. */
const rowKey = (row: number) => String(row).padStart(6, '0');
const lineKey = (row: number, suffix: string) => `${rowKey(row)}#${suffix}`;
/** The key range of the report lines of data rows [from, to) (file rows from + 2 to to + 1). */
const chunkRange = (from: number, to: number) => ({ from: rowKey(from + 2), to: `${rowKey(to + 1)}#~` });

// The file does not change once started; a warm worker parses it once for all its chunks.
let cached: { jobId: string; parsed: ParsedImport } | undefined;

async function parsedFile(ports: ImportJobPorts, job: Job, params: ImportJobParams): Promise<ParsedImport> {
  if (cached?.jobId === job.id) return cached.parsed;
  const text = await ports.readFile(job.id);
  if (text === undefined) throw new JobInputError('file_missing', 'job.fileMissing');
  try {
    const parsed = parseContactsCsv(text, params.mapping, await ports.networkIds());
    cached = { jobId: job.id, parsed };
    return parsed;
  } catch (error) {
    if (error instanceof DomainError) throw new JobInputError(error.code, error.refusal, error.values, { cause: error });
    throw error;
  }
}

/**
 * A contact import as a job, in two phases over the file's rows, a chunk at a time:
 * 1. `validate`: reports every bad row and every suppressed address. At its end a file with any
 *    rejected row stores nothing (phase `refused`) unless `acceptValid`.
 * 2. `write`: merges each address (at its first row) into the contact list, with the same rules as
 *    the import inside a request. Each write is stamped with the job's start time, so a chunk run
 *    again recognises the contacts it already wrote and counts them as it did (imported or updated)
 *    without writing them twice; consent records get a name from the job, so they are replaced, not doubled.
 */
export function contactImportStep(ports: ImportJobPorts): JobStep {
  const size = ports.chunkRows ?? IMPORT_CHUNK_ROWS;
  return async (job) => {
    const params = importJobParamsSchema.parse(job.params);
    const parsed = await parsedFile(ports, job, params);
    const { from, to, last } = chunkAt(job.cursor, parsed.rowCount, size);
    const inChunk = (row: number) => row >= from + 2 && row <= to + 1;
    const rowsOfChunk = parsed.rows.filter((r) => inChunk(parsed.rowOf.get(r.email) ?? 0));
    const suppressions = await ports.suppressions.all();
    if (job.phase === 'validate') return validateChunk(ports, job, params, parsed, { to, last, inChunk, rowsOfChunk, suppressions });
    if (job.phase === 'write') return writeChunk(ports, job, params, parsed, { to, last, range: chunkRange(from, to), inChunk, rowsOfChunk, suppressions });
    throw new JobInputError('unknown_phase', 'job.unknownPhase', { phase: job.phase });
  };
}

async function validateChunk(
  ports: ImportJobPorts,
  job: Job,
  params: ImportJobParams,
  parsed: ParsedImport,
  chunk: { to: number; last: boolean; inChunk: (row: number) => boolean; rowsOfChunk: ImportRow[]; suppressions: Set<string> },
): Promise<JobAdvance> {
  const lines: ImportReportLine[] = [];
  const issues = new Map<number, number>();
  for (const r of parsed.rejected.filter((r) => chunk.inChunk(r.row))) {
    const n = issues.get(r.row) ?? 0;
    issues.set(r.row, n + 1);
    lines.push({ key: lineKey(r.row, `v${n}`), ...r });
  }
  for (const row of chunk.rowsOfChunk) {
    if (!chunk.suppressions.has(suppressionKeyOf(row.email))) continue;
    const at = parsed.rowOf.get(row.email)!;
    lines.push({ key: lineKey(at, 's'), row: at, field: 'email', issue: suppressedRow(row.email) });
  }
  await ports.report.putReport(job.id, lines);
  const add = { rejected: lines.length };
  const total = parsed.rowCount;
  if (!chunk.last) return { phase: 'validate', cursor: chunk.to, add, total };
  const rejected = (job.counters.rejected ?? 0) + lines.length;
  if (rejected > 0 && !params.acceptValid) return { phase: 'refused', cursor: total, add: { ...add, merged: parsed.merged }, total, state: 'done' };
  return { phase: 'write', cursor: 0, add: { ...add, merged: parsed.merged }, total };
}

type Outcome = { outcome: 'imported' | 'updated'; consented: boolean } | { outcome: 'changed' };

async function writeChunk(
  ports: ImportJobPorts,
  job: Job,
  params: ImportJobParams,
  parsed: ParsedImport,
  chunk: { to: number; last: boolean; range: { from: string; to: string }; inChunk: (row: number) => boolean; rowsOfChunk: ImportRow[]; suppressions: Set<string> },
): Promise<JobAdvance> {
  const stamp = job.startedAt ?? job.createdAt;
  const admin = job.createdBy;
  const consent = { ...sourceOf('import', { by: admin }), at: stamp, wordingVersion: ports.wordingVersion };
  // Rows the validation refused (a suppressed address) are not written; refusals of this phase are worked out again.
  const refused = new Set((await ports.report.report(job.id, chunk.range)).filter((l) => !l.key.endsWith('#w')).map((l) => l.row));
  const lines: ImportReportLine[] = [];
  // A row the validation passed but the file's parse now refuses (a network removed since): reported, not dropped silently.
  for (const r of parsed.rejected.filter((r) => chunk.inChunk(r.row) && !refused.has(r.row))) lines.push({ key: lineKey(r.row, 'w'), ...r });
  const rows = chunk.rowsOfChunk.filter((row) => {
    const at = parsed.rowOf.get(row.email)!;
    if (refused.has(at)) return false;
    if (!chunk.suppressions.has(suppressionKeyOf(row.email))) return true;
    lines.push({ key: lineKey(at, 'w'), row: at, field: 'email', issue: suppressedRow(row.email) });
    return false;
  });
  const existing = await ports.contacts.getMany(rows.map((r) => r.email));
  const ours = (c: Contact): Outcome => ({ outcome: c.createdAt === stamp ? 'imported' : 'updated', consented: c.consent?.at === stamp && c.consent.source === consent.source });
  const write = async (row: ImportRow): Promise<Outcome> => {
    const before = existing.get(row.email);
    // Written by this job already (a chunk run again): counted as it was, not written twice.
    if (before && before.updatedAt === stamp) return ours(before);
    if (await ports.contacts.save(importedContact(row, before, consent, stamp), before?.updatedAt)) return { outcome: before ? 'updated' : 'imported', consented: !before?.consent };
    const now = await ports.contacts.get(row.email);
    return now && now.updatedAt === stamp ? ours(now) : { outcome: 'changed' };
  };
  const counts = { imported: 0, updated: 0 };
  const consented: { email: string; entry: LedgerEntry; key: string }[] = [];
  const stored: string[] = [];
  await inLanes(rows, 16, async (row) => {
    const result = await write(row);
    if (result.outcome === 'changed') {
      const at = parsed.rowOf.get(row.email)!;
      lines.push({ key: lineKey(at, 'w'), row: at, field: 'email', issue: changedRow(row.email) });
      return;
    }
    counts[result.outcome]++;
    stored.push(row.email);
    if (result.consented) {
      consented.push({ email: row.email, key: `import-${job.id}`, entry: { kind: 'consent', channel: 'updates', ...consent, recordedBy: admin } });
    }
  });
  await ports.ledger.recordAll(consented);
  // The tokens of the emails to come, made now rather than while the first update to the list is planned.
  await ports.mailTokens.ensure(stored);
  await ports.report.putReport(job.id, lines);
  const add = { ...counts, rejected: lines.length };
  return chunk.last ? { phase: 'write', cursor: chunk.to, add, state: 'done' } : { phase: 'write', cursor: chunk.to, add };
}

/** An import job as the secretariat follows it; `stored` once done. */
export function importJobView(job: Job) {
  return {
    imported: job.counters.imported ?? 0,
    updated: job.counters.updated ?? 0,
    merged: job.counters.merged ?? 0,
    rejected: job.counters.rejected ?? 0,
    ...(job.state === 'done' ? { stored: job.phase === 'write' } : {}),
  };
}
