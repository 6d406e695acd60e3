import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { suppressionKeyOf } from '../../../functions/core/contacts/suppression.ts';
import { startSesEmulator, type RunningSes } from '../../../functions/local/engines/ses.ts';
import { freePort } from '../../../functions/local/ports.ts';
import { feedSesEvents, type SesEventsFeed } from '../../../functions/local/ses-events-feed.ts';
import { createUpdate, importCsv, queueIdle } from '../../helpers/mail-pipeline.ts';
import { addMember, post, signIn } from '../../helpers/session.ts';

describe('npm start answers SES mailbox simulator', () => {
  // A local SES of this file's own, since its events reach the hub that subscribed in this process.
  let ses: RunningSes;
  let hub: TestHub;
  let feed: SesEventsFeed;
  let cookie: string;
  beforeAll(async () => {
    ses = await startSesEmulator({ emulatorPort: await freePort(), proxyPort: await freePort() });
    hub = await createTestHub({ SES_ENDPOINT: ses.endpoint });
    feed = feedSesEvents(ses, hub.deps);
    cookie = await signIn(hub, await addMember(hub, { secretariat: true }));
  });
  afterAll(async () => {
    feed.stop();
    await hub.dispose();
    await ses.stop();
  });

  it('an update to the simulator ends bounced, complained and delivered in the report, and the bounce and complaint suppressed', async () => {
    // Prepare
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const run = randomUUID().slice(0, 8);
    const at = (mailbox: string) => `${mailbox}+${run}@simulator.amazonses.com`;
    const [bounce, complaint, success, suppressed] = [at('bounce'), at('complaint'), at('success'), at('suppressionlist')];
    const imported = await importCsv(hub, cookie, ['email,audience,country', ...[bounce, complaint, success, suppressed].map((p) => `${p},research,IS`)].join('\n'));
    expect(await imported.json()).toMatchObject({ imported: 4 });
    const id = await createUpdate(hub, cookie, { title: 'Simulator', subject: 'To the simulator', body: 'Body', targets: { audiences: ['research'], countries: ['IS'] }, routes: { direct: true, networks: [] } });
    // Act
    expect((await post(hub, `/api/admin/updates/${id}/send`, {}, cookie)).status).toBe(202);
    await queueIdle(hub);
    await feed.idle();
    // Assess
    const report = await hub.app.request(`/api/admin/updates/${id}/report`, { headers: { cookie } });
    const body = (await report.json()) as { totals: { byStatus: Record<string, number> } };
    expect(body.totals.byStatus).toMatchObject({ sent: 0, delivered: 1, bounced: 2, complained: 1, failed: 0, queued: 0 });
    const isSuppressed = (email: string) => hub.deps.contactBook.suppressions.has(suppressionKeyOf(email));
    expect(await Promise.all([bounce, complaint, suppressed, success].map(isSuppressed))).toEqual([true, true, true, false]);
    const lines = vi.mocked(console.log).mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
    expect(lines.filter((l) => l.what === 'ses events recorded')).toHaveLength(5);
    expect(JSON.stringify(lines)).not.toContain('simulator.amazonses.com');
    vi.restoreAllMocks();
  });

  it("a storm of the simulator's bounces pauses the send by itself, tells the secretariat once and suppresses every bounced address", async () => {
    // Prepare: 220 recipients, 16 of them (7 %) at the simulator's bounce mailbox
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const run = randomUUID().slice(0, 8);
    const people = Array.from({ length: 220 }, (_, i) => `${i < 16 ? 'bounce' : 'success'}+${run}-${i}@simulator.amazonses.com`);
    const imported = await importCsv(hub, cookie, ['email,audience,country,language', ...people.map((p) => `${p},research,LI,en`)].join('\n'));
    expect(await imported.json()).toMatchObject({ imported: 220 });
    const title = `Storm ${run}`;
    const id = await createUpdate(hub, cookie, { title, subject: title, body: 'Body', targets: { audiences: ['research'], countries: ['LI'] }, routes: { direct: true, networks: [] } });
    // Act
    expect((await post(hub, `/api/admin/updates/${id}/send`, {}, cookie)).status).toBe(202);
    await queueIdle(hub);
    await feed.idle();
    await queueIdle(hub);
    // Assess: paused for its bounces once at least 200 had gone, and the secretariat told once
    const report = (await (await hub.app.request(`/api/admin/updates/${id}/report`, { headers: { cookie } })).json()) as { update: { status: string }; pause: { reason: string; sent: number; permanentBounces: number } | null; totals: { byStatus: Record<string, number> } };
    expect(report.update.status).toBe('paused');
    expect(report.pause).toMatchObject({ reason: 'permanent-bounces' });
    expect(report.pause!.sent).toBeGreaterThanOrEqual(200);
    expect(report.pause!.permanentBounces / report.pause!.sent).toBeGreaterThan(0.05);
    expect(report.totals.byStatus.bounced).toBe(16);
    const told = (await hub.inbox.all()).filter((e) => e.subject === `Sending paused: ${title}`);
    expect(told).toHaveLength(1);
    const isSuppressed = (email: string) => hub.deps.contactBook.suppressions.has(suppressionKeyOf(email));
    expect(await Promise.all(people.slice(0, 18).map(isSuppressed))).toEqual(people.slice(0, 18).map((_, i) => i < 16));
    vi.restoreAllMocks();
  }, 120_000);
});
