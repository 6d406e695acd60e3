import { createAwsAdapters, type AwsAdapters } from '../adapters/aws.ts';
import type { Config } from '../adapters/config.ts';
import { jobGaveUp, jobRunner } from './services/jobs.ts';

/** Everything the routes need, built once per process from configuration. */
export interface Deps extends AwsAdapters {
  config: Config;
  now: () => Date;
}

export function createDeps(config: Config, now: () => Date = () => new Date()): Deps {
  const deps: Deps = { config, now, ...createAwsAdapters(config) };
  // Locally the job queue runs its chunks in this process, through the same runner as the AWS worker.
  deps.jobQueue.attach?.(
    (message) => jobRunner(deps).run(message),
    (message, error) => jobGaveUp(deps, message, error),
  );
  return deps;
}
