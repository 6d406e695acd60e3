import { localViewLogDir } from '../adapters/aws.ts';
import { ConfigError } from '../adapters/config.ts';
import { localViewRecorder } from '../adapters/visibility/local-view-logs.ts';
import { localJobSchedules } from '../jobs/schedules.ts';
import { secretariat } from './demo-data.ts';
import { createDeps, createHubServer, hubConfig, siteDist, startEngines, startJobSchedules } from './hub.ts';
import { assertPortsFree, PortBusyError } from './ports.ts';
import { startSmtpListener } from './smtp.ts';
import { feedSesEvents } from './ses-events-feed.ts';
import { seedLivingDemo } from './living-demo.ts';
import { scheduleSummary } from './scheduler.ts';
import { buildSite, siteIsStale } from './site-build.ts';

/**
 * `npm start`: the whole hub on this machine. DynamoDB Local keeps its data under .data/,
 * the SES emulator keeps every message; Ctrl-C stops every process this started.
 */
const cleanups: (() => unknown)[] = [];
const aborter = new AbortController();
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  aborter.abort();
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

async function main() {
  const config = hubConfig();
  const say = (line: string) => console.log(line);
  say('Partnership Hub: starting DynamoDB Local and the SES emulator…');
  await assertPortsFree({ SMTP_PORT: config.SMTP_PORT });
  const engines = await startEngines({ config, persistent: true, seed: true });
  cleanups.push(engines.stop);
  if (stopping) return;

  if (siteIsStale()) {
    say('Building the public site…');
    await buildSite(say, aborter.signal);
  }
  const deps = createDeps(config);
  // The site's requests, logged as CloudFront logs them, for the Visibility page's counts.
  const views = localViewRecorder(localViewLogDir(config.TABLE_NAME));
  cleanups.push(() => views.stop());
  const server = await createHubServer(deps, { siteDir: siteDist, port: config.PORT, views });
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  // Stopped before the engines (cleanups run in reverse), so a run under way ends against a live table.
  const scheduler = startJobSchedules(deps);
  cleanups.push(() => scheduler.stop());
  // Replies by email: the SMTP listener stands in for SES receiving.
  const smtp = await startSmtpListener(deps, { port: config.SMTP_PORT });
  cleanups.push(() => smtp.stop());
  // The mailbox simulator's events reach the hub as EventBridge brings them on AWS.
  const sesEvents = feedSesEvents(engines.ses, deps);
  cleanups.push(() => sesEvents.stop());
  // The demo at work (threads, updates, meetings, experts), through the hub's own services; its emails go in the background.
  // A demo someone rearranged (a leader moved, a group archived) may refuse a piece: the hub starts all the same.
  await seedLivingDemo(deps).then(
    (demo) => {
      if (!demo.complete) say(`Demo activity: ${demo.added} pieces added, ${demo.kept} already there; the demo's emails are on their way to the local inbox.`);
    },
    (error: unknown) => say(`Demo activity not completed (the hub works without it): ${error instanceof Error ? error.message : String(error)}`),
  );

  say('');
  say(`  Site and API   ${config.BASE_URL}/`);
  say(`  Health         ${config.BASE_URL}/api/health`);
  say(`  Local inbox    ${engines.ses.inboxUrl}/  (every email the hub sends lands here)`);
  say(`  Reply by email ${smtp.url}  (answer a forum notification: send to its Reply-To through this port)`);
  say('  SES simulator  mail to success@, bounce@, complaint@, suppressionlist@simulator.amazonses.com comes back as SES events');
  say(`  Sign in as     ${secretariat.email} (secretariat); leader1@example.org (Action 1 leader); member1a@example.org`);
  say(`  Schedules      ${scheduleSummary(localJobSchedules)} (UTC; one JSON line per run)`);
  say('');
  say('Ctrl-C stops everything; the data stays in .data/ for the next start (npm run reset clears it).');
}

main().catch((error: unknown) => {
  if (stopping) return;
  if (error instanceof ConfigError || error instanceof PortBusyError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  void shutdown(1);
});
