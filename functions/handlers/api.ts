import { handle } from 'hono/aws-lambda';
import { createApp } from '../api/app.ts';

/**
 * The API's Lambda. Its configuration, stores and clients are made at the first request, not at the
 * module's load, so a cold start loads Hono and the edge's middleware first (`npm run bench` measures it).
 */
export const handler = handle(
  createApp(async () => {
    const [{ loadConfig }, { createDeps }] = await Promise.all([import('../adapters/config.ts'), import('../api/deps.ts')]);
    return createDeps(loadConfig());
  }),
);
