import { newSecret } from '../../core/auth/secrets.ts';
import type { Session } from '../../core/auth/session.ts';
import { CONTACT_IMPORT_JOB, importJobParamsSchema, importJobView } from '../../core/contacts/import-job.ts';
import { CALL_SEND_JOB, callSendJobView } from '../../core/experts/send-job.ts';
import { MAX_IMPORT_BYTES } from '../../core/contacts/import-limits.ts';
import { parseContactsCsv, rejectionIn, type ImportColumn } from '../../core/contacts/import.ts';
import type { HubLanguage } from '../../core/languages.ts';
import { ConflictError, NotFoundError, PayloadTooLargeError, RuleViolationError } from '../../core/errors.ts';
import { toCsv } from '../../core/exports/csv.ts';
import { newId } from '../../core/forums/forum.ts';
import { jobView } from '../../core/jobs/job.ts';
import { planJobView, UPDATE_PLAN_JOB } from '../../core/updates/plan-job.ts';
import type { RefusalWords } from '../../core/refusals.ts';
import type { Deps } from '../deps.ts';
import { recordAudit } from './membership.ts';
import { importContacts } from './contacts.ts';
import { jobOfKind } from './jobs.ts';

/** What queueing an import as a job touches. */
type QueueImportPorts = Pick<Deps, 'audit' | 'config' | 'importFiles' | 'jobQueue' | 'jobs' | 'now'>;

/** Rows a request imports itself; a larger file goes to an import job (a Lambda request has 15 s). */
export const INLINE_IMPORT_ROWS = 2_000;

async function recordImportJob(deps: Pick<Deps, 'jobs' | 'now'>, session: Session, file: { filename: string; bytes: number }) {
  if (file.bytes > MAX_IMPORT_BYTES) throw new PayloadTooLargeError('import.tooLarge');
  const now = deps.now();
  const id = `j${newId(now, newSecret(6))}`;
  const at = now.toISOString();
  await deps.jobs.create({ id, kind: CONTACT_IMPORT_JOB, state: 'pending', phase: 'upload', cursor: 0, counters: {}, params: { filename: file.filename, bytes: file.bytes }, createdBy: session.email, createdAt: at, updatedAt: at });
  return id;
}

/**
 * The import route: a small file is imported inside the request (the per-row report in the answer,
 * in the reader's language); a larger one is handed to a job and the answer says where to follow it.
 */
export async function importOrQueue(deps: Pick<Deps, 'audit' | 'config' | 'contactBook' | 'importFiles' | 'jobQueue' | 'jobs' | 'ledger' | 'networks' | 'now'>, session: Session, csv: string, options: { acceptValid: boolean; mapping?: Record<string, ImportColumn> }, language: HubLanguage) {
  // Parsing is quick and refuses a file over the limits (413) or without a header (422) at once.
  if (parseContactsCsv(csv, options.mapping).rowCount > INLINE_IMPORT_ROWS) return { job: await queueImport(deps, session, csv, options) };
  const report = await importContacts(deps, csv, { ...options, admin: session.email });
  return { report: { ...report, rejected: report.rejected.map(rejectionIn(language)) } };
}

/** Step 1: records a pending import job and answers where to PUT the file (a presigned S3 PUT, or the hub's route). */
export async function requestImport(deps: Pick<Deps, 'importFiles' | 'jobs' | 'now'>, session: Session, file: { filename: string; bytes: number }) {
  const id = await recordImportJob(deps, session, file);
  const upload = await deps.importFiles.uploadTarget(id, { contentType: 'text/csv', size: file.bytes });
  // Locally the storage's target is the attachments route; imports have their own.
  const local = deps.importFiles.receive !== undefined;
  return { id, upload: local ? { ...upload, url: `/api/admin/contacts/imports/${id}/content` } : upload, start: `/api/admin/contacts/imports/${id}/start` };
}

/**
 * A file sent whole to the import route but too large to import inside the request: kept where an
 * uploaded one would be, and imported by a job, as if it had come the three-step way.
 */
