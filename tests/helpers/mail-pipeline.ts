import type { Deps } from '../../functions/api/deps.ts';
import { planJobPorts } from '../../functions/api/services/sending.ts';
import { advanced, type Job } from '../../functions/core/jobs/job.ts';
import type { Mailer } from '../../functions/core/mail/message.ts';
import type { OutboxKey } from '../../functions/core/outbox/message.ts';
import { UPDATE_PLAN_JOB, updatePlanStep, type PlanJobPorts } from '../../functions/core/updates/plan-job.ts';
import type { TestHub } from './hub.ts';
import { browserHeaders, post } from './session.ts';

/** Imports contacts through the admin API (CSV as text/csv). */
export async function importCsv(hub: TestHub, cookie: string, csv: string, query = '') {
  return hub.app.request(`/api/admin/contacts/import${query}`, { method: 'POST', headers: { ...browserHeaders(hub, cookie), 'content-type': 'text/csv' }, body: csv });
}

/** A unique country code pair per test run is not possible; a unique audience mix and topic keep tests apart. */
export async function createUpdate(hub: TestHub, cookie: string, body: unknown): Promise<string> {
  const response = await post(hub, '/api/admin/updates', body, cookie);
  if (response.status !== 201) throw new Error(`create update answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/**
 * Waits until the in-process job and send queues have nothing waiting or in flight: planning jobs
 * queue sends, so both are asked again until neither had anything to do.
 */
export async function queueIdle(hub: Pick<TestHub, 'deps'>) {
  for (;;) {
    const busy = hub.deps.jobQueue.busy?.() || hub.deps.sendQueue.busy?.();
    if (!busy) return;
    await hub.deps.jobQueue.idle?.();
    await hub.deps.sendQueue.idle?.();
  }
}

/**
 * Plans an update (already `sending`) here and now, chunk after chunk, through the planning job's
 * step and the given deps (a test's own send queue, say), without the job queue. Answers the job's sums.
 */
export async function planInline(deps: Deps, updateId: string, ports: Partial<PlanJobPorts> = {}) {
  const step = updatePlanStep({ ...planJobPorts(deps), ...ports });
  const at = deps.now().toISOString();
  let job: Job = { id: 'inline-plan', kind: UPDATE_PLAN_JOB, state: 'running', phase: 'relays', cursor: 0, counters: {}, params: { updateId }, createdBy: 'test', createdAt: at, updatedAt: at };
  for (;;) {
    job = advanced(job, await step(job));
    if (job.state !== 'running') return { state: job.state, recipients: job.counters.recipients ?? 0, queued: job.counters.queued ?? 0, ...(job.error ? { error: job.error } : {}) };
  }
}

/** An outbox queue that only records what was enqueued, so a test decides which worker runs it and when. */
export function holdingOutbox() {
  const keys: OutboxKey[] = [];
  return { queue: { enqueueOutbox: async (k: readonly OutboxKey[]) => void keys.push(...k) }, keys };
}

/** A mailer around the real SES one that stops for good after `n` sends, like a worker process killed mid-send. */
export function dyingAfter(n: number, real: Mailer): Mailer & { sent: number } {
  const wrapper = {
    sent: 0,
    send(email: Parameters<Mailer['send']>[0]) {
      if (wrapper.sent >= n) return new Promise<never>(() => {});
      wrapper.sent++;
      return real.send(email);
    },
  };
  return wrapper;
}

/** A mailer around the real SES one that answers SES's throttling error on every `every`-th call. */
export function throttlingEvery(every: number, real: Mailer): Mailer & { throttled: number } {
  let calls = 0;
  const wrapper = {
    throttled: 0,
    async send(email: Parameters<Mailer['send']>[0]) {
      calls++;
      if (calls % every === 0) {
        wrapper.throttled++;
        throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });
      }
      return real.send(email);
    },
  };
  return wrapper;
}

/** Starts sending an update and plans it inline through `deps` (a test's own send queue, say). */
export async function startAndPlan(deps: Deps, updateId: string, ports: Partial<PlanJobPorts> = {}) {
  await deps.updates.startSending(updateId, deps.now());
  return planInline(deps, updateId, ports);
}
