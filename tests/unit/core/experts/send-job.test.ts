import { describe, expect, it } from 'vitest';
import type { Call } from '../../../../functions/core/experts/call.ts';
import type { Expert } from '../../../../functions/core/experts/expert.ts';
import { CALL_SEND_JOB, callEmailKey, callSendStep, type CallOutcome, type CallSendPorts } from '../../../../functions/core/experts/send-job.ts';
import { advanced, type Job } from '../../../../functions/core/jobs/job.ts';
import type { OutboxKey } from '../../../../functions/core/outbox/message.ts';

const call: Call = {
  id: 'call-1',
  groupId: 'action-1',
  title: 'Guardianship',
  body: 'We look for experience with guardianship.',
  topics: ['unaccompanied-minors'],
  deadline: '2099-01-01T00:00:00Z',
  createdBy: 'leader@example.org',
  createdAt: '2026-01-01T00:00:00Z',
  status: 'draft',
  sentCount: 0,
  answeredCount: 0,
};
const expert = (n: number): Expert =>
  ({ id: `e${String(n).padStart(3, '0')}`, email: `expert${n}@example.org`, status: 'confirmed', acceptsCalls: true }) as Expert;

/** The job's ports over memory: the outbox and the marks keep the first write of each key, as the conditional puts do. */
function memory(pool: Expert[], options: { suppressed?: Set<string>; chunkSize: number }) {
  const recorded = new Set<string>();
  const marks = new Map<string, string>();
  const queued: string[] = [];
  const rendered: string[] = [];
  let finished = 0;
  const ports: CallSendPorts = {
    chunkSize: options.chunkSize,
    getCall: async () => call,
    matching: async () => [...pool].reverse(),
    marks: async () => new Map(marks),
    async deliver(_call, e, by): Promise<CallOutcome> {
      if (options.suppressed?.has(e.id)) return 'suppressed';
      if (!recorded.has(e.email)) {
        rendered.push(e.id);
        recorded.add(e.email);
      }
      if (marks.has(e.id)) return 'alreadySent';
      marks.set(e.id, by.job);
      return 'sent';
    },
    enqueue: async (keys: readonly OutboxKey[]) => void queued.push(...keys.map((k) => k.recipientKey)),
    finish: async () => void finished++,
  };
  return { ports, marks, queued, rendered, finished: () => finished };
}

const newJob = (id = 'j1'): Job => ({ id, kind: CALL_SEND_JOB, state: 'running', phase: 'send', cursor: 0, counters: {}, params: { callId: call.id, groupId: call.groupId, at: '2026-01-02T00:00:00Z' }, createdBy: 't', createdAt: '', updatedAt: '' });

async function runToEnd(ports: CallSendPorts, job = newJob(), replay: (chunk: number) => boolean = () => false) {
  const step = callSendStep(ports);
  for (let chunk = 0; chunk < 1_000; chunk++) {
    // A worker that died after the chunk's writes: the same chunk runs again from the same job.
    if (replay(chunk)) await step(job);
    job = advanced(job, await step(job));
    if (job.state !== 'running') return job;
  }
  throw new Error('the job never ended');
}

describe('the call-send job', () => {
  it('goes through every matching expert once, in chunks, and finishes the call once', async () => {
    // Prepare
    const pool = Array.from({ length: 23 }, (_, i) => expert(i));
    const m = memory(pool, { chunkSize: 5, suppressed: new Set(['e004']) });
    // Act
    const job = await runToEnd(m.ports);
    // Assess
    expect(job).toMatchObject({ state: 'done', cursor: 23, total: 23, counters: { sent: 22, alreadySent: 0, suppressed: 1 } });
    expect(new Set(m.rendered).size).toBe(22);
    expect(m.rendered).toHaveLength(22);
    expect(m.finished()).toBe(1);
  });

  it('counts a chunk run again as its own: no email rendered twice, the counts exact, its keys queued again', async () => {
    // Prepare
    const pool = Array.from({ length: 12 }, (_, i) => expert(i));
    const m = memory(pool, { chunkSize: 4 });
    // Act: every chunk runs twice, as after a worker that died having written it all.
    const job = await runToEnd(m.ports, newJob(), () => true);
    // Assess
    expect(job.counters).toEqual({ sent: 12, alreadySent: 0, suppressed: 0 });
    expect(m.rendered).toHaveLength(12);
    expect(m.queued).toHaveLength(24);
    expect(new Set(m.queued)).toEqual(new Set(pool.map((e) => callEmailKey(call.id, e.email).recipientKey)));
  });

  it('counts the experts another job marked as already sent, and an expert who joined meanwhile is reached', async () => {
    // Prepare: an earlier job reached the first five.
    const pool = Array.from({ length: 10 }, (_, i) => expert(i * 2));
    const m = memory(pool, { chunkSize: 3 });
    for (const e of pool.slice(0, 5)) m.marks.set(e.id, 'j0');
    const step = callSendStep(m.ports);
    // Act: after the first chunk, two experts join, one before the cursor's expert and one after.
    let job = advanced(newJob(), await step(newJob()));
    pool.push(expert(1), expert(19));
    while (job.state === 'running') job = advanced(job, await step(job));
    // Assess
    expect(job.counters).toEqual({ sent: 6, alreadySent: 5, suppressed: 0 });
    expect(m.marks.get('e019')).toBe('j1');
    // Sorted before the first chunk's last expert: the next send reaches them, this one does not go back.
    expect(m.marks.has('e001')).toBe(false);
  });

  it('fails, writing nothing, when the call is gone', async () => {
    const m = memory([expert(1)], { chunkSize: 3 });
    const step = callSendStep({ ...m.ports, getCall: async () => undefined });
    expect(await step(newJob())).toMatchObject({ state: 'failed', error: { code: 'call_gone' } });
    expect(m.rendered).toEqual([]);
  });
});
