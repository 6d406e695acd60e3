import { describe, expect, it } from 'vitest';
import { chunkAt, createJobRunner, JobInputError, type Job, type JobAdvance, type JobMessage, type JobStore } from '../../../../functions/core/jobs/job.ts';

/** A job store in memory with the same compare-and-set rule as the DynamoDB one. */
function memoryStore(job: Job): JobStore & { job: Job } {
  const store = {
    job,
    async create() {},
    async get() {
      return structuredClone(store.job);
    },
    async start() {
      return false;
    },
    async advance(_id: string, from: { phase: string; cursor: number }, next: JobAdvance) {
      if (store.job.state !== 'running' || store.job.phase !== from.phase || store.job.cursor !== from.cursor) return false;
      const counters = { ...store.job.counters };
      for (const [k, v] of Object.entries(next.add ?? {})) counters[k] = (counters[k] ?? 0) + v;
      store.job = { ...store.job, phase: next.phase, cursor: next.cursor, counters, state: next.state ?? 'running', ...(next.error ? { error: next.error } : {}) };
      return true;
    },
    async fail() {},
  };
  return store;
}
const running: Job = { id: 'jtest0000001', kind: 'count', state: 'running', phase: 'go', cursor: 0, counters: {}, params: {}, createdBy: 'a@example.org', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };

describe('jobs: chunks and the cursor', () => {
  it('cuts a phase into chunks that cover every row once and end on the last', () => {
    // Prepare / Act
    const chunks = [];
    for (let cursor = 0, last = false; !last; ) {
      const chunk = chunkAt(cursor, 2_500, 1_000);
      chunks.push(chunk);
      cursor = chunk.to;
      last = chunk.last;
    }
    // Assess
    expect(chunks).toEqual([{ from: 0, to: 1_000, last: false }, { from: 1_000, to: 2_000, last: false }, { from: 2_000, to: 2_500, last: true }]);
    expect(chunkAt(0, 0, 1_000)).toEqual({ from: 0, to: 0, last: true });
    expect(() => chunkAt(0, 10, 0)).toThrow();
  });

  it('moves the cursor only from where the chunk started, counts once and enqueues the next chunk', async () => {
    // Prepare
    const store = memoryStore(running);
    const queued: JobMessage[] = [];
    const step = async (job: Job): Promise<JobAdvance> => {
      const { to, last } = chunkAt(job.cursor, 25, 10);
      return { phase: 'go', cursor: to, add: { done: to - job.cursor }, ...(last ? { state: 'done' as const } : {}) };
    };
    const runner = createJobRunner({ jobs: store, queue: { kind: 'in-process', enqueue: async (m) => void queued.push(m) }, steps: { count: step }, now: () => new Date() });
    // Act
    const first = { job: running.id, phase: 'go', cursor: 0 };
    const outcomes = [await runner.run(first), await runner.run(first)];
    while (queued.length) outcomes.push(await runner.run(queued.shift()!));
    // Assess
    expect(outcomes).toEqual(['advanced', 'stale', 'advanced', 'finished']);
    expect(store.job).toMatchObject({ state: 'done', cursor: 25, counters: { done: 25 } });
  });

  it('does not move the cursor when another worker moved it during the chunk', async () => {
    // Prepare
    const store = memoryStore(running);
    const queued: JobMessage[] = [];
    const step = async (): Promise<JobAdvance> => {
      store.job = { ...store.job, cursor: 10 };
      return { phase: 'go', cursor: 10, add: { done: 10 } };
    };
    const runner = createJobRunner({ jobs: store, queue: { kind: 'in-process', enqueue: async (m) => void queued.push(m) }, steps: { count: step }, now: () => new Date() });
    // Act
    const outcome = await runner.run({ job: running.id, phase: 'go', cursor: 0 });
    // Assess
    expect(outcome).toBe('stale');
    expect(store.job.counters).toEqual({});
    expect(queued).toEqual([]);
  });

  it('ends the job as failed on input it cannot get past, and lets other errors through for a retry', async () => {
    // Prepare
    const bad = memoryStore(running);
    const broken = memoryStore(running);
    const queue = { kind: 'in-process' as const, enqueue: async () => undefined };
    const message = { job: running.id, phase: 'go', cursor: 0 };
    // Act
    const failed = await createJobRunner({ jobs: bad, queue, steps: { count: async () => { throw new JobInputError('not_csv', 'import.notCsv', { reason: 'Quote Not Closed' }); } }, now: () => new Date() }).run(message);
    const retried = createJobRunner({ jobs: broken, queue, steps: { count: async () => { throw new Error('timeout'); } }, now: () => new Date() }).run(message);
    // Assess
    expect(failed).toBe('failed');
    expect(bad.job).toMatchObject({ state: 'failed', error: { code: 'not_csv', message: 'The file is not valid CSV: Quote Not Closed', refusal: 'import.notCsv', values: { reason: 'Quote Not Closed' } } });
    await expect(retried).rejects.toThrow('timeout');
    expect(broken.job).toMatchObject({ state: 'running', cursor: 0 });
  });
});
