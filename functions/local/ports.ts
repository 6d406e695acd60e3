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

/** A port the system has just handed out as free (for tests and the e2e hub). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
