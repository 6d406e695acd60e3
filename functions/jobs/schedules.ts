import type { JobName } from './index.ts';

/** How often a job runs: a fixed period, aligned to the clock (every 5 minutes: :00, :05, … UTC). */
export type Every = { minutes: number } | { hours: number };
/** Once a day at a UTC time. */
export interface DailyAt {
  minute: number;
  hour: number;
}

/**
 * When one job runs. Plain data, so the CDK stack (EventBridge rules, infra/schedules.ts) and the
 * local hub's scheduler (functions/local/scheduler.ts) read the same definitions.
 */
export type JobSchedule = { job: JobName; description: string } & ({ every: Every; /** The local hub's period, where it differs from AWS's. */ locally?: Every } | { cron: DailyAt });

/** Every scheduled job and when it runs. Times are UTC. */
export const jobSchedules: readonly JobSchedule[] = [
  // The morning digest of forum activity, before the working day in Central European time.
  { job: 'digest', cron: { minute: 0, hour: 5 }, description: 'daily digest' },
  // On AWS each scheduled update wakes this job at its time with a one-time schedule of its own
  // (functions/adapters/scheduler/update-timer.ts); this run is the safety net for a wake-up that was
  // lost, and restarts a planning job whose message was. Locally there are no one-time schedules, so
  // it runs every minute and a scheduled update goes within a minute of its time.
  { job: 'scheduled-updates', every: { minutes: 15 }, locally: { minutes: 1 }, description: 'send scheduled updates (safety net)' },
  // A claim older than its lease is a crashed send, a queued delivery without its message a lost one:
  // re-enqueue them. Both are rare, and a quarter of an hour late is soon enough for either.
  { job: 'sweeper', every: { minutes: 15 }, description: 'requeue stale delivery claims' },
  { job: 'reminders', every: { hours: 1 }, description: 'event reminders' },
  // The regular request for outside-meeting reports: the secretariat sets the period (off by
  // default); the job asks each member once per period, so a daily run in the European morning
  // asks on a period's first day, and a missed run asks the next day.
  { job: 'outside-request', cron: { minute: 0, hour: 7 }, description: 'ask members about their outside meetings' },
  // CloudFront delivers its logs within the hour; the local hub writes its own every second, so that
  // under `npm start` a visit shows on the Visibility page within a minute.
  { job: 'visibility', every: { hours: 1 }, locally: { minutes: 1 }, description: 'count page views from the request logs' },
];

/** The schedules as the local hub runs them: each job's local period where it has one. */
export const localJobSchedules: readonly JobSchedule[] = jobSchedules.map((entry) => ('every' in entry && entry.locally ? { ...entry, every: entry.locally } : entry));
