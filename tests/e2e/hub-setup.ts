import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { createDeps, createHubServer, hubConfig, siteDist, startEngines } from '../../functions/local/hub.ts';
import { seedLivingDemo } from '../../functions/local/living-demo.ts';
import { freePort } from '../../functions/local/ports.ts';
import { buildSite, siteIsStale } from '../../functions/local/site-build.ts';
import { localViewLogDir } from '../../functions/adapters/aws.ts';
import { localViewRecorder } from '../../functions/adapters/visibility/local-view-logs.ts';
import { runJob } from '../../functions/jobs/index.ts';
import { localJobSchedules } from '../../functions/jobs/schedules.ts';
import { startScheduler } from '../../functions/local/scheduler.ts';
import { startSmtpListener } from '../../functions/local/smtp.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    hubUrl: string;
    inboxUrl: string;
    smtpUrl: string;
  }
}

/** Secretariat accounts of the journeys, beside the demo's own (secretariat@example.org). */
export const journeySecretariats = ['secretariat-privacy@example.org', 'secretariat-updates@example.org', 'secretariat-imports@example.org', 'secretariat-networks@example.org', 'secretariat-archive@example.org', 'secretariat-visibility@example.org', 'secretariat-screens@example.org', 'secretariat-audience@example.org', 'secretariat-contacts@example.org', 'secretariat-outside@example.org', 'secretariat-shell@example.org', 'secretariat-reach-wait@example.org'] as const;

/** The hub as `npm start` runs it, but in memory and on free ports. */
export default async function setup(project: TestProject) {
  const port = await freePort();
  const config = hubConfig({
    PORT: String(port),
    DYNAMODB_PORT: String(await freePort()),
    SES_PORT: String(await freePort()),
    INBOX_PORT: String(await freePort()),
    SMTP_PORT: String(await freePort()),
    TABLE_NAME: 'partnership-hub-e2e',
    // Every journey signs in from this one machine, several times a minute when the machine is quick:
    // as an office behind one address would, the hub allows more sign-ins per client.
    SIGN_IN_PER_CLIENT: '1000',
  });
  const engines = await startEngines({ config, persistent: false, seed: true });
  if (siteIsStale()) await buildSite(console.log);
  const deps = createDeps(config);
  // Journeys sign the secretariat in many times; each journey has its own account, so together they
  // stay under the per-address sign-in limit however many journeys there are.
  for (const email of journeySecretariats) {
    await deps.partnership.addMember({ email, name: 'Secretariat', organisation: 'Partnership secretariat', language: 'en', secretariat: true, createdAt: new Date().toISOString() });
  }
  // The demo at work, as npm start seeds it: the journeys run in a hub with threads, updates and events.
  await seedLivingDemo(deps);
  // The site's request log and its minute count, as under npm start (a fresh log: the table is fresh too).
  const viewLogs = localViewLogDir(config.TABLE_NAME);
  await rm(viewLogs, { recursive: true, force: true });
  const views = localViewRecorder(viewLogs);
  const server = await createHubServer(deps, { siteDir: siteDist, port, views });
  // Replies by email, as npm start takes them.
  const smtp = await startSmtpListener(deps, { port: config.SMTP_PORT });
  const counting = startScheduler({ schedules: localJobSchedules.filter((s) => s.job === 'visibility'), run: (job) => runJob(deps, job) });
  project.provide('hubUrl', config.BASE_URL);
  project.provide('inboxUrl', engines.ses.inboxUrl);
  project.provide('smtpUrl', smtp.url);
  return async () => {
    await counting.stop();
    await smtp.stop();
    await new Promise((resolve) => server.close(resolve));
    await views.stop();
    await engines.stop();
  };
}
