import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

/** The yardstick of the API's cold init: a bare Hono app on Lambda, bundled as the functions are. */
export const handler = handle(new Hono().get('/', (c) => c.text('ok')));
