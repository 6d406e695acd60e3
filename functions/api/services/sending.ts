import { z } from 'zod';
import { parseSesNotifications } from '../../adapters/ses/events.ts';
import { retentionOf } from '../../adapters/config.ts';
import { parseSqsEvent } from '../../adapters/sqs/send-queue.ts';
import { newSecret } from '../../core/auth/secrets.ts';
import { recipientKeyOf, type Delivery, type PlannedDelivery } from '../../core/deliveries/delivery.ts';
import type { Session } from '../../core/auth/session.ts';
import { ConflictError, NotFoundError } from '../../core/errors.ts';
import { describeError, logLine } from '../../core/privacy/log-line.ts';
import { brakeDecision, brakeFigures, pauseNoticeEmail, type BrakeFigures } from '../../core/updates/brake.ts';
import { mayMove, resumeMove } from '../../core/updates/lifecycle.ts';
import { expiresAfter } from '../../core/privacy/retention.ts';
import { newId } from '../../core/forums/forum.ts';
import { jobError } from '../../core/jobs/job.ts';
import { inLanes } from '../../core/lanes.ts';
import { PLAN_AHEAD_KEYS, PLAN_AHEAD_WAIT_MS, UPDATE_PLAN_JOB, type PlanJobPorts } from '../../core/updates/plan-job.ts';
import { decideSesEvent } from '../../core/ses-events/event.ts';
import { checkTranslated, type Update } from '../../core/updates/update.ts';
import type { Deps } from '../deps.ts';
import { recordWithdrawal } from './consent.ts';
import { BY_AMAZON_SES, sourceOf } from '../../core/privacy/ledger.ts';
import { recordAudit } from './membership.ts';

/**
 * Writes a page's planned deliveries (a conditional put each: planning again writes nobody twice),
 * then queues every one of them: a chunk run again queues what its first run wrote but may not have
 * queued, and a claim sends each once. Answers how many were new.
 */
async function queuePlanned(deps: Pick<Deps, 'config' | 'contactBook' | 'deliveries' | 'now' | 'sendQueue'>, update: Update, planned: readonly PlannedDelivery[]): Promise<number> {
  if (planned.length === 0) return 0;
  const tokens = await deps.contactBook.mailTokens.ensure(planned.map((d) => d.email));
  const now = deps.now();
  const queuedAt = now.toISOString();
  const expiresAt = expiresAfter(now, retentionOf(deps.config).deliveryDays, 'days');
  const deliveries: Delivery[] = planned.map((d) => ({
    ...d,
    recipientKey: recipientKeyOf(d.email),
    status: 'queued',
    attempts: 0,
    queuedAt,
    expiresAt,
    mailToken: tokens.get(d.email)!,
    ...(d.route === 'direct' ? {} : { relayToken: newSecret(18) }),
  }));
  const written = await deps.deliveries.putQueued(deliveries);
  await deps.sendQueue.enqueue(deliveries.map(({ updateId, recipientKey }) => ({ updateId, recipientKey })));
  return written.length;
}

/** The networks and contacts as the planning job reads them; an audience's dry run reads them the same way. */
export function audienceReads(deps: Pick<Deps, 'contactBook' | 'networks'>): Pick<PlanJobPorts, 'networks' | 'contactsPage'> {
  return {
    networks: () => deps.networks.list(),
    contactsPage: (audience, after, limit) => deps.contactBook.contacts.pageOfAudience(audience, after, limit),
  };
}

/** What the planning job reads and writes; tests swap a port to break a chunk halfway. */
export function planJobPorts(deps: Pick<Deps, 'config' | 'contactBook' | 'deliveries' | 'networks' | 'now' | 'sendQueue' | 'updates'>): PlanJobPorts {
  return {
    getUpdate: (id) => deps.updates.getUpdate(id),
    ...audienceReads(deps),
    suppressed: (keys) => deps.contactBook.suppressions.having(keys),
    queue: (update, planned) => queuePlanned(deps, update, planned),
    roomToQueue: async () => deps.sendQueue.room?.(PLAN_AHEAD_KEYS, PLAN_AHEAD_WAIT_MS),
    markPlanned: async (id, summary) => {
      await deps.updates.markPlanned(id, summary, deps.now());
    },
  };
}

