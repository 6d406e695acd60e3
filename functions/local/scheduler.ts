import type { JobResult } from '../jobs/index.ts';
import type { JobSchedule } from '../jobs/schedules.ts';
import { describeError, logLine } from '../core/privacy/log-line.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The first instant strictly after `after` at which the schedule runs. Periods are aligned to the
 * UTC clock (every minute at :00 seconds, every 5 minutes at :00, :05, …, every hour on the hour), so
 * local runs land where a person reading the log expects them; a daily time is that UTC time.
 */
export function nextRun(entry: JobSchedule, after: Date): Date {
  const t = after.getTime();
  if ('cron' in entry) {
    const today = Math.floor(t / DAY) * DAY + entry.cron.hour * HOUR + entry.cron.minute * MINUTE;
    return new Date(today > t ? today : today + DAY);
  }
  const period = 'minutes' in entry.every ? entry.every.minutes * MINUTE : entry.every.hours * HOUR;
  return new Date((Math.floor(t / period) + 1) * period);
}

export interface RunningScheduler {
  /** Clears every timer; resolves once the runs under way have ended. */
  stop(): Promise<void>;
}

/**
 * The local hub's stand-in for EventBridge: one timer per schedule, set to its next instant. A tick
 * that finds the job's previous run still going is skipped (EventBridge would start a second Lambda;
 * here one process would only race itself). Each run ends in one JSON log line of counts; a failing
 * run is logged and the schedule carries on, so a bad job never takes the hub down.
 */
export function startScheduler(options: {
  schedules: readonly JobSchedule[];
  run: (job: JobSchedule['job']) => Promise<JobResult>;
  now?: () => Date;
}): RunningScheduler {
  const now = options.now ?? (() => new Date());
  const timers = new Map<JobSchedule, ReturnType<typeof setTimeout>>();
  const running = new Map<string, Promise<void>>();
  let stopped = false;

  async function runOnce(entry: JobSchedule) {
    const started = Date.now();
    try {
      const result = await options.run(entry.job);
      logLine('info', 'job done', { job: entry.job, ms: Date.now() - started, ...result });
    } catch (error) {
      logLine('error', 'job failed', { job: entry.job, ms: Date.now() - started, ...describeError(error, { stack: true }) });
    }
  }

  function arm(entry: JobSchedule, after: Date) {
    if (stopped) return;
    const due = nextRun(entry, after);
    const timer = setTimeout(() => {
      // From the instant it was due, not the time it fired: a timer a millisecond early must not run twice.
      arm(entry, new Date(Math.max(due.getTime(), now().getTime())));
      if (running.has(entry.job)) {
        logLine('warn', 'job skipped', { job: entry.job, reason: 'the previous run is still going' });
        return;
      }
      const run = runOnce(entry).finally(() => running.delete(entry.job));
      running.set(entry.job, run);
    }, Math.max(0, due.getTime() - now().getTime()));
    timers.set(entry, timer);
  }

  for (const entry of options.schedules) arm(entry, now());

  return {
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running.values()]);
    },
  };
}

/** One line for the start-up banner: which job runs when (`digest daily 05:00, sweeper every 5 min`). */
export function scheduleSummary(schedules: readonly JobSchedule[]): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return schedules
    .map((entry) => {
      if ('cron' in entry) return `${entry.job} daily ${pad(entry.cron.hour)}:${pad(entry.cron.minute)}`;
      return `${entry.job} every ${'minutes' in entry.every ? `${entry.every.minutes} min` : `${entry.every.hours} h`}`;
    })
    .join(', ');
}
