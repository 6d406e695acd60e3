import { createDeps, hubConfig } from './hub.ts';
import { jobs, runJob } from '../jobs/index.ts';

/**
 * `npm run job -- <name>`: runs a scheduled job (digest, reminders, …) once against the local
 * hub started by `npm start`, exactly as EventBridge runs it on AWS.
 */
const name = process.argv[2];
if (!name) {
  console.error(`Usage: npm run job -- <name>. Jobs: ${Object.keys(jobs).sort().join(', ')}`);
  process.exit(2);
}
try {
  const result = await runJob(createDeps(hubConfig()), name);
  console.log(`${name}: ${Object.entries(result).map(([k, v]) => `${k} ${v}`).join(', ') || 'done'}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
