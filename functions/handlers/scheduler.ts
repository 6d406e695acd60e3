import { z } from 'zod';
import { loadConfig } from '../adapters/config.ts';
import { createDeps } from '../api/deps.ts';
import { runJob } from '../api/jobs/index.ts';

const deps = createDeps(loadConfig());
const eventSchema = z.object({ job: z.string().min(1) });

export const handler = async (event: unknown) => {
  const { job } = eventSchema.parse(event);
  const result = await runJob(deps, job);
  console.log(JSON.stringify({ level: 'info', job, ...result }));
  return result;
};
