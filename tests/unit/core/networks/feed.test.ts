import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { suppressionKeyOf } from '../../../../functions/core/contacts/suppression.ts';
import { feedKeyPattern, feedUrls, isFeedKey, newFeedKey } from '../../../../functions/core/networks/feed-key.ts';
import { escapeXml, FEED_ITEMS, feedAsJson, feedAsRss, forwardReadyVariant, networkFeed, type FeedUpdate } from '../../../../functions/core/networks/feed.ts';
import type { Network } from '../../../../functions/core/networks/network.ts';
import { planRelays } from '../../../../functions/core/routing/route.ts';
import { input } from '../routing/arbitraries.ts';

const BASE = 'https://hub.example.org';
const eurocities: Network = { id: 'eurocities', name: 'EUROCITIES', audiences: ['local-authority'], countries: [], languages: ['fr'], relayContacts: [{ name: 'Desk', email: 'desk@example.org' }], intro: '' };
const ecre: Network = { ...eurocities, id: 'ecre', name: 'ECRE', audiences: ['ngo'], languages: ['en'] };

const update = (id: string, sendingAt: string, overrides: Partial<FeedUpdate> = {}): FeedUpdate => ({
  id,
  sendingAt,
  title: 'Housing first results',
  subject: 'Housing first: what we learnt',
  body: 'The base body.',
  variants: [
    { audience: 'local-authority', subject: 'For cities: housing & <homes>', intro: 'Dear cities & towns', body: 'The **cities** body. <script>alert(1)</script>', callToAction: { label: 'Read "more"', url: 'https://example.org/?a=1&b=2' } },
    { audience: 'local-authority', language: 'fr', subject: 'Pour les villes', body: 'Le corps pour les villes.' },
    { audience: 'ngo', subject: 'For NGOs', body: 'The NGO body.' },
  ],
  targets: { audiences: ['ngo', 'local-authority'], topics: [], countries: [] },
  routes: { direct: true, networks: ['eurocities', 'ecre'] },
  ...overrides,
});

const parser = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: false });