/** Records and queues a job that plans the update's send (the update must be `sending`); answers where to follow it. */
export async function startPlanning(deps: Pick<Deps, 'jobQueue' | 'jobs' | 'now' | 'updates'>, updateId: string, by: string) {
  const now = deps.now();
  const at = now.toISOString();
  const id = `j${newId(now, newSecret(6))}`;
  const first = { phase: 'relays', cursor: 0 };
  await deps.jobs.create({ id, kind: UPDATE_PLAN_JOB, state: 'running', ...first, counters: {}, params: { updateId }, createdBy: by, createdAt: at, startedAt: at, updatedAt: at });
  // Paused or cancelled meanwhile: the job would stop at its first chunk; better not to start it.
  if (!(await deps.updates.setPlanJob(updateId, id))) {
    await deps.jobs.fail(id, jobError('update_not_sending', 'job.updateNotSending'), at);
    return undefined;
  }
  await deps.jobQueue.enqueue({ job: id, ...first });
  return { job: id, location: `/api/admin/jobs/${id}` };
}

/**
 * Starts sending an update now: the status moves once, whoever asks twice; planning runs as a job,
 * so the request answers at once whatever the list's size.
 */
export async function sendUpdate(deps: Pick<Deps, 'jobQueue' | 'jobs' | 'now' | 'updateTimer' | 'updates'>, session: Pick<Session, 'email'>, id: string) {
  const update = await deps.updates.getUpdate(id);
  if (!update) throw new NotFoundError('update.none', { id });
  checkTranslated(update);
  await deps.updates.startSending(id, deps.now());
  if (update.status === 'scheduled') await clearUpdateTimer(deps, id);
  const planning = await startPlanning(deps, id, session.email);
  if (!planning) throw new ConflictError('update.stoppedAsStarted', {}, { status: (await deps.updates.statusOf(id)) ?? null });
  return { id, status: 'sending' as const, ...planning };
}

/**
 * The SQS send worker: each message's deliveries are claimed and sent; a message with deliveries left
 * for later (throttled too long, a transient error) or a malformed body is reported back, so SQS
 * redelivers only those messages.
 */
export async function sendQueuedBatch(deps: Pick<Deps, 'sendWorker'>, event: unknown) {
  const messages = parseSqsEvent(event);
  const worker = deps.sendWorker();
  const failures: { itemIdentifier: string }[] = [];
  await Promise.all(
    messages.map(async ({ messageId, keys }) => {
      if (!keys) {
        failures.push({ itemIdentifier: messageId });
        return;
      }
      const outcome = await worker.send(keys);
      if (outcome.retry.length > 0) failures.push({ itemIdentifier: messageId });
    }),
  );
  return { batchItemFailures: failures };
}

