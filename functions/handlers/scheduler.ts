import { z } from 'zod';
import { loadConfig } from '../adapters/config.ts';
import { createDeps } from '../api/deps.ts';
import { runJob } from '../jobs/index.ts';
import { logLine } from '../core/privacy/log-line.ts';

const deps = createDeps(loadConfig());
const eventSchema = z.object({ job: z.string().min(1) });

export const handler = async (event: unknown) => {
  const { job } = eventSchema.parse(event);
  const result = await runJob(deps, job);
  logLine('info', 'job done', { job, ...result });
  return result;
};
