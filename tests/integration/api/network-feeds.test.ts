import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { createUpdate, importCsv, queueIdle } from '../../helpers/mail-pipeline.ts';
import { addMember, browserHeaders, post, signIn } from '../../helpers/session.ts';

type Feeds = { rss: string; json: string; issuedAt: string };
type RssItem = { title: string; link: string; guid: { '#text': string }; pubDate: string; description: string; 'content:encoded': string };
type Rss = { rss: { '@_version': string; channel: { title: string; link: string; item?: RssItem | RssItem[] } } };

const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'item' });
const itemsOf = (xml: string) => ((parser.parse(xml) as Rss).rss.channel.item ?? []) as RssItem[];
/** The path of an absolute feed URL, which the app under test answers. */
const pathOf = (url: string) => new URL(url).pathname;

describe('network feeds', () => {
  let hub: TestHub;
  let cookie: string;
  let secretariat: string;
  const cities = 'eurocities-feed';
  const ngos = 'ecre-feed';
  let relayedId: string;

  const saveNetwork = (id: string, body: Record<string, unknown>) => hub.app.request(`/api/admin/networks/${id}`, { method: 'PUT', headers: browserHeaders(hub, cookie), body: JSON.stringify(body) });
  const rotate = async (id: string) => {
    const answer = await post(hub, `/api/admin/networks/${id}/feed-key`, {}, cookie);
    expect(answer.status).toBe(200);
    return (await answer.json()) as Feeds;
  };

  beforeAll(async () => {
    hub = await createTestHub();
    secretariat = await addMember(hub, { secretariat: true });
    cookie = await signIn(hub, secretariat);
    const csv = ['email,name,organisation,audience,country,language,topics', `${uniqueEmail('city')},Carl,City of Ghent,local-authority,BE,en,housing`, `${uniqueEmail('ngo')},Nora,Refugee Aid,ngo,GR,en,housing`].join('\n');
    expect((await importCsv(hub, cookie, csv)).status).toBe(200);
    expect((await saveNetwork(cities, { name: 'EUROCITIES', audiences: ['local-authority'], countries: [], languages: ['en'], relayContacts: [{ name: 'Cities Desk', email: uniqueEmail('cities-relay') }] })).status).toBe(200);
    expect((await saveNetwork(ngos, { name: 'ECRE', audiences: ['ngo'], countries: [], languages: ['en'], relayContacts: [{ name: 'NGO Desk', email: uniqueEmail('ngo-relay') }] })).status).toBe(200);
    // Sent through EUROCITIES only, with a variant for cities whose subject needs escaping.
    relayedId = await createUpdate(hub, cookie, {
      title: 'Housing first results',
      subject: 'Housing first: what we learnt',
      body: 'The base body.',
      variants: [{ audience: 'local-authority', subject: 'Cities & towns: <housing> first', body: 'The **cities** body. <script>alert(1)</script>' }],
      targets: { audiences: ['local-authority', 'ngo'], countries: [] },
      routes: { direct: true, networks: [cities] },
    });
    expect((await post(hub, `/api/admin/updates/${relayedId}/send`, {}, cookie)).status).toBe(202);
    await queueIdle(hub);
    // A draft relayed through both: not sent, so in no feed.
    await createUpdate(hub, cookie, { title: 'Still a draft', subject: 'Draft subject', body: 'Draft.', targets: { audiences: ['ngo'] }, routes: { direct: false, networks: [cities, ngos] } });
  }, 60_000);
  afterAll(() => hub.dispose());

  it('shows no feed URLs until a key is issued, then absolute URLs from the public base URL', async () => {
    // Prepare
    const before = (await (await hub.app.request(`/api/admin/networks/${ngos}`, { headers: { cookie } })).json()) as { name: string; feeds: Feeds | null };
    // Act
    const issued = await rotate(ngos);
    const after = (await (await hub.app.request(`/api/admin/networks/${ngos}`, { headers: { cookie } })).json()) as { name: string; feeds: Feeds | null };
    // Assess
    expect(before).toMatchObject({ name: 'ECRE', feeds: null });
    expect(issued.rss).toMatch(new RegExp(`^http://localhost:4321/api/feeds/networks/${ngos}/[A-Za-z0-9_-]{43}\\.rss$`));
    expect(issued.json).toBe(issued.rss.replace(/\.rss$/, '.json'));
    expect(after.feeds).toEqual(issued);
  });

  it("lists an update relayed through the network in that network's feed, as its forward-ready variant, and not in another's", async () => {
    // Prepare
    const citiesFeeds = await rotate(cities);
    const ngoFeeds = await rotate(ngos);
    // Act
    const citiesRss = await hub.app.request(pathOf(citiesFeeds.rss));
    const ngoRss = await hub.app.request(pathOf(ngoFeeds.rss));
    const citiesJson = await hub.app.request(pathOf(citiesFeeds.json));
    // Assess
    expect(citiesRss.status).toBe(200);
    expect(citiesRss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(citiesRss.headers.get('cache-control')).toBe('private, max-age=300');
    expect(citiesRss.headers.get('x-robots-tag')).toMatch(/noindex/);
    expect(citiesRss.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(citiesRss.headers.get('last-modified')).toMatch(/GMT$/);
    const xml = await citiesRss.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    expect((parser.parse(xml) as Rss).rss['@_version']).toBe('2.0');
    const [item, ...more] = itemsOf(xml);
    expect(more).toEqual([]);
    expect(item!.title).toBe('Cities & towns: <housing> first');
    expect(item!.link).toBe(`http://localhost:4321/updates/#${relayedId}`);
    expect(new Date(item!.pubDate).getTime()).not.toBeNaN();
    expect(item!.description).toContain('<strong>cities</strong>');
    expect(item!.description).not.toContain('<script>');
    expect(itemsOf(await ngoRss.text())).toEqual([]);
    expect(citiesJson.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const json = (await citiesJson.json()) as { version: string; title: string; items: { id: string; title: string; content_html: string; date_published: string }[] };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items).toEqual([expect.objectContaining({ id: `http://localhost:4321/updates/#${relayedId}`, title: 'Cities & towns: <housing> first' })]);
  });

  it('answers 304 to a tool that sends the ETag it holds', async () => {
    // Prepare
    const feeds = await rotate(cities);
    const first = await hub.app.request(pathOf(feeds.rss));
    // Act
    const again = await hub.app.request(pathOf(feeds.rss), { headers: { 'if-none-match': first.headers.get('etag')! } });
    // Assess
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('answers a wrong key, an unknown network and a network without a feed with the same 404', async () => {
    // Prepare
    const feeds = await rotate(cities);
    const key = pathOf(feeds.rss).split('/').at(-1)!.slice(0, 43);
    const wrong = `${key.startsWith('A') ? 'B' : 'A'}${key.slice(1)}`;
    expect((await saveNetwork('no-feed-yet', { name: 'No feed yet', audiences: ['ngo'], countries: [], languages: ['en'], relayContacts: [{ name: 'Desk', email: uniqueEmail('desk') }] })).status).toBe(200);
    // Act
    const answers = await Promise.all([`/api/feeds/networks/${cities}/${wrong}.rss`, `/api/feeds/networks/nowhere/${key}.rss`, `/api/feeds/networks/no-feed-yet/${key}.json`, `/api/feeds/networks/${ngos}/${key}.rss`].map((path) => hub.app.request(path)));
    // Assess
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
    const bodies = await Promise.all(answers.map((a) => a.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).not.toContain(cities);
  });

  it('refuses a malformed key or format with a clear 400', async () => {
    // Act
    const short = await hub.app.request(`/api/feeds/networks/${cities}/abc.rss`);
    const atom = await hub.app.request(`/api/feeds/networks/${cities}/${'a'.repeat(43)}.atom`);
    // Assess
    expect([short.status, atom.status]).toEqual([400, 400]);
    expect(await short.text()).toMatch(/expects <key>\.rss or <key>\.json/);
  });

  it('revokes the old URLs when the key is rotated, and records who rotated it', async () => {
    // Prepare
    const old = await rotate(cities);
    // Act
    const fresh = await rotate(cities);
    const [oldRss, oldJson, newRss, newJson] = await Promise.all([old.rss, old.json, fresh.rss, fresh.json].map((url) => hub.app.request(pathOf(url))));
    // Assess
    expect(fresh.rss).not.toBe(old.rss);
    expect([oldRss!.status, oldJson!.status, newRss!.status, newJson!.status]).toEqual([404, 404, 200, 200]);
    const audit = (await (await hub.app.request('/api/admin/audit', { headers: { cookie } })).json()) as { entries: { action: string; actor: string; subject?: string; details: Record<string, string> }[] };
    expect(audit.entries.find((e) => e.action === 'network.feed-key-rotated' && e.subject === cities)).toMatchObject({ actor: secretariat, details: { network: cities, revokedPrevious: 'true' } });
    expect(JSON.stringify(audit.entries)).not.toContain(pathOf(fresh.rss).split('/').at(-1)!.slice(0, 43));
  });

  it('keeps the key when the network is edited, and drops it with the network', async () => {
    // Prepare
    const feeds = await rotate(ngos);
    // Act
    const edited = await saveNetwork(ngos, { name: 'ECRE (edited)', audiences: ['ngo'], countries: [], languages: ['en'], relayContacts: [{ name: 'NGO Desk', email: uniqueEmail('ngo-relay') }] });
    const afterEdit = await hub.app.request(pathOf(feeds.rss));
    const removed = await hub.app.request(`/api/admin/networks/${ngos}`, { method: 'DELETE', headers: browserHeaders(hub, cookie) });
    const afterRemove = await hub.app.request(pathOf(feeds.rss));
    const readded = await saveNetwork(ngos, { name: 'ECRE', audiences: ['ngo'], countries: [], languages: ['en'], relayContacts: [{ name: 'NGO Desk', email: uniqueEmail('ngo-relay') }] });
    const shown = (await (await hub.app.request(`/api/admin/networks/${ngos}`, { headers: { cookie } })).json()) as { feeds: Feeds | null };
    // Assess
    expect([edited.status, afterEdit.status, removed.status, afterRemove.status, readded.status]).toEqual([200, 200, 200, 404, 200]);
    expect(shown.feeds).toBeNull();
  });

  it('answers 404 for the feed URLs and the key of a network that does not exist', async () => {
    // Act
    const shown = await hub.app.request('/api/admin/networks/nowhere', { headers: { cookie } });
    const rotated = await post(hub, '/api/admin/networks/nowhere/feed-key', {}, cookie);
    // Assess
    expect([shown.status, rotated.status]).toEqual([404, 404]);
  });
});
