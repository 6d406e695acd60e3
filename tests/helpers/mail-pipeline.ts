import type { Mailer } from '../../functions/core/mail/message.ts';
import type { OutboxKey } from '../../functions/core/outbox/message.ts';
import type { TestHub } from './hub.ts';
import { browserHeaders, post } from './session.ts';

/** Imports contacts through the admin API (CSV as text/csv). */
export async function importCsv(hub: TestHub, cookie: string, csv: string, query = '') {
  return hub.app.request(`/api/admin/contacts/import${query}`, { method: 'POST', headers: { ...browserHeaders(hub, cookie), 'content-type': 'text/csv' }, body: csv });
}

/** A unique country code pair per test run is not possible; a unique audience mix and topic keep tests apart. */
export async function createUpdate(hub: TestHub, cookie: string, body: unknown): Promise<string> {
  const response = await post(hub, '/api/admin/updates', body, cookie);
  if (response.status !== 201) throw new Error(`create update answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Waits until the in-process send queue has nothing waiting or in flight. */
export async function queueIdle(hub: TestHub) {
  await hub.deps.sendQueue.idle?.();
}

/** An outbox queue that only records what was enqueued, so a test decides which worker runs it and when. */
export function holdingOutbox() {
  const keys: OutboxKey[] = [];
  return { queue: { enqueueOutbox: async (k: readonly OutboxKey[]) => void keys.push(...k) }, keys };
}

/** A mailer around the real SES one that stops for good after `n` sends, like a worker process killed mid-send. */
export function dyingAfter(n: number, real: Mailer): Mailer & { sent: number } {
  const wrapper = {
    sent: 0,
    send(email: Parameters<Mailer['send']>[0]) {
      if (wrapper.sent >= n) return new Promise<never>(() => {});
      wrapper.sent++;
      return real.send(email);
    },
  };
  return wrapper;
}

/** A mailer around the real SES one that answers SES's throttling error on every `every`-th call. */
export function throttlingEvery(every: number, real: Mailer): Mailer & { throttled: number } {
  let calls = 0;
  const wrapper = {
    throttled: 0,
    async send(email: Parameters<Mailer['send']>[0]) {
      calls++;
      if (calls % every === 0) {
        wrapper.throttled++;
        throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });
      }
      return real.send(email);
    },
  };
  return wrapper;
}
