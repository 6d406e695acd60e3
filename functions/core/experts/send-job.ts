import { z } from 'zod';
import { jobError, type Job, type JobAdvance, type JobStep } from '../jobs/job.ts';
import { inLanes } from '../lanes.ts';
import { recipientKeyOf } from '../deliveries/delivery.ts';
import { mailing, type OutboxKey } from '../outbox/message.ts';
import type { Call } from './call.ts';
import type { Expert } from './expert.ts';

/**
 * Sending a call for cooperation as a job. The request checks the call and records the job; the
 * worker goes through the matching experts in order of id, a chunk at a time, the cursor counting
 * the experts done and `resume` naming the last one, so an expert who joins meanwhile is neither
 * skipped nor met twice. Per expert, as one send always did: the ledger is asked, two link tokens
 * issued and the email recorded in the outbox (a conditional put keyed by the call and the address's
 * hash), then the expert marked sent (conditional too). A chunk run again (a worker died, a duplicate
 * message) writes nobody twice: an expert marked by this job counts as this job's, an email already
 * recorded is not rendered again (no new tokens), and each chunk enqueues its keys for the send
 * worker, whose claim sends each message once at the SES pace.
 */
export const CALL_SEND_JOB = 'call-send' as const;
/** Experts per chunk: a few writes each, eight at a time, seconds of work. */
export const CALL_SEND_CHUNK = 100;
const LANES = 8;

export const callSendParamsSchema = z.object({
  callId: z.string(),
  groupId: z.string(),
  /** When the send was asked for: the call's sentAt if it is the first, and when its experts were marked sent. */
  at: z.string(),
});
export type CallSendParams = z.infer<typeof callSendParamsSchema>;

/** What became of one expert in a chunk. */
export type CallOutcome = 'sent' | 'alreadySent' | 'suppressed';

export interface CallSendPorts {
  getCall(id: string): Promise<Call | undefined>;
  /** The experts the call goes to now (confirmed, accepting calls, matching). */
  matching(call: Call): Promise<Expert[]>;
  /** The experts the call was already marked sent to, with the send job that marked each (none for sends older than jobs). */
  marks(callId: string): Promise<Map<string, string | undefined>>;
  /**
   * One expert not marked yet: `suppressed` if the ledger says not to mail them; else their email is
   * recorded in the outbox unless it already is (no new tokens then), and they are marked sent by
   * `job` at `at` (`alreadySent` if a send marked them first).
   */
  deliver(call: Call, expert: Expert, by: { job: string; at: string }): Promise<CallOutcome>;
  /** Hands the recorded emails to the send worker. */
  enqueue(keys: readonly OutboxKey[]): Promise<void>;
  /** The call is sent: its status, first send time and the count of experts marked. */
  finish(call: Call, at: string): Promise<void>;
  chunkSize?: number;
}

/** The outbox key of a call's email to an expert: the same for every send of the call. */
export function callEmailKey(callId: string, email: string): OutboxKey {
  return { mailingId: mailing('call', callId).id, recipientKey: recipientKeyOf(email) };
}

const byId = (a: Expert, b: Expert) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function callSendStep(ports: CallSendPorts): JobStep {
  const size = ports.chunkSize ?? CALL_SEND_CHUNK;
  return async (job): Promise<JobAdvance> => {
    const { callId, at } = callSendParamsSchema.parse(job.params);
    const here = { phase: job.phase, cursor: job.cursor };
    const call = await ports.getCall(callId);
    if (!call) return { ...here, state: 'failed', error: jobError('call_gone', 'job.callGone', { id: callId }) };
    const by = { job: job.id, at };
    const matched = [...(await ports.matching(call))].sort(byId);
    const rest = job.resume === undefined ? matched : matched.filter((e) => e.id > job.resume!);
    const chunk = rest.slice(0, size);
    const marks = chunk.length > 0 ? await ports.marks(call.id) : new Map<string, string | undefined>();
    const outcomes = new Map<string, CallOutcome>();
    await inLanes(chunk, LANES, async (expert) => {
      // Marked by this job on a run of this chunk that did not finish: it is this job's, queued again.
      const outcome = !marks.has(expert.id) ? await ports.deliver(call, expert, by) : marks.get(expert.id) === job.id ? 'sent' : 'alreadySent';
      outcomes.set(expert.id, outcome);
    });
    // Marked first by something else: by this very job when the same chunk ran twice at once (a
    // duplicate message), which the marks now say, so that whichever run moves the cursor counts right.
    if (chunk.some((e) => outcomes.get(e.id) === 'alreadySent' && !marks.has(e.id))) {
      const now = await ports.marks(call.id);
      for (const e of chunk) if (outcomes.get(e.id) === 'alreadySent' && !marks.has(e.id) && now.get(e.id) === job.id) outcomes.set(e.id, 'sent');
    }
    const add: Record<CallOutcome, number> = { sent: 0, alreadySent: 0, suppressed: 0 };
    for (const outcome of outcomes.values()) add[outcome]++;
    await ports.enqueue(chunk.filter((e) => outcomes.get(e.id) === 'sent').map((e) => callEmailKey(call.id, e.email)));
    const processed = job.cursor + chunk.length;
    const total = processed + rest.length - chunk.length;
    if (rest.length > chunk.length) return { phase: 'send', cursor: processed, resume: chunk.at(-1)!.id, total, add };
    await ports.finish(call, at);
    return { phase: 'send', cursor: processed, total, add, state: 'done' };
  };
}

/** A call's send as the leaders follow it: experts done of those matching, and what became of them. */
export function callSendJobView(job: Job) {
  const { callId } = callSendParamsSchema.parse(job.params);
  return {
    callId,
    matches: job.total ?? 0,
    sent: job.counters.sent ?? 0,
    alreadySent: job.counters.alreadySent ?? 0,
    suppressed: job.counters.suppressed ?? 0,
  };
}
