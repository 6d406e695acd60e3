import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEveryFlow, linkToken, type TestClock } from '../../helpers/every-flow.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { header } from '../../helpers/inbox.ts';
import { post } from '../../helpers/session.ts';

/**
 * A token in a URL's path or query reaches API Gateway's and CloudFront's access logs, browser
 * history and Referer headers. The only URLs allowed to carry one: RFC 8058 one-click targets named
 * in `List-Unsubscribe` (mail providers POST them with a fixed body, so the token cannot move), the
 * personal calendar feed (calendar apps only know a URL; the member can replace it) and a network's
 * feed (newsletter tools only know a URL; the secretariat can replace its key).
 */
const ONE_CLICK = ['/unsubscribe/{token}', '/experts/calls-off/{token}'];
const CALENDAR_FEED = '/calendar/{file}';
const NETWORK_FEED = '/feeds/networks/{network}/{file}';
/** Link tokens are 32 random bytes in base64url; a delivery tag may follow. */
const SECRET_RUN = /[A-Za-z0-9_-]{32,}/;
/** Ids of events and calls are UUIDs: they name a record, not a person, and grant nothing. */
const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const holdsSecret = (text: string) => SECRET_RUN.test(text.replace(UUIDS, ''));

type OpenApi = { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };

const unescapeHtml = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
const hrefsOf = (html: string) => [...html.matchAll(/\bhref\s*=\s*"([^"]*)"/gi)].map((m) => unescapeHtml(m[1]!));
const urlsOf = (text: string) => [...text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)].map((m) => m[0].replace(/[.,;:]$/, ''));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('tokens stay out of URL paths and queries', () => {
  const clock: TestClock = { now: () => new Date() };
  let hub: TestHub;
  let flow: Awaited<ReturnType<typeof runEveryFlow>>;
  let mails: ParsedMail[];

  beforeAll(async () => {
    // Prepare: every flow that mails someone.
    const start = new Date();
    clock.now = () => start;
    hub = await createTestHub({}, { now: () => clock.now() });
    flow = await runEveryFlow(hub, clock);
    mails = (await Promise.all(Object.values(flow.people).map((address) => hub.inbox.waitFor(address).catch(() => [])))).flat();
  }, 180_000);
  afterAll(() => hub.dispose());

  it('declares a token in a path only for the one-click targets (POST only), the calendar feed and the network feeds (GET only), and in no query', async () => {
    // Act
    const document = (await (await hub.app.request('/api/openapi.json')).json()) as OpenApi;
    // Assess
    const inPath = Object.keys(document.paths).filter((p) => /\{token\}/.test(p));
    expect(inPath.sort()).toEqual([...ONE_CLICK].sort());
    for (const p of ONE_CLICK) expect(Object.keys(document.paths[p]!)).toEqual(['post']);
    const tokenParameters = Object.entries(document.paths).flatMap(([p, methods]) =>
      Object.entries(methods).flatMap(([method, operation]) =>
        (operation.parameters ?? []).filter((q) => /token|secret|key|code/i.test(q.name)).map((q) => `${method} ${p} ${q.in}:${q.name}`),
      ),
    );
    expect(tokenParameters.sort()).toEqual(ONE_CLICK.map((p) => `post ${p} path:token`).sort());
    expect(document.paths).toHaveProperty(CALENDAR_FEED);
    expect(Object.keys(document.paths[NETWORK_FEED]!)).toEqual(['get']);
  });

  it('never puts an address in a path or query: access logs keep those', async () => {
    const document = (await (await hub.app.request('/api/openapi.json')).json()) as OpenApi;
    const addressParameters = Object.entries(document.paths).flatMap(([p, methods]) =>
      Object.entries(methods).flatMap(([method, operation]) =>
        (operation.parameters ?? []).filter((q) => q.in !== 'cookie' && /e-?mail|address/i.test(q.name)).map((q) => `${method} ${p} ${q.in}:${q.name}`),
      ),
    );
    expect(addressParameters).toEqual([]);
  });

  it('sends every emailed token in a URL fragment, except the List-Unsubscribe one-click target', () => {
    // Prepare
    expect(mails.length).toBeGreaterThan(20);
    const offenders: string[] = [];
    for (const mail of mails) {
      const oneClick = header(mail, 'List-Unsubscribe')?.slice(1, -1);
      if (oneClick) {
        const { pathname } = new URL(oneClick);
        if (!/^\/api\/(unsubscribe|experts\/calls-off)\/[A-Za-z0-9_.-]+$/.test(pathname)) offenders.push(`List-Unsubscribe ${oneClick}`);
      }
      // Act
      for (const link of [...urlsOf(mail.text ?? ''), ...hrefsOf(String(mail.html || ''))]) {
        if (!/^https?:/.test(link)) continue;
        const url = new URL(link);
        if (holdsSecret(url.pathname) || holdsSecret(url.search)) offenders.push(`${mail.subject}: ${link}`);
      }
    }
    // Assess
    expect(offenders).toEqual([]);
  });

  it('reads and saves preferences with the token in the body; the old token paths are gone', async () => {
    // Prepare
    const token = await linkToken(hub, flow.people.ngo, '/preferences/');
    // Act
    const read = await post(hub, '/api/preferences/inspect', { token });
    const saved = await post(hub, '/api/preferences', { token, audience: 'ngo', language: 'fr', topics: ['housing'] });
    const oldRead = await hub.app.request(`/api/preferences/${token}`);
    const oldSave = await post(hub, `/api/preferences/${token}`, { audience: 'ngo', language: 'en' });
    // Assess
    expect(read.status).toBe(200);
    expect(await saved.json()).toMatchObject({ email: flow.people.ngo, language: 'fr' });
    expect([oldRead.status, oldSave.status]).toEqual([404, 404]);
  });

  it('unsubscribes from the page by a same-origin POST with the token in the body, while the one-click path needs no origin', async () => {
    // Prepare
    const token = await linkToken(hub, flow.people.city, '/unsubscribe/');
    // Act
    const crossSite = await hub.app.request('/api/unsubscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ token }),
    });
    const page = await post(hub, '/api/unsubscribe', { token });
    const oneClick = await hub.app.request(`/api/unsubscribe/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    // Assess
    expect(crossSite.status).toBe(403);
    expect([page.status, oneClick.status]).toEqual([200, 200]);
    expect((await hub.deps.contactBook.contacts.get(flow.people.city))?.status).toBe('unsubscribed');
  });

  it('has no site page that puts a token into an API path or query', () => {
    // Prepare
    const site = path.resolve(import.meta.dirname, '../../../site/src');
    const sources = filesUnder(site).filter((f) => /\.(astro|ts)$/.test(f));
    // Act: any `/api/…${…token…}` template, or an action naming {token}.
    const offenders = sources.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const hits = [...text.matchAll(/\/api\/[^'"`\s]*(\$\{[^}]*token[^}]*\}|\{token\}|[?&]token=)/gi)].map((m) => m[0]);
      return hits.map((hit) => `${path.relative(site, file)}: ${hit}`);
    });
    // Assess
    expect(offenders).toEqual([]);
  });
});