describe('network feeds', () => {
  it('lists the forward-ready variant each network relays, newest first, only updates relayed through it', () => {
    // Prepare
    const updates = [update('u-old', '2025-01-01T10:00:00.000Z'), update('u-new', '2025-03-01T10:00:00.000Z'), update('u-direct', '2025-04-01T10:00:00.000Z', { routes: { direct: true, networks: [] } })];
    // Act
    const cities = networkFeed(eurocities, updates, BASE);
    const ngos = networkFeed(ecre, updates, BASE);
    // Assess
    expect(cities.items.map((i) => i.url)).toEqual([`${BASE}/updates/#u-new`, `${BASE}/updates/#u-old`]);
    expect(cities.items[0]!.title).toBe('Pour les villes');
    expect(ngos.items[0]!.title).toBe('For NGOs');
    expect(cities.updated).toBe('2025-03-01T10:00:00.000Z');
  });

  it(`keeps the ${FEED_ITEMS} newest`, () => {
    // Prepare
    const many = Array.from({ length: FEED_ITEMS + 5 }, (_, i) => update(`u-${i}`, new Date(Date.UTC(2025, 0, 1 + i)).toISOString()));
    // Act
    const feed = networkFeed(ecre, many, BASE);
    // Assess
    expect(feed.items).toHaveLength(FEED_ITEMS);
    expect(feed.items[0]!.url).toBe(`${BASE}/updates/#u-${FEED_ITEMS + 4}`);
  });

  it('writes valid RSS 2.0 whose titles, links and content survive &, < and > and whose HTML is the sanitized body', () => {
    // Prepare
    const network = { ...eurocities, languages: ['en' as const], name: 'Cities & <Towns>' };
    const feed = networkFeed(network, [update('u-1', '2025-03-01T10:00:00.000Z')], BASE);
    // Act
    const xml = feedAsRss(feed);
    // Assess
    expect(XMLValidator.validate(xml)).toBe(true);
    const { rss } = parser.parse(xml) as { rss: { '@_version': string; channel: { title: string; link: string; description: string; item: { title: string; link: string; guid: { '#text': string }; pubDate: string; description: string; 'content:encoded': string } } } };
    expect(rss['@_version']).toBe('2.0');
    expect(rss.channel.title).toBe('Partnership on Inclusion of Migrants and Refugees: updates for Cities & <Towns>');
    expect(rss.channel.link).toBe(`${BASE}/updates/`);
    const item = rss.channel.item;
    expect(item.title).toBe('For cities: housing & <homes>');
    expect(item.link).toBe(`${BASE}/updates/#u-1`);
    expect(item.guid['#text']).toBe(`${BASE}/updates/#u-1`);
    expect(item.pubDate).toBe('Sat, 01 Mar 2025 10:00:00 GMT');
    expect(item['content:encoded']).toBe(item.description);
    expect(item.description).toContain('<p>Dear cities &amp; towns</p>');
    expect(item.description).toContain('<strong>cities</strong>');
    expect(item.description).not.toContain('<script>');
    expect(item.description).toContain('&lt;script&gt;');
    expect(item.description).toContain('<a href="https://example.org/?a=1&amp;b=2">Read &quot;more&quot;</a>');
  });

  it('writes an empty but valid feed for a network nothing was relayed through yet', () => {
    // Act
    const xml = feedAsRss(networkFeed(ecre, [], BASE));
    // Assess
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('<item>');
    expect(xml).not.toContain('lastBuildDate');
  });

  it('drops characters XML cannot carry, even escaped', () => {
    // Act
    const xml = feedAsRss(networkFeed({ ...ecre, name: 'Bad\u0000name\u0007\uD800' }, [], BASE));
    // Assess
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(escapeXml('a\u0001b & "c" \'d\' 😀')).toBe('ab &amp; &quot;c&quot; &apos;d&apos; 😀');
  });

  it('writes JSON Feed 1.1 with its required fields', () => {
    // Prepare
    const feed = networkFeed({ ...eurocities, languages: ['en'] }, [update('u-1', '2025-03-01T10:00:00.000Z')], BASE);
    // Act
    const json = JSON.parse(JSON.stringify(feedAsJson(feed))) as Record<string, unknown> & { items: Record<string, unknown>[] };
    // Assess
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(typeof json.title).toBe('string');
    expect(json.home_page_url).toBe(`${BASE}/updates/`);
    expect(json.items).toHaveLength(1);
    expect(json.items[0]).toMatchObject({ id: `${BASE}/updates/#u-1`, url: `${BASE}/updates/#u-1`, title: 'For cities: housing & <homes>', summary: 'Dear cities & towns', date_published: '2025-03-01T10:00:00.000Z' });
    expect(json.items[0]!.content_html).toContain('<strong>cities</strong>');
    expect(json.items[0]!.content_html).not.toContain('<script>');
  });

  it("gives each network the variant its relay contacts are mailed, whatever the update's variants and targets", () => {
    fc.assert(
      fc.property(input, ({ update: routable, networks, suppressed }) => {
        const { deliveries } = planRelays(routable, networks, new Set(suppressed.map(suppressionKeyOf)));
        for (const delivery of deliveries) {
          const network = networks.find((n) => `relay:${n.id}` === delivery.route)!;
          expect(forwardReadyVariant(routable, network)).toBe(delivery.variant);
        }
      }),
    );
  });
});

describe('feed keys', () => {
  it('are 256 random bits, URL-safe, and compared exactly', () => {
    // Prepare
    const key = newFeedKey();
    // Assess
    expect(key).toMatch(feedKeyPattern);
    expect(newFeedKey()).not.toBe(key);
    expect(isFeedKey(key, key)).toBe(true);
    expect(isFeedKey(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`, key)).toBe(false);
    expect(isFeedKey(key, undefined)).toBe(false);
  });

  it('make absolute URLs from the public base URL', () => {
    expect(feedUrls(BASE, 'ecre', 'k'.repeat(43))).toEqual({ rss: `${BASE}/api/feeds/networks/ecre/${'k'.repeat(43)}.rss`, json: `${BASE}/api/feeds/networks/ecre/${'k'.repeat(43)}.json` });
  });
});
