import { z } from 'zod';
import { englishRefusal, isRefusalKey, type RefusalKey, type RefusalValues, type RefusalWords } from '../refusals.ts';

/**
 * Long work that cannot run inside a request (15 s on Lambda): a job is recorded, then advanced one
 * chunk at a time by a worker. Each chunk's writes are idempotent, and the cursor moves with a
 * conditional update on the cursor the chunk started from, so a worker that dies mid-chunk, or a
 * duplicate message, resumes where the job stands and does nothing twice.
 *
 * States: `pending` (recorded, waiting for its input, e.g. an upload), `running`, `done`, `failed`.
 */
export const jobStates = ['pending', 'running', 'done', 'failed'] as const;
export type JobState = (typeof jobStates)[number];

export interface Job {
  id: string;
  /** Which step function advances it; a job of another kind is not found by routes of this one. */
  kind: string;
  state: JobState;
  /** The job's phase (e.g. validate, then write) and how many items of it are done. */
  phase: string;
  cursor: number;
  /** Where the next chunk reads from when a number is not enough (a page's last key); gone when the job ends. */
  resume?: string;
  /** Items per phase, once known (the worker may learn it only from its first chunk). */
  total?: number;
  /** Result counters, added to only when the cursor moves, so a re-run chunk never counts twice. */
  counters: Record<string, number>;
  /** What the kind needs to know (file, options); plain JSON. */
  params: Record<string, unknown>;
  createdBy: string;
  createdAt: string;
  /** When it started running: a stamp the chunks may write, to recognise their own earlier writes. */
  startedAt?: string;
  updatedAt: string;
  error?: JobError;
}

/**
 * Why a job stopped: a stable code, and a refusal of the catalogue with its values, which a reader
 * reads in their language; `message` is the English, for the record and the logs.
 */
export interface JobError {
  code: string;
  message: string;
  refusal: RefusalKey;
  values?: RefusalValues;
}

export function jobError(code: string, refusal: RefusalKey, values?: RefusalValues): JobError {
  return { code, message: englishRefusal(refusal, values), refusal, ...(values ? { values } : {}) };
}

/** Where the job stands, as a message names it: a message for any other position is stale. */
export interface JobPosition {
  phase: string;
  cursor: number;
}

/** The queue message that asks a worker for the chunk at `phase`/`cursor` of job `job`. */
export const jobMessageSchema = z.object({
  job: z.string().regex(/^[A-Za-z0-9_-]{10,40}$/),
  phase: z.string().regex(/^[a-z-]{1,30}$/),
  cursor: z.number().int().min(0),
});
export type JobMessage = z.infer<typeof jobMessageSchema>;

/** What one chunk answers: where the job goes next, what to add to its counters, whether it is over. */
export interface JobAdvance extends JobPosition {
  /** The next chunk's starting point beyond the cursor; absent, the job keeps none. */
  resume?: string;
  add?: Record<string, number>;
  total?: number;
  state?: 'running' | 'done' | 'failed';
  error?: JobError;
}

/** The job store core needs. `advance` is a compare-and-set on the position; false when it moved meanwhile. */
export interface JobStore {
  create(job: Job): Promise<void>;
  get(id: string): Promise<Job | undefined>;
  /** pending → running, with the parameters the start adds; false when not pending any more. */
  start(id: string, params: Record<string, unknown>, at: string, first: JobPosition): Promise<boolean>;
  advance(id: string, from: JobPosition, next: JobAdvance, at: string): Promise<boolean>;
  /** Ends a running job as failed, wherever it stands. */
  fail(id: string, error: JobError, at: string): Promise<void>;
}

export interface JobQueue {
  kind: 'in-process' | 'sqs';
  enqueue(message: JobMessage): Promise<void>;
}

/**
 * The job as it stands after a chunk's advance: what the store's compare-and-set writes, for code
 * that runs a job's chunks in hand (tests, the bench) without the store.
 */
export function advanced(job: Job, next: JobAdvance): Job {
  const counters = { ...job.counters };
  for (const [name, by] of Object.entries(next.add ?? {})) counters[name] = (counters[name] ?? 0) + by;
  const { resume: _resume, ...rest } = job;
  return {
    ...rest,
    phase: next.phase,
    cursor: next.cursor,
    counters,
    state: next.state ?? job.state,
    ...(next.resume !== undefined ? { resume: next.resume } : {}),
    ...(next.total !== undefined ? { total: next.total } : {}),
    ...(next.error ? { error: next.error } : {}),
  };
}

/** Advances a job by one chunk: its writes must be idempotent (a chunk may run again). */
export type JobStep = (job: Job) => Promise<JobAdvance>;

/** The rows [from, to) a chunk of `size` covers from `cursor`, of `total`; `last` when it ends the phase. */
export function chunkAt(cursor: number, total: number, size: number): { from: number; to: number; last: boolean } {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a positive integer, not ${size}`);
  const from = Math.min(Math.max(0, cursor), total);
  const to = Math.min(from + size, total);
  return { from, to, last: to >= total };
}

/** A failure the job cannot get past by trying again (a file that is not CSV, too many rows). */
export class JobInputError extends Error {
  override name = 'JobInputError';
  constructor(
    readonly code: string,
    readonly refusal: RefusalKey,
    readonly values?: RefusalValues,
    options?: ErrorOptions,
  ) {
    super(englishRefusal(refusal, values), options);
  }
}

export type RunOutcome = 'advanced' | 'finished' | 'stale' | 'failed';

/**
 * Runs the chunk a message asks for. A message for a position the job has left (a duplicate, or a
 * chunk another worker finished) changes nothing. After the chunk, the cursor moves only if the job
 * still stands where the chunk started; only then are its counters added and the next chunk enqueued.
 * An exception other than JobInputError propagates: the queue redelivers and the chunk runs again.
 */
export function createJobRunner(ports: { jobs: JobStore; queue: JobQueue; steps: Record<string, JobStep>; now: () => Date }) {
  return {
    async run(message: JobMessage): Promise<RunOutcome> {
      const job = await ports.jobs.get(message.job);
      if (!job || job.state !== 'running' || job.phase !== message.phase || job.cursor !== message.cursor) return 'stale';
      const step = ports.steps[job.kind];
      let next: JobAdvance;
      try {
        if (!step) throw new JobInputError('unknown_kind', 'job.unknownKind', { kind: job.kind });
        next = await step(job);
      } catch (error) {
        if (!(error instanceof JobInputError)) throw error;
        next = { phase: job.phase, cursor: job.cursor, state: 'failed', error: jobError(error.code, error.refusal, error.values) };
      }
      const moved = await ports.jobs.advance(job.id, { phase: job.phase, cursor: job.cursor }, next, ports.now().toISOString());
      if (!moved) return 'stale';
      const state = next.state ?? 'running';
      if (state === 'running') {
        await ports.queue.enqueue({ job: job.id, phase: next.phase, cursor: next.cursor });
        return 'advanced';
      }
      return state === 'failed' ? 'failed' : 'finished';
    },
  };
}

/** Why a job stopped, in the reader's words (a job recorded before its failure named a refusal keeps its English). */
export const jobErrorView = (error: JobError, say: RefusalWords) => ({ code: error.code, message: isRefusalKey(error.refusal ?? '') ? say(error.refusal, error.values) : error.message });

/** What a person following a job sees, in their words. */
export function jobView(job: Job, say: RefusalWords) {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    phase: job.phase,
    processed: job.cursor,
    total: job.total ?? 0,
    ...job.counters,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    ...(job.error ? { error: jobErrorView(job.error, say) } : {}),
  };
}
