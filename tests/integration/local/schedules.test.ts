import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { startJobSchedules } from '../../../functions/local/hub.ts';
import { createUpdate, importCsv, queueIdle } from '../../helpers/mail-pipeline.ts';
import { addMember, post, signIn } from '../../helpers/session.ts';

describe('npm start runs the schedules', () => {
  // The hub's clock is real time shifted by `offset`, so the test can stand just before a minute's :00.
  let offset = 0;
  let hub: TestHub;
  let cookie: string;
  beforeAll(async () => {
    hub = await createTestHub({}, { now: () => new Date(Date.now() + offset) });
    cookie = await signIn(hub, await addMember(hub, { secretariat: true }));
  });
  afterAll(() => hub.dispose());

  it('a scheduled update whose time has passed goes out at the next minute tick of the local scheduler', async () => {
    // Prepare: two contacts, an update scheduled half a second ahead on a clock 2 s before a minute's :00
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const people = [uniqueEmail('scheduled'), uniqueEmail('scheduled')];
    await importCsv(hub, cookie, ['email,audience,country', ...people.map((p) => `${p},research,IS`)].join('\n'));
    const id = await createUpdate(hub, cookie, { title: 'Planned', subject: 'Sent on schedule', body: 'Body', targets: { audiences: ['research'], countries: ['IS'] }, routes: { direct: true, networks: [] } });
    const real = Date.now();
    offset = Math.ceil((real + 5_000) / 60_000) * 60_000 - 2_000 - real;
    const scheduled = await post(hub, `/api/admin/updates/${id}/schedule`, { at: new Date(hub.deps.now().getTime() + 500).toISOString() }, cookie);
    expect(scheduled.status).toBe(200);
    // Act
    const scheduler = startJobSchedules(hub.deps);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const beforeTick = await Promise.all(people.map((p) => hub.inbox.to(p)));
      const mails = await Promise.all(people.map((p) => hub.inbox.waitFor(p, 1, 10_000)));
      // Assess: nothing before the tick, one email each after it, and the run's line names the job and counts
      expect(beforeTick.map((m) => m.length)).toEqual([0, 0]);
      expect(mails.map((m) => m.map((mail) => mail.subject))).toEqual([['Sent on schedule'], ['Sent on schedule']]);
    } finally {
      await scheduler.stop();
    }
    await queueIdle(hub);
    expect((await hub.deps.updates.getUpdate(id))!.status).toBe('sent');
    const lines = vi.mocked(console.log).mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', what: 'job done', job: 'scheduled-updates', started: 1 }));
    expect(JSON.stringify(lines)).not.toContain('@');
    vi.restoreAllMocks();
  });
});
