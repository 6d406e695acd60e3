import type { Deps } from '../api/deps.ts';
import { recordSesNotifications } from '../api/services/sending.ts';
import { describeError, logLine } from '../core/privacy/log-line.ts';
import type { RunningSes } from './engines/ses.ts';

export interface SesEventsFeed {
  /** Resolves once every event received so far has been recorded. */
  idle(): Promise<void>;
  /** Unsubscribes and drops the events not yet recorded. */
  stop(): void;
}

/**
 * The local hub's EventBridge rule: each event the local SES publishes (the mailbox simulator's), as
 * the EventBridge event the ses-events Lambda receives, goes through `recordSesNotifications`, the
 * code that Lambda runs. It comes a moment later, as EventBridge delivers after SES has answered the send, so the send worker has recorded the delivery as sent
 * before its outcome arrives. Events are recorded one at a time in the order SES published them: a
 * complaint must not race the delivery it follows.
 */
export function feedSesEvents(ses: RunningSes, deps: Deps, options: { delayMs?: number } = {}): SesEventsFeed {
  const delayMs = options.delayMs ?? 1_000;
  // Each waiting timer, and how to end its wait early when the feed stops.
  const timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  let stopped = false;
  let chain = Promise.resolve();

  const waitUntil = (at: number) =>
    new Promise<void>((resolve) => {
      if (stopped) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, Math.max(0, at - Date.now()));
      timers.set(timer, resolve);
    });

  const unsubscribe = ses.subscribe((notification) => {
    const dueAt = Date.now() + delayMs;
    chain = chain
      .then(() => waitUntil(dueAt))
      .then(async () => {
        if (stopped) return;
        try {
          logLine('info', 'ses events recorded', await recordSesNotifications(deps, notification));
        } catch (error) {
          logLine('error', 'ses events failed', describeError(error, { stack: true }));
        }
      });
  });

  return {
    async idle() {
      for (let seen: Promise<void> | undefined; seen !== chain; ) await (seen = chain);
    },
    stop() {
      stopped = true;
      unsubscribe();
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
    },
  };
}