export async function queueImport(deps: QueueImportPorts, session: Session, csv: string, options: { acceptValid: boolean; mapping?: Record<string, ImportColumn> }) {
  const id = await recordImportJob(deps, session, { filename: 'import.csv', bytes: Buffer.byteLength(csv) });
  await deps.importFiles.keep(id, csv);
  return startImport(deps, session, id, options);
}

async function ownPending(deps: Pick<Deps, 'jobs'>, session: Session, id: string) {
  const job = await jobOfKind(deps, id, CONTACT_IMPORT_JOB);
  // Another admin's upload is not theirs to send bytes to or start.
  if (job.createdBy !== session.email) throw new NotFoundError('import.noJob', { id });
  return job;
}

/** Step 2, locally only: the file's bytes, streamed to disk under the declared size's cap. */
export async function receiveImport(deps: Pick<Deps, 'importFiles' | 'jobs'>, session: Session, id: string, body: ReadableStream<Uint8Array>) {
  const job = await ownPending(deps, session, id);
  const storage = deps.importFiles;
  if (!storage.receive) throw new NotFoundError('upload.toUrl');
  if (job.state !== 'pending') throw new ConflictError('import.started');
  const declared = importJobParamsSchema.shape.bytes.parse(job.params.bytes);
  const received = await storage.receive(id, body, declared).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ConflictError('import.uploaded', {}, undefined, { cause: error });
    throw error;
  });
  if ('tooLarge' in received) throw new PayloadTooLargeError('import.largerThanDeclared', { declared });
  if (received.bytes !== declared) {
    await storage.discard?.(id);
    throw new RuleViolationError('upload.sizeDiffers', { bytes: received.bytes, declared }, { field: 'content-length' });
  }
}

/** Step 3: checks the file arrived whole, then the job runs; answers at once. */
export async function startImport(deps: QueueImportPorts, session: Session, id: string, options: { acceptValid: boolean; mapping?: Record<string, ImportColumn> }) {
  const job = await ownPending(deps, session, id);
  if (job.state !== 'pending') throw new ConflictError('import.startedAlready');
  const params = importJobParamsSchema.parse({ ...job.params, acceptValid: options.acceptValid, ...(options.mapping ? { mapping: options.mapping } : {}) });
  const stored = await deps.importFiles.storedSize(id);
  if (stored === undefined) throw new ConflictError('import.notArrived');
  if (stored !== params.bytes) throw new RuleViolationError('import.arrivedSizeDiffers', { bytes: stored, declared: params.bytes }, { field: 'bytes' });
  const first = { phase: 'validate', cursor: 0 };
  if (!(await deps.jobs.start(id, params, deps.now().toISOString(), first))) throw new ConflictError('import.startedAlready');
  await recordAudit(deps, session, { action: 'contacts.imported', subject: params.filename, details: { job: id, bytes: String(params.bytes), acceptValid: String(params.acceptValid) } });
  await deps.jobQueue.enqueue({ job: id, ...first });
  return { id, state: 'running' as const, location: `/api/admin/jobs/${id}` };
}

/** A job as the secretariat follows it, in their words (only kinds the hub knows add their counters). */
export async function jobStatus(deps: Pick<Deps, 'jobs'>, id: string, say: RefusalWords) {
  const job = await deps.jobs.get(id);
  if (!job) throw new NotFoundError('import.noJob', { id });
  return { ...jobView(job, say), ...(job.kind === CONTACT_IMPORT_JOB ? importJobView(job) : {}), ...(job.kind === UPDATE_PLAN_JOB ? planJobView(job) : {}), ...(job.kind === CALL_SEND_JOB ? callSendJobView(job) : {}) };
}

/** The import's per-row report: the rows refused, and why in the reader's language, through the hub's one CSV writer. */
export async function importReport(deps: Pick<Deps, 'jobs'>, id: string, language: HubLanguage) {
  await jobOfKind(deps, id, CONTACT_IMPORT_JOB);
  const lines = (await deps.jobs.report(id)).map(rejectionIn(language));
  return toCsv([['row', 'field', 'reason'], ...lines.map((l) => [String(l.row), l.field, l.reason])]);
}
