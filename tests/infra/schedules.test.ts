import { describe, expect, it } from 'vitest';
import { jobs } from '../../functions/jobs/index.ts';
import { jobSchedules } from '../../functions/jobs/schedules.ts';
import { schedules } from '../../infra/schedules.ts';

describe('the scheduler', () => {
  it('is only ever started with a job the scheduler Lambda knows', () => {
    expect(jobSchedules.map((s) => s.job).filter((job) => !(job in jobs))).toEqual([]);
  });

  it('schedules every registered job', () => {
    expect(Object.keys(jobs).sort()).toEqual(jobSchedules.map((s) => s.job).sort());
  });

  it('gives EventBridge the shared registry, job for job, as rates and a UTC cron', () => {
    const byJob = Object.fromEntries(schedules.map((s) => [s.job, s.schedule.expressionString]));
    expect(byJob).toEqual({
      digest: 'cron(0 5 * * ? *)',
      'scheduled-updates': 'rate(15 minutes)',
      sweeper: 'rate(15 minutes)',
      reminders: 'rate(1 hour)',
      visibility: 'rate(1 hour)',
      'outside-request': 'cron(0 7 * * ? *)',
    });
    expect(schedules.map((s) => s.job)).toEqual(jobSchedules.map((s) => s.job));
  });
});
