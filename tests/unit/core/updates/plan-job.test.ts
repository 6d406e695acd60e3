import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressionKeyOf } from '../../../../functions/core/contacts/suppression.ts';
import type { Contact } from '../../../../functions/core/contacts/contact.ts';
import type { PlannedDelivery } from '../../../../functions/core/deliveries/delivery.ts';
import { advanced, type Job } from '../../../../functions/core/jobs/job.ts';
import type { Network } from '../../../../functions/core/networks/network.ts';
import { routeUpdate, type RoutableUpdate } from '../../../../functions/core/routing/route.ts';
import { UPDATE_PLAN_JOB, updatePlanStep, type PlanJobPorts, type PlanSummary } from '../../../../functions/core/updates/plan-job.ts';
import type { Update } from '../../../../functions/core/updates/update.ts';
import { contact, network, update as routableUpdate } from '../routing/arbitraries.ts';

/**
 * The planning job over in-memory ports: contacts paged like the audience index, a delivery kept
 * only the first time it is written (the conditional put), every chunk's keys queued.
 */
function memoryPorts(input: { update: Update; contacts: Contact[]; networks: Network[]; suppressed: Set<string> }, pageSize: number) {
  const written = new Map<string, PlannedDelivery>();
  const queued: string[] = [];
  const summaries: PlanSummary[] = [];
  const ports: PlanJobPorts = {
    pageSize,
    getUpdate: async () => ({ ...input.update }),
    networks: async () => input.networks,
    async contactsPage(audience, after, limit) {
      const all = input.contacts.filter((c) => c.audience === audience);
      const from = after ? Number(after) : 0;
      const next = from + limit;
      return { contacts: all.slice(from, next), ...(next < all.length ? { after: String(next) } : {}) };
    },
    suppressed: async (keys) => new Set(keys.filter((k) => input.suppressed.has(k))),
    async queue(_update, planned) {
      let fresh = 0;
      for (const d of planned) {
        if (!written.has(d.email)) {
          written.set(d.email, d);
          fresh++;
        }
        queued.push(d.email);
      }
      return fresh;
    },
    // Like the store: sending → sent, once.
    async markPlanned(_id, summary) {
      if (input.update.status !== 'sending') return;
      input.update = { ...input.update, status: 'sent' };
      summaries.push(summary);
    },
  };
  return { ports, written, queued, summaries };
}

/** Runs chunks until the job ends, as the runner would (counters added, the position carried). */
async function runToEnd(ports: PlanJobPorts, updateId: string, replay: (chunk: number) => boolean = () => false) {
  const step = updatePlanStep(ports);
  let job: Job = { id: 'j1', kind: UPDATE_PLAN_JOB, state: 'running', phase: 'relays', cursor: 0, counters: {}, params: { updateId }, createdBy: 't', createdAt: '', updatedAt: '' };
  for (let chunk = 0; chunk < 10_000; chunk++) {
    // A worker that died after the chunk's writes: the same chunk runs again from the same job.
    if (replay(chunk)) await step(job);
    job = advanced(job, await step(job));
    if (job.state !== 'running') return job;
  }
  throw new Error('the job never ended');
}

const sending = (u: RoutableUpdate): Update => ({ ...u, title: 't', subject: 's', body: 'b', status: 'sending', createdBy: 'a@example.org', createdAt: '', updatedAt: '' }) as Update;
const plannedKey = (d: PlannedDelivery) => `${d.email}|${d.route}|${d.variant}|${d.audience}|${d.country}`;
const sortedCoverage = (c: PlanSummary['coverage']) => [...c].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const input = fc.record({
  update: routableUpdate,
  // Contacts are keyed by address: one record per person.
  contacts: fc.uniqueArray(contact, { selector: (c) => c.email, maxLength: 12 }),
  networks: fc.tuple(network('n1'), network('n2'), network('n3')).map((t) => [...t]),
  suppressed: fc.subarray(Array.from({ length: 12 }, (_, i) => `p${i}@example.org`)),
  pageSize: fc.integer({ min: 1, max: 5 }),
  replayed: fc.integer({ min: 0, max: 8 }),
});

