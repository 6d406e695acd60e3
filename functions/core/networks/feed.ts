import { escapeHtml } from '../mail/layout.ts';
import { markdownToHtml } from '../updates/markdown.ts';
import { PARTNERSHIP } from '../updates/render.ts';
import { chooseVariant, resolveVariant, type UpdateContent } from '../updates/update.ts';
import { relayAudience, type Network } from './network.ts';

/**
 * A network's feed: the forward-ready versions of the updates relayed through it, for the network's
 * own newsletter tool to pull (RSS 2.0 or JSON Feed 1.1). Each item is the variant the network's
 * relay contacts are mailed, rendered through the same Markdown renderer and allowlist as the email.
 */

/** The newest updates a feed lists: newsletter tools read the first few, and mail only what is new. */
export const FEED_ITEMS = 20;
/** How long a tool (or a cache between) may keep a copy before asking again, in seconds. */
export const FEED_MAX_AGE = 300;

/** What a feed needs of an update: sent (or being sent), so it has a date and stays as it was sent. */
export type FeedUpdate = UpdateContent & { id: string; sendingAt: string };

export interface FeedItem {
  id: string;
  /** The update's page in the public archive (its base version). */
  url: string;
  title: string;
  date: string;
  html: string;
  summary?: string;
}

export interface NetworkFeed {
  title: string;
  description: string;
  homePage: string;
  items: FeedItem[];
  /** The newest item's date (the feed changes only when an item is added), or undefined when empty. */
  updated?: string;
}

/** The variant a network forwards: the one its relay contacts get (core/routing/route.ts, step 1). */
export function forwardReadyVariant(update: Pick<UpdateContent, 'variants' | 'targets'>, network: Network): string {
  return chooseVariant(update, relayAudience(network, update.targets.audiences), network.languages[0]!);
}

/** One update as the network would forward it: intro, the sanitized body, the call to action. */
export function feedItem(update: FeedUpdate, network: Network, baseUrl: string): FeedItem {
  const variant = resolveVariant(update, forwardReadyVariant(update, network));
  const html = [
    ...(variant.intro ? [`<p>${escapeHtml(variant.intro)}</p>`] : []),
    markdownToHtml(variant.body),
    ...(variant.callToAction ? [`<p><a href="${escapeHtml(variant.callToAction.url)}">${escapeHtml(variant.callToAction.label)}</a></p>`] : []),
  ].join('\n');
  return {
    id: `${baseUrl}/updates/#${update.id}`,
    url: `${baseUrl}/updates/#${update.id}`,
    title: variant.subject,
    date: update.sendingAt,
    html,
    ...(variant.intro ? { summary: variant.intro } : {}),
  };
}

/** The feed of a network from the updates relayed through it, newest first, at most FEED_ITEMS. */
export function networkFeed(network: Network, updates: readonly FeedUpdate[], baseUrl: string): NetworkFeed {
  const items = [...updates]
    .filter((u) => u.routes.networks.includes(network.id))
    .sort((a, b) => b.sendingAt.localeCompare(a.sendingAt))
    .slice(0, FEED_ITEMS)
    .map((u) => feedItem(u, network, baseUrl));
  return {
    title: `${PARTNERSHIP}: updates for ${network.name}`,
    description: `The forward-ready versions of the ${PARTNERSHIP}'s updates for the members of ${network.name}, to pass on as they are.`,
    homePage: `${baseUrl}/updates/`,
    items,
    ...(items[0] ? { updated: items[0].date } : {}),
  };
}

// XML 1.0 allows neither most control characters nor unpaired surrogates, even escaped.
// eslint-disable-next-line no-control-regex -- matching them is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as XML character data or an attribute value. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const element = (name: string, text: string, attributes = '') => `<${name}${attributes}>${escapeXml(text)}</${name}>`;

/** RSS 2.0, the HTML of each item both in `description` and `content:encoded`, which tools read alike. */
export function feedAsRss(feed: NetworkFeed): string {
  const rfc822 = (iso: string) => new Date(iso).toUTCString();
  const items = feed.items.map((item) =>
    [
      '<item>',
      element('title', item.title),
      element('link', item.url),
      element('guid', item.id, ' isPermaLink="true"'),
      element('pubDate', rfc822(item.date)),
      element('description', item.html),
      element('content:encoded', item.html),
      '</item>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    '<channel>',
    element('title', feed.title),
    element('link', feed.homePage),
    element('description', feed.description),
    ...(feed.updated ? [element('lastBuildDate', rfc822(feed.updated))] : []),
    element('ttl', String(FEED_MAX_AGE / 60)),
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
export function feedAsJson(feed: NetworkFeed) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.homePage,
    description: feed.description,
    items: feed.items.map((item) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      content_html: item.html,
      ...(item.summary ? { summary: item.summary } : {}),
      date_published: item.date,
    })),
  };
}
