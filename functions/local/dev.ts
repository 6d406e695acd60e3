import { serve } from '@hono/node-server';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ConfigError } from '../adapters/config.ts';
import { createApp } from '../api/app.ts';
import { secretariat } from './demo-data.ts';
import { localJobSchedules } from '../jobs/schedules.ts';
import { createDeps, hubConfig, projectRoot, startEngines, startJobSchedules } from './hub.ts';
import { startSmtpListener } from './smtp.ts';
import { assertPortsFree, PortBusyError } from './ports.ts';
import { feedSesEvents } from './ses-events-feed.ts';
import { seedLivingDemo } from './living-demo.ts';

/**
 * `npm run dev`: the same engines and API as `npm start`, with Astro's dev server (hot reload)
 * on PORT proxying `/api` to the API on API_PORT (PORT + 1 unless set).
 */
const cleanups: (() => unknown)[] = [];
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

async function main() {
  const config = hubConfig();
  const apiPort = Number(process.env.API_PORT ?? config.PORT + 1);
  await assertPortsFree({ API_PORT: apiPort, SMTP_PORT: config.SMTP_PORT });
  const engines = await startEngines({ config, persistent: true, seed: true });
  cleanups.push(engines.stop);
  const deps = createDeps(config);
  const server = serve({ fetch: createApp(deps).fetch, port: apiPort, hostname: '127.0.0.1' });
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  // Astro's dev server answers the pages here, so no request log is written and nothing is there to count.
  const scheduler = startJobSchedules(
    deps,
    localJobSchedules.filter((s) => s.job !== 'visibility'),
  );
  cleanups.push(() => scheduler.stop());
  const smtp = await startSmtpListener(deps, { port: config.SMTP_PORT });
  cleanups.push(() => smtp.stop());
  // The mailbox simulator's events reach the hub as EventBridge brings them on AWS.
  const sesEvents = feedSesEvents(engines.ses, deps);
  cleanups.push(() => sesEvents.stop());
  // The demo at work, as npm start seeds it; the hub starts all the same if a rearranged demo refuses a piece.
  await seedLivingDemo(deps).catch((error: unknown) => console.log(`Demo activity not completed: ${error instanceof Error ? error.message : String(error)}`));

  const astro = spawn(
    process.execPath,
    [path.join(projectRoot, 'node_modules/astro/astro.js'), 'dev', '--port', String(config.PORT), '--host', '127.0.0.1'],
    {
      cwd: path.join(projectRoot, 'site'),
      stdio: 'inherit',
      env: { ...process.env, HUB_API_ORIGIN: `http://127.0.0.1:${apiPort}`, BASE_URL: config.BASE_URL, ASTRO_TELEMETRY_DISABLED: '1' },
    },
  );
  cleanups.push(() => (astro.exitCode === null ? astro.kill('SIGTERM') : undefined));
  astro.once('exit', (code) => void shutdown(code ?? 0));

  console.log(`\n  Site (hot reload)  ${config.BASE_URL}/`);
  console.log(`  API               http://127.0.0.1:${apiPort}/api/health (also proxied at ${config.BASE_URL}/api)`);
  console.log(`  Local inbox       ${engines.ses.inboxUrl}/`);
  console.log(`  Reply by email    ${smtp.url}`);
  console.log(`  Sign in as        ${secretariat.email}\n`);
}

main().catch((error: unknown) => {
  if (stopping) return;
  if (error instanceof ConfigError || error instanceof PortBusyError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  void shutdown(1);
});
