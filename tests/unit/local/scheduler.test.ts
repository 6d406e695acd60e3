import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jobSchedules, localJobSchedules, type JobSchedule } from '../../../functions/jobs/schedules.ts';
import { nextRun, startScheduler } from '../../../functions/local/scheduler.ts';

const schedules: JobSchedule[] = [
  { job: 'scheduled-updates', every: { minutes: 1 }, description: 'minute' },
  { job: 'sweeper', every: { minutes: 5 }, description: 'five minutes' },
  { job: 'reminders', every: { hours: 1 }, description: 'hourly' },
  { job: 'digest', cron: { minute: 0, hour: 5 }, description: 'daily' },
];

/** Runs every job at once and records, per job, the UTC instants it started at. */
function recordingRun(duration: (job: string) => number = () => 0) {
  const starts: Record<string, string[]> = {};
  const run = vi.fn(async (job: string) => {
    (starts[job] ??= []).push(new Date().toISOString());
    const ms = duration(job);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    return { done: 1 };
  });
  return { starts, run };
}

describe('nextRun', () => {
  it('aligns periods to the UTC clock and a daily time to its UTC hour', () => {
    const at = new Date('2026-03-10T04:58:30.250Z');
    expect(nextRun(schedules[0]!, at).toISOString()).toBe('2026-03-10T04:59:00.000Z');
    expect(nextRun(schedules[1]!, at).toISOString()).toBe('2026-03-10T05:00:00.000Z');
    expect(nextRun(schedules[2]!, at).toISOString()).toBe('2026-03-10T05:00:00.000Z');
    expect(nextRun(schedules[3]!, at).toISOString()).toBe('2026-03-10T05:00:00.000Z');
    // Exactly on an instant, the next one is the following: a run never repeats its own instant.
    expect(nextRun(schedules[3]!, new Date('2026-03-10T05:00:00.000Z')).toISOString()).toBe('2026-03-11T05:00:00.000Z');
    expect(nextRun(schedules[0]!, new Date('2026-03-10T05:00:00.000Z')).toISOString()).toBe('2026-03-10T05:01:00.000Z');
  });
});

describe('the local scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('runs each job at its instants: every minute at :00, every five minutes, hourly, daily at 05:00 UTC', async () => {
    // Prepare
    vi.setSystemTime(new Date('2026-03-10T04:58:30.000Z'));
    const { starts, run } = recordingRun();
    const scheduler = startScheduler({ schedules, run });
    // Act: seven and a half minutes go by
    await vi.advanceTimersByTimeAsync(7 * 60_000 + 30_000);
    await scheduler.stop();
    // Assess
    expect(starts['scheduled-updates']).toEqual(['04:59', '05:00', '05:01', '05:02', '05:03', '05:04', '05:05', '05:06'].map((t) => `2026-03-10T${t}:00.000Z`));
    expect(starts.sweeper).toEqual(['2026-03-10T05:00:00.000Z', '2026-03-10T05:05:00.000Z']);
    expect(starts.reminders).toEqual(['2026-03-10T05:00:00.000Z']);
    expect(starts.digest).toEqual(['2026-03-10T05:00:00.000Z']);
  });

  it('skips a tick while the previous run of the same job is still going, and logs the skip', async () => {
    // Prepare: every run of the minute job takes 90 seconds
    vi.setSystemTime(new Date('2026-03-10T10:00:30.000Z'));
    const { starts, run } = recordingRun(() => 90_000);
    const scheduler = startScheduler({ schedules: [schedules[0]!], run });
    // Act
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    await scheduler.stop();
    // Assess: 10:01 runs until 10:02:30, so 10:02 is skipped; 10:03 runs until 10:04:30, so 10:04 too
    expect(starts['scheduled-updates']).toEqual(['2026-03-10T10:01:00.000Z', '2026-03-10T10:03:00.000Z']);
    const warnings = vi.mocked(console.warn).mock.calls.map(([line]) => JSON.parse(String(line)));
    const skip = { level: 'warn', what: 'job skipped', job: 'scheduled-updates', reason: 'the previous run is still going' };
    expect(warnings).toEqual([skip, skip]);
  });

  it('logs each result as one JSON line, and a failing run as an error without the address it quoted, then keeps going', async () => {
    // Prepare
    vi.setSystemTime(new Date('2026-03-10T10:00:59.000Z'));
    let calls = 0;
    const run = vi.fn(async () => {
      calls++;
      if (calls === 1) throw new Error('Message rejected: jane@example.org');
      return { started: 2, recipients: 40 };
    });
    const scheduler = startScheduler({ schedules: [schedules[0]!], run });
    // Act
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    await scheduler.stop();
    // Assess
    const errors = vi.mocked(console.error).mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 'error', what: 'job failed', job: 'scheduled-updates', error: 'Error: Message rejected: [address]' });
    expect(JSON.stringify(errors)).not.toContain('jane@');
    const infos = vi.mocked(console.log).mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(infos).toEqual([{ level: 'info', what: 'job done', job: 'scheduled-updates', ms: 0, started: 2, recipients: 40 }]);
  });

  it('stop clears every timer and waits for the run under way', async () => {
    // Prepare
    vi.setSystemTime(new Date('2026-03-10T10:00:59.000Z'));
    const { starts, run } = recordingRun(() => 10_000);
    const scheduler = startScheduler({ schedules, run });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(starts['scheduled-updates']).toHaveLength(1);
    // Act
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(5_000);
    const beforeRunEnded = stopped;
    await vi.advanceTimersByTimeAsync(5_000);
    await stopping;
    // Assess: nothing is left to fire, whatever time passes
    expect(beforeRunEnded).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(2 * 24 * 60 * 60_000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});

describe('the local schedules', () => {
  it("run a job at its local period where it has one (visibility and scheduled-updates: every minute, not AWS's hour and quarter), the others as on AWS", () => {
    const local = Object.fromEntries(localJobSchedules.map((s) => [s.job, 'every' in s ? s.every : s.cron]));
    expect(local.visibility).toEqual({ minutes: 1 });
    expect(jobSchedules.find((s) => s.job === 'visibility')).toMatchObject({ every: { hours: 1 } });
    // No one-time schedules locally: the minute poll is what sends a scheduled update within a minute.
    expect(local['scheduled-updates']).toEqual({ minutes: 1 });
    expect(jobSchedules.find((s) => s.job === 'scheduled-updates')).toMatchObject({ every: { minutes: 15 } });
    const others = (list: readonly JobSchedule[]) => list.filter((s) => s.job !== 'visibility' && s.job !== 'scheduled-updates');
    expect(others(localJobSchedules)).toEqual(others(jobSchedules));
  });
});