/** SES events as EventBridge delivers them: suppress on permanent bounce and complaint, move the delivery and its counters, pull the brake. */
export async function recordSesNotifications(deps: Pick<Deps, 'config' | 'contactBook' | 'deliveries' | 'ledger' | 'mailer' | 'now' | 'partnership' | 'updates'>, payload: unknown) {
  const events = parseSesNotifications(payload);
  const now = deps.now();
  let suppressed = 0;
  let deliveries = 0;
  // Each update's figures after its last outcome here (the counters' write answers them): the brake
  // weighs each once, after the whole payload. A delivery counts too: bounces that all came before the
  // 200th send pull the brake at the next outcome. Only figures over the line cost the reads of applyBrake.
  const weigh = new Map<string, BrakeFigures>();
  for (const event of events) {
    const decision = decideSesEvent(event);
    for (const { email, reason } of decision.suppress) {
      await recordWithdrawal(deps, email, 'all', reason, { ...sourceOf(reason === 'bounced' ? 'ses-bounce' : 'ses-complaint'), by: BY_AMAZON_SES });
      await deps.contactBook.contacts.setStatus(email, reason, now);
      suppressed++;
    }
    const report = decision.delivery && (await deps.deliveries.recordOutcome(decision.delivery.key, decision.delivery.to, decision.delivery.detail, now, decision.delivery.permanent ?? false));
    if (report) {
      deliveries++;
      weigh.set(decision.delivery!.key.updateId, brakeFigures(report));
    }
  }
  let paused = 0;
  for (const [updateId, figures] of weigh) if (brakeDecision(figures, { resumedBefore: false }).pause && (await applyBrake(deps, updateId))) paused++;
  return { events: events.length, suppressed, deliveries, paused };
}

/**
 * Weighs an update's bounces and complaints against the brake (core's rule). Over the limit, the
 * update moves to `paused` with a conditional write, and only the event that made that move emails
 * the secretariat: two events crossing the limit at once pause it once and email once.
 */
export async function applyBrake(deps: Pick<Deps, 'config' | 'deliveries' | 'mailer' | 'now' | 'partnership' | 'updates'>, updateId: string): Promise<boolean> {
  const update = await deps.updates.getUpdate(updateId);
  if (!update || !mayMove(update.status, 'pause')) return false;
  const report = await deps.deliveries.report(updateId);
  const decision = brakeDecision(brakeFigures(report), { resumedBefore: update.resumedAt !== undefined });
  if (!decision.pause) return false;
  const now = deps.now();
  try {
    await deps.updates.pause(updateId, { reason: decision.reason, at: now.toISOString(), ...decision.figures }, now);
  } catch (error) {
    // Someone else paused it first (or it was resumed, cancelled): they told the secretariat.
    if (error instanceof ConflictError) return false;
    throw error;
  }
  logLine('warn', 'update send paused by the brake', { updateId, reason: decision.reason, ...decision.figures });
  const indexed = (await deps.partnership.secretariatMembers()).map((m) => ({ to: m.email, language: m.language }));
  // Profiles written before the secretariat was indexed are not found: then at least the update's
  // author (secretariat, unless since erased) hears, and the log says the index is empty.
  const recipients = indexed.length > 0 ? indexed : z.email().safeParse(update.createdBy).success ? [{ to: update.createdBy, language: undefined }] : [];
  if (indexed.length === 0) logLine('error', 'no secretariat member indexed for the pause notice', { updateId, fallbackToAuthor: recipients.length > 0 });
  for (const { to, language } of recipients) {
    try {
      await deps.mailer.send(pauseNoticeEmail({ to, language, update, reason: decision.reason, figures: decision.figures, baseUrl: deps.config.BASE_URL }));
    } catch (error) {
      // One address failing must not keep the others from hearing; the console shows the pause anyway.
      logLine('error', 'pause notice not sent', { updateId, ...describeError(error) });
    }
  }
  return true;
}

/**
 * Resumes a paused send: back to planning or to the queue, and the deliveries still queued are
 * enqueued again. The claim's condition keeps any of them from going twice.
 */
export async function resumeSend(deps: Pick<Deps, 'audit' | 'config' | 'deliveries' | 'jobQueue' | 'jobs' | 'now' | 'sendQueue' | 'updates'>, session: Pick<Session, 'email'>, id: string) {
  const update = await deps.updates.getUpdate(id);
  if (!update) throw new NotFoundError('update.none', { id });
  const move = resumeMove(update);
  const resumed = await deps.updates.resume(id, move, deps.now());
  // Paused while planning: a new planning job goes over the list again and queues every delivery
  // (those written before the pause included). Paused once planned: the queued ones go back on the queue.
  const planning = move === 'resumePlanning' ? await startPlanning(deps, id, session.email) : undefined;
  const keys = move === 'resumeQueue' ? await deps.deliveries.queuedOf(id) : [];
  if (keys.length > 0) await deps.sendQueue.enqueue(keys);
  await recordAudit(deps, session, { action: 'update.resumed', details: { updateId: id, title: update.title, requeued: String(keys.length), replanning: String(planning !== undefined) } });
  return { status: resumed.status, requeued: keys.length, ...(planning ? { planning } : {}) };
}

