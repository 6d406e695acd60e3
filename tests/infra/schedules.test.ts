import { describe, expect, it } from 'vitest';
import { jobs } from '../../functions/api/jobs/index.ts';
import { schedules } from '../../infra/schedules.ts';

describe('the scheduler', () => {
  it('is only ever started with a job the scheduler Lambda knows', () => {
    expect(schedules.map((s) => s.job).filter((job) => !(job in jobs))).toEqual([]);
  });

  it('schedules every registered job', () => {
    expect(Object.keys(jobs).sort()).toEqual(schedules.map((s) => s.job).sort());
  });
});
