import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { ServerType } from '@hono/node-server';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localViewLogs, localViewRecorder, type ViewRecorder } from '../../../functions/adapters/visibility/local-view-logs.ts';
import { createHubServer, startJobSchedules } from '../../../functions/local/hub.ts';
import { freePort } from '../../../functions/local/ports.ts';
import { request, signInRoles } from '../../helpers/agenda.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';

const site = path.join(import.meta.dirname, '../../infra/fixtures/site');
const FIREFOX = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

describe('npm start counts the site’s page views', () => {
  let offset = 0;
  let hub: TestHub;
  let server: ServerType;
  let views: ViewRecorder;
  let logs: string;
  let url: string;
  let cookie: string;
  beforeAll(async () => {
    hub = await createTestHub({}, { now: () => new Date(Date.now() + offset) });
    cookie = (await signInRoles(hub)).cookies.secretariat!;
    logs = await mkdtemp(path.join(tmpdir(), 'hub-views-'));
    hub.deps.viewLogs = localViewLogs(logs);
    views = localViewRecorder(logs, 60_000);
    const port = await freePort();
    server = await createHubServer(hub.deps, { siteDir: site, port, views });
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await views.stop();
    await rm(logs, { recursive: true, force: true });
    await hub.dispose();
  });

  it("logs the site's requests without the reader's address, and the minute job counts three readers' views, not the crawler's", async () => {
    // Prepare: three visits from browsers (one sent by a network's site, one through an edge that named the country), a crawler, a prefetch, a missing page, an API call
    const visit = (headers: Record<string, string>, page = '/') => fetch(`${url}${page}`, { headers: { 'user-agent': FIREFOX, ...headers } }).then((r) => r.status);
    expect(await visit({})).toBe(200);
    expect(await visit({ referer: 'https://www.eurocities.eu/members/news' })).toBe(200);
    expect(await visit({ 'cloudfront-viewer-country': 'BE' })).toBe(200);
    expect(await visit({ 'user-agent': GOOGLEBOT })).toBe(200);
    expect(await visit({ 'sec-purpose': 'prefetch' })).toBe(200);
    expect(await visit({}, '/no-such-page/')).toBe(404);
    expect(await visit({}, '/api/health')).toBe(200);
    await views.flush();
    const written = await readdir(logs);
    expect(written).toHaveLength(1);
    const raw = await readFile(path.join(logs, written[0]!), 'utf8');
    expect(raw).not.toMatch(/127\.0\.0\.1|::1|::ffff/);
    expect(raw).not.toContain('/api/health');
    expect(raw.trim().split('\n')).toHaveLength(2 + 5);
    // Act: the local schedules run, on a clock two seconds before a minute's :00
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const real = Date.now();
    offset = Math.ceil((real + 5_000) / 60_000) * 60_000 - 2_000 - real;
    const scheduler = startJobSchedules(hub.deps);
    const today = hub.deps.now().toISOString().slice(0, 10);
    try {
      await vi.waitFor(async () => expect(await readdir(logs)).toEqual([]), { timeout: 15_000, interval: 250 });
    } finally {
      await scheduler.stop();
    }
    // Assess
    const answer = await request(hub, 'GET', `/api/admin/visibility?from=${today}&to=${today}`, cookie);
    const seen = (await answer.json()) as { total: number; pages: { path: string; views: number; byCountry: Record<string, number> }[]; referrers: { domain: string; views: number }[] };
    expect(seen.total).toBe(3);
    expect(seen.pages).toEqual([{ path: '/', views: 3, byLanguage: { en: 3 }, byCountry: { '--': 2, BE: 1 } }]);
    expect(seen.referrers).toEqual([{ domain: 'eurocities.eu', views: 1 }]);
  });
});