describe('planning a send as a job', () => {
  it('page by page, and with a chunk run twice, plans exactly what routing the whole list at once plans', async () => {
    await fc.assert(
      fc.asyncProperty(input, async ({ update, contacts, networks, suppressed, pageSize, replayed }) => {
        const suppressions = new Set(suppressed.map(suppressionKeyOf));
        const whole = routeUpdate({ update, contacts, networks, suppressions });
        const memory = memoryPorts({ update: sending(update), contacts, networks, suppressed: suppressions }, pageSize);
        const job = await runToEnd(memory.ports, update.id, (chunk) => chunk === replayed);
        expect(job.state).toBe('done');
        expect([...memory.written.values()].map(plannedKey).sort()).toEqual(whole.deliveries.map(plannedKey).sort());
        expect(memory.summaries).toHaveLength(1);
        const [summary] = memory.summaries;
        expect(summary!.recipients).toBe(whole.deliveries.length);
        expect(summary!.excluded).toEqual(whole.excluded);
        expect(summary!.gaps).toEqual(whole.gaps);
        expect(sortedCoverage(summary!.coverage)).toEqual(sortedCoverage(whole.coverage));
        expect(job.counters.queued ?? 0).toBeLessThanOrEqual(whole.deliveries.length);
        expect(new Set(memory.queued)).toEqual(new Set(whole.deliveries.map((d) => d.email)));
      }),
      { numRuns: 300 },
    );
  });

  it('waits for room on the send queue before each page after the first, never before the relays or the first page', async () => {
    // Prepare: 25 NGO contacts, pages of 10, a send queue whose room the test opens.
    const base = { id: 'u-1', variants: [], targets: { audiences: ['ngo' as const], topics: [], countries: [] }, routes: { direct: true, networks: [] } };
    const contacts = Array.from({ length: 25 }, (_, i) => ({ email: `p${i}@example.org`, name: `P${i}`, organisation: '', audience: 'ngo', country: 'GR', language: 'en', topics: [], source: 't', status: 'subscribed', networks: [], createdAt: '', updatedAt: '', consent: { source: 't', at: '', wordingVersion: '1' } }) as Contact);
    const memory = memoryPorts({ update: sending(base), contacts, networks: [], suppressed: new Set() }, 10);
    const gates: (() => void)[] = [];
    const askedAfter: number[] = [];
    memory.ports.roomToQueue = () => {
      askedAfter.push(memory.queued.length);
      return new Promise<void>((resolve) => gates.push(resolve));
    };
    const step = updatePlanStep(memory.ports);
    let job: Job = { id: 'j1', kind: UPDATE_PLAN_JOB, state: 'running', phase: 'relays', cursor: 0, counters: {}, params: { updateId: 'u-1' }, createdBy: 't', createdAt: '', updatedAt: '' };
    // Act and assess: the relays and the first page go at once.
    job = advanced(job, await step(job));
    job = advanced(job, await step(job));
    expect(memory.queued).toHaveLength(10);
    expect(askedAfter).toEqual([]);
    // The second page waits for the sender until the queue has room.
    const second = step(job);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(memory.queued).toHaveLength(10);
    expect(askedAfter).toEqual([10]);
    gates.shift()!();
    job = advanced(job, await second);
    expect(memory.queued).toHaveLength(20);
    const third = step(job);
    await new Promise((resolve) => setTimeout(resolve, 10));
    gates.shift()!();
    job = advanced(job, await third);
    expect(job.state).toBe('done');
    expect(memory.queued).toHaveLength(25);
    expect(askedAfter).toEqual([10, 20]);
  });

  it('stops, saying why, when the send is paused or cancelled, and ends quietly when another job planned it', async () => {
    const base = { id: 'u-1', variants: [], targets: { audiences: ['ngo' as const], topics: [], countries: [] }, routes: { direct: true, networks: [] } };
    for (const [status, expected] of [
      ['paused', { state: 'failed', error: { code: 'update_paused' } }],
      ['cancelled', { state: 'failed', error: { code: 'update_cancelled' } }],
      ['sent', { state: 'done' }],
    ] as const) {
      const memory = memoryPorts({ update: { ...sending(base), status }, contacts: [], networks: [], suppressed: new Set() }, 10);
      const job = await runToEnd(memory.ports, 'u-1');
      expect(job).toMatchObject(expected);
      expect(memory.written.size).toBe(0);
      expect(memory.summaries).toHaveLength(0);
    }
  });
});
