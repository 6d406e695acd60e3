import { Duration } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { jobSchedules, type JobSchedule } from '../functions/jobs/schedules.ts';

/** The registry's plain schedule as EventBridge's: a rate for a period, a cron for a daily time (UTC). */
export function eventBridgeSchedule(entry: JobSchedule): Schedule {
  if ('cron' in entry) return Schedule.cron({ minute: String(entry.cron.minute), hour: String(entry.cron.hour) });
  return Schedule.rate('minutes' in entry.every ? Duration.minutes(entry.every.minutes) : Duration.hours(entry.every.hours));
}

/**
 * The scheduler Lambda's jobs and when EventBridge starts them, each with the input `{ "job": name }`.
 * The definitions live in functions/jobs/schedules.ts, which the local hub runs too.
 */
export const schedules = jobSchedules.map((entry) => ({ job: entry.job, schedule: eventBridgeSchedule(entry), description: entry.description }));
