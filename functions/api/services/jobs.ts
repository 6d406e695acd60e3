import { contactImportStep, CONTACT_IMPORT_JOB, type ImportJobPorts } from '../../core/contacts/import-job.ts';
import { NotFoundError } from '../../core/errors.ts';
import { createJobRunner, jobError, type JobMessage } from '../../core/jobs/job.ts';
import { describeError, logLine } from '../../core/privacy/log-line.ts';
import { UPDATE_PLAN_JOB, updatePlanStep, type PlanJobPorts } from '../../core/updates/plan-job.ts';
import { CALL_SEND_JOB, callSendStep, type CallSendPorts } from '../../core/experts/send-job.ts';
import { callSendPorts } from './experts.ts';
import { planJobPorts } from './sending.ts';
import { parseJobEvent } from '../../adapters/sqs/job-queue.ts';
import type { Deps } from '../deps.ts';
import { IMPORT_WORDING_VERSION, networkIdsOf } from './contacts.ts';

/** What running a chunk of any job kind touches: the union of the kinds' ports. */
type RunnerPorts = Pick<Deps, 'config' | 'contactBook' | 'deliveries' | 'experts' | 'importFiles' | 'jobQueue' | 'jobs' | 'ledger' | 'networks' | 'now' | 'outbox' | 'outboxQueue' | 'partnership' | 'sendQueue' | 'updates'>;

/** What an import job's chunks read and write; tests swap a port to break a chunk halfway. */
export function importJobPorts(deps: Pick<Deps, 'contactBook' | 'importFiles' | 'jobs' | 'ledger' | 'networks'>): ImportJobPorts {
  return {
    readFile: (jobId) => deps.importFiles.read(jobId),
    suppressions: deps.contactBook.suppressions,
    networkIds: () => networkIdsOf(deps),
    contacts: deps.contactBook.contacts,
    ledger: deps.ledger,
    mailTokens: deps.contactBook.mailTokens,
    report: deps.jobs,
    wordingVersion: IMPORT_WORDING_VERSION,
  };
}

/** The runner of every kind of job, over the deps' store and queue; tests may swap a kind's ports. */
export function jobRunner(deps: RunnerPorts, ports: { imports?: ImportJobPorts; planning?: PlanJobPorts; calls?: CallSendPorts } = {}) {
  return createJobRunner({
    jobs: deps.jobs,
    queue: deps.jobQueue,
    now: deps.now,
    steps: {
      [CONTACT_IMPORT_JOB]: contactImportStep(ports.imports ?? importJobPorts(deps)),
      [UPDATE_PLAN_JOB]: updatePlanStep(ports.planning ?? planJobPorts(deps)),
      [CALL_SEND_JOB]: callSendStep(ports.calls ?? callSendPorts(deps)),
    },
  });
}

/**
 * A message retried this often is given up on: on its last receive the job is marked failed and the
 * message let go. The DLQ (redrive after the same count) only catches a worker that crashed or timed
 * out on every try, which its alarm reports.
 */
export const JOB_MAX_RECEIVES = 5;

/** When its chunk has failed for good: the job says so instead of running for ever. */
export async function jobGaveUp(deps: Pick<Deps, 'jobs' | 'now'>, message: JobMessage, error: unknown) {
  await deps.jobs.fail(message.job, jobError('worker_failed', 'job.workerFailed', { times: JOB_MAX_RECEIVES, reason: (error as Error).message ?? 'unknown error' }), deps.now().toISOString());
}

/** SQS event source → one chunk per message; answers the failed messages for SQS to redeliver. */
export async function runJobBatch(deps: RunnerPorts, event: unknown) {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  // One at a time: a chunk is already a thousand writes.
  for (const record of parseJobEvent(event)) {
    if (!record.message) {
      logLine('warn', 'unreadable job message dropped', { messageId: record.messageId });
      continue;
    }
    try {
      const outcome = await jobRunner(deps).run(record.message);
      logLine('info', 'job chunk', { job: record.message.job, phase: record.message.phase, cursor: record.message.cursor, outcome });
    } catch (error) {
      logLine('error', 'job chunk failed', { job: record.message.job, receives: record.receives, ...describeError(error) });
      if (record.receives >= JOB_MAX_RECEIVES) await jobGaveUp(deps, record.message, error);
      else batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

/** The job, if it is of `kind`: another kind's id is as unknown as a made-up one. */
export async function jobOfKind(deps: Pick<Deps, 'jobs'>, id: string, kind: string) {
  const job = await deps.jobs.get(id);
  if (!job || job.kind !== kind) throw new NotFoundError('import.noJob', { id });
  return job;
}
