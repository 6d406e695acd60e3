import { describe, expect, it } from 'vitest';
import type { DeliveryKey } from '../../../functions/core/deliveries/delivery.ts';
import { inProcessSendQueue } from '../../../functions/adapters/sqs/in-process-queue.ts';

const keys = (n: number): DeliveryKey[] => Array.from({ length: n }, (_, i) => ({ updateId: 'u-1', recipientKey: String(i).padStart(32, '0') }));
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the in-process send queue', () => {
  it('tells the planner when fewer keys than it asks wait to be sent, as the sender takes them', async () => {
    // Prepare: one message in flight at a time, each finished when the test says.
    const finish: (() => void)[] = [];
    const queue = inProcessSendQueue({ deliveries: () => new Promise((resolve) => finish.push(() => resolve({ retry: [] }))), outbox: async () => ({ retry: [] }) }, { concurrency: 1 });
    await queue.enqueue(keys(50));
    let roomy = false;
    // Act: 40 keys wait (one message of 10 is in flight); room for the planner below 25.
    void queue.room(25, 60_000).then(() => (roomy = true));
    await tick();
    const whileFull = roomy;
    finish.shift()!();
    await tick();
    const afterOne = roomy;
    finish.shift()!();
    await tick();
    // Assess: 30 waiting is not room; 20 is.
    expect(whileFull).toBe(false);
    expect(afterOne).toBe(false);
    expect(roomy).toBe(true);
    while (finish.length) {
      finish.shift()!();
      await tick();
    }
    await queue.idle();
  });

  it('answers at once when there is room, and after its longest wait when the sender does not move', async () => {
    const queue = inProcessSendQueue({ deliveries: () => new Promise(() => {}), outbox: async () => ({ retry: [] }) }, { concurrency: 1 });
    await expect(queue.room(10, 60_000)).resolves.toBeUndefined();
    await queue.enqueue(keys(100));
    let roomy = false;
    void queue.room(10, 30).then(() => (roomy = true));
    await tick();
    expect(roomy).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(roomy).toBe(true);
  });
});