/**
 * Forgets a scheduled update's wake-up once it no longer waits for its time. A wake-up left behind
 * (this failed) only runs scheduled-updates once, which then finds nothing due, so it is logged, not raised.
 */
async function clearUpdateTimer(deps: Pick<Deps, 'updateTimer'>, id: string) {
  try {
    await deps.updateTimer.clear(id);
  } catch (error) {
    logLine('warn', 'update timer not cleared', { updateId: id, ...describeError(error) });
  }
}

/**
 * Cancels an update that is scheduled, sending, planned or paused: the status moves first, so the
 * worker claims nothing more; then every delivery still queued moves to `cancelled` (conditional on
 * `queued`, so one a worker claimed first is sent and counted sent, never both). What this request
 * does not reach (it is cut short, a lease runs out) the worker closes as cancelled when it comes by.
 */
export async function cancelSend(deps: Pick<Deps, 'audit' | 'config' | 'deliveries' | 'now' | 'updateTimer' | 'updates'>, session: Pick<Session, 'email'>, id: string) {
  const update = await deps.updates.getUpdate(id);
  if (!update) throw new NotFoundError('update.none', { id });
  if (update.status === 'sent') {
    const { counts } = await deps.deliveries.report(id);
    if (!counts.some((c) => (c.status === 'queued' || c.status === 'sending') && c.count > 0)) {
      throw new ConflictError('update.allSent', {}, { status: update.status });
    }
  }
  const cancelled = await deps.updates.cancel(id, deps.now());
  if (update.status === 'scheduled') await clearUpdateTimer(deps, id);
  const now = deps.now();
  let closed = 0;
  const keys = await deps.deliveries.queuedOf(id);
  await inLanes(keys, 16, async (key) => {
    if (await deps.deliveries.cancelQueued(key, now)) closed++;
  });
  await recordAudit(deps, session, { action: 'update.cancelled', details: { updateId: id, title: update.title, from: update.status, cancelled: String(closed) } });
  return { status: cancelled.status, cancelled: closed };
}

/**
 * The sweeper: deliveries whose queue message never came (an enqueue that failed) or whose claim
 * outlived its lease (a worker that died mid-send) are re-enqueued; the claim's condition makes sure
 * a delivery still being sent is not sent again.
 */
export function sweepDeliveries(deps: Pick<Deps, 'deliveries' | 'now' | 'sendQueue'>, shards: readonly string[]) {
  return sweepOverdue(deps.deliveries, (keys) => deps.sendQueue.enqueue(keys), shards, deps.now());
}

/**
 * Re-enqueues what an outbox index says is overdue, shard by shard. Each item's due time moves
 * forward first (a conditional write on the due time read), so one sweep, or two at once, enqueue it once.
 */
export async function sweepOverdue<K>(
  store: { overdue(shard: string, now: Date): Promise<{ key: K; due: string }[]>; postpone(key: K, due: string, now: Date): Promise<boolean> },
  enqueue: (keys: K[]) => Promise<void>,
  shards: readonly string[],
  now: Date,
) {
  const keys: K[] = [];
  for (const shard of shards) {
    for (const { key, due } of await store.overdue(shard, now)) {
      if (await store.postpone(key, due, now)) keys.push(key);
    }
  }
  if (keys.length > 0) await enqueue(keys);
  return { requeued: keys.length };
}
