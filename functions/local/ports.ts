import net from 'node:net';

/** Thrown when a port the hub needs is taken; the message is the one line a person reads. */
export class PortBusyError extends Error {
  override name = 'PortBusyError';
  constructor(readonly port: number, readonly variable: string) {
    super(`Port ${port} is busy: set ${variable} to a free port (for example ${variable}=${port + 10} npm start).`);
  }
}

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  for (const [variable, port] of Object.entries(ports)) {
    if (!(await isPortFree(port))) throw new PortBusyError(port, variable);
  }
}

/**
 * A free port for tests, the e2e hub and the bench, chosen below the system's ephemeral range.
 * A port the system hands out for `listen(0)` comes from the range it also gives outgoing connections'
 * source ports, so in the time between choosing it and binding it (an engine starting, the site
 * building) a connection to DynamoDB Local could take it. Each test worker draws from its own slice,
 * and this process never hands out the same port twice.
 */
export async function freePort(): Promise<number> {
  const slice = Number(process.env.VITEST_POOL_ID ?? 0) % 10;
  const low = 10_000 + slice * 2_000;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * 2_000);
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await isPortFree(port)) return port;
  }
  throw new Error(`No free port between ${low} and ${low + 1_999}: stop what holds them and run again.`);
}

const handedOut = new Set<number>();
