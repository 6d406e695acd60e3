import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, isPortFree } from '../../../functions/local/ports.ts';

describe('freePort', () => {
  it('hands out distinct free ports below the range the system gives outgoing connections', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(32_768);
      expect(await isPortFree(port)).toBe(true);
    }
  });

  it('never hands out a port something already listens on', async () => {
    const held: net.Server[] = [];
    try {
      const taken = new Set<number>();
      const base = 10_000 + (Number(process.env.VITEST_POOL_ID ?? 0) % 10) * 2_000;
      for (let port = base; port < base + 2_000; port += 2) {
        const server = net.createServer();
        const bound = await new Promise<boolean>((resolve) => {
          server.once('error', () => resolve(false));
          server.listen(port, '127.0.0.1', () => resolve(true));
        });
        if (bound) { held.push(server); taken.add(port); }
      }
      for (let i = 0; i < 50; i++) expect(taken.has(await freePort())).toBe(false);
    } finally {
      await Promise.all(held.map((s) => new Promise((resolve) => s.close(resolve))));
    }
  });
});
