import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { FEED_MAX_AGE, feedAsJson, feedAsRss } from '../../core/networks/feed.ts';
import { networkSchema } from '../../core/networks/network.ts';
import type { Env } from '../env.ts';
import { etagOf, feedOfNetwork } from '../services/network-feeds.ts';
import { errors } from './schemas.ts';

const FILE = /^([A-Za-z0-9_-]{43})\.(rss|json)$/;
const types = { rss: 'application/rss+xml; charset=utf-8', json: 'application/feed+json; charset=utf-8' } as const;

/** JSON Feed 1.1, as core/networks/feed.ts writes it. */
const jsonFeedSchema = z
  .object({
    version: z.literal('https://jsonfeed.org/version/1.1'),
    title: z.string(),
    home_page_url: z.string(),
    description: z.string(),
    items: z.array(z.object({ id: z.string(), url: z.string(), title: z.string(), content_html: z.string(), summary: z.string().optional(), date_published: z.string() })),
  })
  .openapi('NetworkJsonFeed');

/**
 * A network's private feed, for its own newsletter tool to pull (an RSS-to-email campaign). Such
 * tools only know a URL, so the key is in the path, like the calendar feed's; reading changes
 * nothing, and an unknown network, a network without a feed and a wrong or revoked key answer alike.
 */
export const networkFeeds = new OpenAPIHono<Env>().openapi(
  createRoute({
    method: 'get',
    path: '/feeds/networks/{network}/{file}',
    summary: "The forward-ready versions of the updates relayed through a network, as RSS 2.0 (<key>.rss) or JSON Feed 1.1 (<key>.json); the key is the credential",
    request: {
      params: z.object({
        // Wrapped, not extended: core's schema is plain zod, which the OpenAPI extension may not have reached.
        network: z.string().pipe(networkSchema.shape.id).openapi({ param: { name: 'network', in: 'path' } }),
        file: z.string().regex(FILE, 'field.feedFile').openapi({ param: { name: 'file', in: 'path' } }),
      }),
    },
    responses: {
      200: { description: 'The feed', content: { [types.rss]: { schema: z.string() }, [types.json]: { schema: jsonFeedSchema } } },
      304: { description: 'Unchanged since the ETag the tool sent' },
      ...errors(400),
      ...errors(404),
    },
  }),
  async (c) => {
    const { network, file } = c.req.valid('param');
    const [, key, format] = FILE.exec(file) as unknown as [string, string, 'rss' | 'json'];
    const feed = await feedOfNetwork(c.var.deps, network, key);
    const body = format === 'rss' ? feedAsRss(feed) : `${JSON.stringify(feedAsJson(feed), null, 2)}\n`;
    const etag = etagOf(body);
    const headers: Record<string, string> = {
      'cache-control': `private, max-age=${FEED_MAX_AGE}`,
      etag,
      'x-robots-tag': 'noindex, nofollow',
      // The key is in the URL: never pass it on to a page the feed links to.
      'referrer-policy': 'no-referrer',
      ...(feed.updated ? { 'last-modified': new Date(feed.updated).toUTCString() } : {}),
    };
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
    return c.body(body, 200, { ...headers, 'content-type': types[format] });
  },
);
