import { DeleteCommand, ScanCommand } from '../../../functions/adapters/dynamodb/document-client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connections } from '../../../functions/api/services/outside.ts';
import { plenaryBrief } from '../../../functions/api/services/reports.ts';
import { callWithResponses } from '../../../functions/api/services/experts.ts';
import { updateReport } from '../../../functions/api/services/updates.ts';
import type { Deps } from '../../../functions/api/deps.ts';
import type { Session } from '../../../functions/core/auth/session.ts';
import { actions, secretariat } from '../../../functions/local/demo-data.ts';
import { LIVING_DEMO_MARKER, seedLivingDemo } from '../../../functions/local/living-demo.ts';
import { seedDemo } from '../../../functions/local/seed.ts';
import { englishRefusal } from '../../../functions/core/refusals.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { queueIdle } from '../../helpers/mail-pipeline.ts';

/**
 * Every item of the table that outlives `until`, counted by kind: the first segment of its partition
 * and sort keys. Items seeded in the past can be born expired (an outbox message keeps its email for
 * a week after it was queued, and the demo's were queued weeks ago), and DynamoDB Local's TTL job
 * deletes expired items whenever it gets to them; an item that expires before `until` is left out of
 * every count, so two counts taken with the same `until` see the same items whatever that job did.
 */
