import { Duration } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';

/**
 * The scheduler Lambda's jobs and when EventBridge starts them, each with the input `{ "job": name }`
 * (the names of functions/api/jobs). Times are UTC.
 */
export const schedules = [
  // The morning digest of forum activity, before the working day in Central European time.
  { job: 'digest', schedule: Schedule.cron({ minute: '0', hour: '5' }), description: 'daily digest' },
  // Updates scheduled for a time go out within a minute of it.
  { job: 'scheduled-updates', schedule: Schedule.rate(Duration.minutes(1)), description: 'send scheduled updates' },
  // A claim older than its lease is a crashed send: re-enqueue it.
  { job: 'sweeper', schedule: Schedule.rate(Duration.minutes(5)), description: 'requeue stale delivery claims' },
  { job: 'reminders', schedule: Schedule.rate(Duration.hours(1)), description: 'event reminders' },
] as const;
