import { createAwsAdapters, type AwsAdapters } from '../adapters/aws.ts';
import type { Config } from '../adapters/config.ts';

/** Everything the routes need, built once per process from configuration. */
export interface Deps extends AwsAdapters {
  config: Config;
  now: () => Date;
}

export function createDeps(config: Config, now: () => Date = () => new Date()): Deps {
  return { config, now, ...createAwsAdapters(config) };
}