async function itemsByKind(hub: TestHub, until: number) {
  const kinds: Record<string, number> = {};
  let start: Record<string, unknown> | undefined;
  do {
    const page = await hub.table.documents.send(new ScanCommand({ TableName: hub.table.name, ...(start ? { ExclusiveStartKey: start } : {}) }));
    start = page.LastEvaluatedKey;
    for (const item of page.Items ?? []) {
      if (typeof item.expiresAt === 'number' && item.expiresAt * 1000 <= until) continue;
      // A key that starts with a time (the consent ledger's) names no kind.
      const kind = [item.pk, item.sk].map((key) => String(key).split('#')[0]!.replace(/^\d.*/, '<time>')).join(' ');
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
  } while (start);
  return kinds;
}

/** Beyond any test here: what expires before it, TTL may have taken. */
const afterTheTest = () => Date.now() + 3_600_000;

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const leaderOf = (action: number): Session => ({ idHash: 't', email: `leader${action}@example.org`, name: 'Leader', secretariat: false, groups: [{ groupId: `action-${action}`, role: 'leader' }], createdAt: new Date().toISOString(), expiresAt: 0 });

/** A fresh table with the demo partnership, then the living demo, its emails all sent. */
async function seededHub(interrupt?: (deps: Deps) => Deps) {
  const hub = await createTestHub();
  await seedDemo(hub.table);
  if (interrupt) await expect(seedLivingDemo(interrupt(hub.deps))).rejects.toThrow('interrupted');
  const result = await seedLivingDemo(hub.deps);
  await queueIdle(hub);
  return { hub, result };
}

describe('the living demo npm start seeds', () => {
  let hub: TestHub;
  let first: Awaited<ReturnType<typeof seedLivingDemo>>;
  beforeAll(async () => {
    ({ hub, result: first } = await seededHub());
  }, 240_000);
  afterAll(() => hub?.dispose());

  it('gives every Working Group threads with replies from its leader and members, and a recorded decision', async () => {
    for (const { number } of actions) {
      // Prepare / Act: seeded above
      const { threads } = await hub.deps.forums.threadsOf(`action-${number}`, 100);
      const decisions = await hub.deps.forums.decisionsOf(`action-${number}`);
      // Assess
      expect(threads.length, `threads of Action ${number}`).toBeGreaterThanOrEqual(2);
      expect(threads.length).toBeLessThanOrEqual(3);
      expect(threads.every((t) => t.postCount >= 3)).toBe(true);
      const authors = new Set((await Promise.all(threads.map((t) => hub.deps.forums.threadPage(t.id, 50)))).flatMap((p) => p.posts.map((post) => post.authorEmail)));
      expect([...authors].sort()).toEqual([`leader${number}@example.org`, `member${number}a@example.org`, `member${number}b@example.org`]);
      expect(decisions.filter((d) => d.decision).length).toBeGreaterThanOrEqual(1);
    }
  });

  it('sends updates through the mail pipeline, directly and relayed by a network, with reports that count them', async () => {
    const updates = await hub.deps.updates.createdBy(secretariat.email);
    expect(updates).toHaveLength(3);
    for (const update of updates) {
      const report = await updateReport(hub.deps, update.id, englishRefusal);
      expect(report.update.status).toBe('sent');
      expect(report.progress.sent).toBeGreaterThan(0);
      expect(report.progress.sent).toBe(report.progress.planned);
      expect(report.totals.byRoute.direct).toBeGreaterThan(0);
      expect(Object.keys(report.totals.byRoute).some((route) => route.startsWith('relay:'))).toBe(true);
    }
    const emails = (await Promise.all(updates.map((u) => updateReport(hub.deps, u.id, englishRefusal)))).reduce((n, r) => n + r.progress.sent, 0);
    // A handful of emails, not a mailing: start-up stays quick.
    expect(emails).toBeLessThan(60);
  });

  it('has past meetings with accepted developments reports in the plenary brief, and an upcoming one with registrations', async () => {
    const brief = await plenaryBrief(hub.deps, day(-90), day(0));
    expect(brief.sections.flatMap((s) => s.reports).length).toBeGreaterThanOrEqual(3);
    expect(brief.markdown).toContain('Migrant Advisory Board');
    const events = await hub.deps.events.eventsStartingBetween(new Date(Date.now() - 90 * 86_400_000).toISOString(), '9999-12-31');
    const upcoming = events.filter((e) => Date.parse(e.startsAt) > Date.now());
    expect(upcoming.length).toBeGreaterThanOrEqual(1);
    expect(upcoming.every((e) => e.registered > 0)).toBe(true);
    expect(events.filter((e) => Date.parse(e.endsAt) < Date.now()).length).toBeGreaterThanOrEqual(2);
  });

  it('has accepted outside meetings in the connections overview and the brief', async () => {
    const overview = await connections(hub.deps);
    const brief = await plenaryBrief(hub.deps, day(-90), day(0));
    expect(overview.connections.map((c) => c.body)).toEqual(['European Integration Network (EIN)', 'EUROCITIES Working Group on Migration and Integration']);
    expect(overview.connections.every((c) => c.workingOn.length === 1 && !c.gap)).toBe(true);
    expect(brief.markdown).toContain('Outside meeting with EUROCITIES Working Group on Migration and Integration');
  });

  it('has confirmed experts in the pool and a call for cooperation that was sent and answered', async () => {
    const experts = await hub.deps.experts.candidates([]);
    expect(experts.filter((e) => e.status === 'confirmed').length).toBeGreaterThanOrEqual(5);
    const [call] = await hub.deps.experts.callsOfGroup('action-1');
    const view = await callWithResponses(hub.deps, leaderOf(1), 'action-1', call!.id);
    expect(view.call.status).toBe('sent');
    expect(view.sentCount).toBeGreaterThan(0);
    expect(view.responses.some((r) => r.interested)).toBe(true);
  });

  it('adds nothing on a second run, and finds every piece when the marker is gone', async () => {
    // Prepare
    const until = afterTheTest();
    const before = await itemsByKind(hub, until);
    // Act: a second start
    const second = await seedLivingDemo(hub.deps);
    // Assess
    expect(second).toEqual({ added: 0, kept: 0, complete: true });
    expect(await itemsByKind(hub, until)).toEqual(before);
    // Act: the look itself, piece by piece
    await hub.table.documents.send(new DeleteCommand({ TableName: hub.table.name, Key: LIVING_DEMO_MARKER }));
    const third = await seedLivingDemo(hub.deps);
    await queueIdle(hub);
    // Assess
    expect(third).toEqual({ added: 0, kept: first.added, complete: false });
    expect(await itemsByKind(hub, until)).toEqual(before);
  });

  it('completes a seed that was interrupted halfway, to the same items as an uninterrupted one', async () => {
    // Prepare: a seed that fails at the third registration for an event
    let registrations = 0;
    const interrupt = (deps: Deps): Deps => ({
      ...deps,
      registrations: {
        ...deps.registrations,
        register: (...args: Parameters<Deps['registrations']['register']>) => {
          if (++registrations === 3) throw new Error('interrupted');
          return deps.registrations.register(...args);
        },
      },
    });
    // Act: that seed, then a whole one on the same table
    const resumed = await seededHub(interrupt);
    try {
      // Assess
      expect(resumed.result.added).toBeGreaterThan(0);
      expect(resumed.result.added).toBeLessThan(first.added);
      const until = afterTheTest();
      expect(await itemsByKind(resumed.hub, until)).toEqual(await itemsByKind(hub, until));
    } finally {
      await resumed.hub.dispose();
    }
  }, 240_000);
});
