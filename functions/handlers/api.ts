import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../adapters/config.ts';
import { createApp } from '../api/app.ts';
import { createDeps } from '../api/deps.ts';

export const handler = handle(createApp(createDeps(loadConfig())));
