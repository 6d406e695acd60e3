import { createAwsAdapters, type AwsAdapters } from '../adapters/aws.ts';
import type { Config } from '../adapters/config.ts';
import { once } from '../adapters/on-first-use.ts';

/** Everything the routes need, built once per process from configuration. */
export interface Deps extends AwsAdapters {
  config: Config;
  now: () => Date;
}

export function createDeps(config: Config, now: () => Date = () => new Date()): Deps {
  const deps: Deps = { config, now, ...createAwsAdapters(config) };
  // Locally the job queue runs its chunks in this process, through the same runner as the AWS worker
  // (loaded at the first job: on AWS the job worker runs them, and the API never loads the runner).
  const jobs = once(() => import('./services/jobs.ts'));
  deps.jobQueue.attach?.(
    async (message) => (await jobs()).jobRunner(deps).run(message),
    async (message, error) => (await jobs()).jobGaveUp(deps, message, error),
  );
  return deps;
}
