import { describe, expect, it } from 'vitest';
import { once, onFirstUse } from '../../../functions/adapters/on-first-use.ts';

describe('a port loaded on first use', () => {
  it('loads nothing until a call, then once for every call, concurrent ones included', async () => {
    let loads = 0;
    const calls: string[] = [];
    const port = onFirstUse(
      async () => {
        loads++;
        return { kind: 'sqs' as const, enqueue: async (key: string) => void calls.push(key) };
      },
      ['enqueue'],
      { kind: 'sqs' },
    );
    expect(port.kind).toBe('sqs');
    expect(loads).toBe(0);
    await Promise.all([port.enqueue('a'), port.enqueue('b')]);
    await port.enqueue('c');
    expect(loads).toBe(1);
    expect(calls).toEqual(['a', 'b', 'c']);
  });

  it('tries the load again at the next call after one failed, and passes the failure on', async () => {
    let attempts = 0;
    const client = once(async () => {
      attempts++;
      if (attempts === 1) throw new Error('no credentials yet');
      return 'client';
    });
    await expect(client()).rejects.toThrow('no credentials yet');
    await expect(client()).resolves.toBe('client');
    await expect(client()).resolves.toBe('client');
    expect(attempts).toBe(2);
  });
});
