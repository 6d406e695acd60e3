import { ScanCommand } from '../../../functions/adapters/dynamodb/document-client.ts';
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibilityStore } from '../../../functions/adapters/dynamodb/visibility-store.ts';
import { localViewLogs } from '../../../functions/adapters/visibility/local-view-logs.ts';
import { runJob } from '../../../functions/jobs/index.ts';
import { logHeader, logLineOf } from '../../../functions/core/visibility/page-views.ts';
import { request, signInRoles, type RoleName } from '../../helpers/agenda.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';

const samples = path.join(import.meta.dirname, '../../unit/core/visibility/logs');
const FIREFOX = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

interface Visibility {
  total: number;
  pages: { path: string; views: number; byLanguage: Record<string, number>; byCountry: Record<string, number> }[];
  referrers: { domain: string; views: number }[];
  days: { date: string; views: number }[];
  updates: unknown[];
}

describe('visibility: page views counted from request logs', () => {
  let hub: TestHub;
  let cookies: Record<RoleName, string | undefined>;
  let logs: string;
  const report = async (from: string, to: string) => {
    const answer = await request(hub, 'GET', `/api/admin/visibility?from=${from}&to=${to}`, cookies.secretariat);
    expect(answer.status, await answer.clone().text()).toBe(200);
    return (await answer.json()) as Visibility;
  };

  beforeAll(async () => {
    hub = await createTestHub({ BASE_URL: 'https://partnership.example.org' });
    logs = await mkdtemp(path.join(tmpdir(), 'view-logs-'));
    hub.deps.viewLogs = localViewLogs(logs);
    ({ cookies } = await signInRoles(hub));
  });
  afterAll(async () => {
    await rm(logs, { recursive: true, force: true });
    await hub.dispose();
  });

  it('counts CloudFront logs of both formats into daily counters, then removes them', async () => {
    // Prepare: the two sample files as CloudFront would deliver them
    await copyFile(path.join(samples, 'cloudfront-legacy.w3c'), path.join(logs, 'E2EXAMPLE.2026-11-30-08.a1b2c3d4.log'));
    await copyFile(path.join(samples, 'cloudfront-v2.w3c'), path.join(logs, 'E2EXAMPLE.2026-12-01-07.e5f6a7b8.log'));
    // Act
    const result = await runJob(hub.deps, 'visibility');
    // Assess: 4 + 5 views of the 12 + 7 lines; both files gone
    expect(result).toMatchObject({ files: 2, views: 9, chunksAlreadyCounted: 0 });
    expect(await readdir(logs)).toEqual([]);
    const seen = await report('2026-11-30', '2026-12-02');
    expect(seen.total).toBe(9);
    expect(seen.pages.find((p) => p.path === '/actions/action-3/')).toEqual({ path: '/actions/action-3/', views: 3, byLanguage: { en: 2, fr: 1 }, byCountry: { '--': 3 } });
    expect(seen.pages.find((p) => p.path === '/')).toEqual({ path: '/', views: 2, byLanguage: { en: 1, fr: 1 }, byCountry: { DE: 1, FR: 1 } });
    expect(seen.referrers).toEqual(expect.arrayContaining([{ domain: 'eurocities.eu', views: 1 }, { domain: 'ecre.org', views: 1 }, { domain: 'urbact.eu', views: 1 }]));
    expect(seen.referrers.map((r) => r.domain)).not.toContain('partnership.example.org');
    expect(seen.days).toEqual([
      { date: '2026-11-30', views: 4 },
      { date: '2026-12-01', views: 4 },
      { date: '2026-12-02', views: 1 },
    ]);
    // A period that leaves days out counts only its own
    expect((await report('2026-12-02', '2026-12-02')).total).toBe(1);
  });

  it('exports the period as CSV for a spreadsheet', async () => {
    const answer = await request(hub, 'GET', '/api/admin/visibility.csv?from=2026-11-30&to=2026-12-02', cookies.secretariat);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(answer.headers.get('content-disposition')).toContain('visibility-2026-11-30-to-2026-12-02.csv');
    const lines = (await answer.text()).trim().split('\n');
    expect(lines[0]).toBe('section,name,detail,views');
    expect(lines).toContain('total,2026-11-30..2026-12-02,,9');
    expect(lines).toContain('page,/actions/action-3/,language fr,1');
    expect(lines).toContain('referrer,eurocities.eu,,1');
  });

  it('counts each view once when the job died halfway through a file and the file is read again', async () => {
    // Prepare: one file of 150 pages on one day (two chunks), on a day of its own
    const lines = Array.from({ length: 150 }, (_, i) => logLineOf({ date: '2026-10-05', time: '12:00:00', method: 'GET', path: `/news/item-${i}/`, status: 200, userAgent: FIREFOX }));
    await writeFile(path.join(logs, 'E2EXAMPLE.2026-10-05-12.0000.log'), logHeader + lines.join('\n') + '\n');
    const store = hub.deps.visibility;
    let chunks = 0;
    hub.deps.visibility = {
      ...store,
      async addChunk(chunk, expiry) {
        const outcome = await store.addChunk(chunk, expiry);
        if (++chunks === 1) throw new Error('the worker was stopped after its first chunk');
        return outcome;
      },
    };
    // Act: the run dies after the first chunk was written; the next run reads the file again
    await expect(runJob(hub.deps, 'visibility')).rejects.toThrow('stopped');
    expect(await readdir(logs)).toHaveLength(1);
    hub.deps.visibility = store;
    const rerun = await runJob(hub.deps, 'visibility');
    // Assess: the first chunk was skipped, the second written; each page has exactly one view
    expect(rerun).toMatchObject({ files: 1, views: 150, chunksAlreadyCounted: 1 });
    const seen = await report('2026-10-05', '2026-10-05');
    expect(seen.total).toBe(150);
    expect(seen.pages.every((p) => p.views === 1)).toBe(true);
  });

  it('counts a file delivered twice once (the same name comes back: S3 delivery retried)', async () => {
    const line = logLineOf({ date: '2026-10-06', time: '09:00:00', method: 'GET', path: '/agenda/', status: 200, userAgent: FIREFOX });
    await writeFile(path.join(logs, 'E2EXAMPLE.2026-10-06-09.0001.log'), logHeader + line + '\n');
    await runJob(hub.deps, 'visibility');
    await writeFile(path.join(logs, 'E2EXAMPLE.2026-10-06-09.0001.log'), logHeader + line + '\n');
    expect(await runJob(hub.deps, 'visibility')).toMatchObject({ files: 1, chunksAlreadyCounted: 1 });
    expect((await report('2026-10-06', '2026-10-06')).total).toBe(1);
  });

  it('adds up runs over different files in parallel exactly (transactions on the same counters)', async () => {
    const store = visibilityStore(hub.deps.table);
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.addChunk({ log: `parallel-${i}`, index: 0, ...{ pages: [{ date: '2026-10-07', path: '/agenda/', views: 1, byLanguage: { en: 1 }, byCountry: { PT: 1 } }], referrers: [] } }, { countersUntil: () => 2_000_000_000, markerUntil: 2_000_000_000 })));
    const seen = await report('2026-10-07', '2026-10-07');
    expect(seen.pages).toEqual([{ path: '/agenda/', views: 12, byLanguage: { en: 12 }, byCountry: { PT: 12 } }]);
  });

  it('stores no address, no IP address and no user agent, and keeps counters as long as the audit log', async () => {
    const { Items = [] } = await hub.deps.table.documents.send(new ScanCommand({ TableName: hub.deps.table.name, FilterExpression: 'begins_with(pk, :v)', ExpressionAttributeValues: { ':v': 'VIEW' } }));
    expect(Items.length).toBeGreaterThan(0);
    const stored = JSON.stringify(Items);
    expect(stored).not.toMatch(/@|\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b|2001:db8|Mozilla|Firefox|Chrome|Googlebot|\d\d:\d\d:\d\d/);
    const counter = Items.find((i) => i.type === 'page-views' && i.date === '2026-11-30')!;
    const auditDays = hub.config.RETENTION_AUDIT_DAYS;
    expect(counter.expiresAt).toBe(Date.parse('2026-11-30T00:00:00Z') / 1000 + (auditDays + 1) * 86_400);
  });

  it('refuses a period that is not one, saying what to fix', async () => {
    const bad = async (query: string) => {
      const answer = await request(hub, 'GET', `/api/admin/visibility?${query}`, cookies.secretariat);
      expect(answer.status).toBe(400);
      return JSON.stringify(await answer.json());
    };
    expect(await bad('from=2026-12-01')).toContain('to');
    expect(await bad('from=2026-12-01&to=2026-11-01')).toContain('on or after its start');
    expect(await bad('from=2025-01-01&to=2026-12-01')).toContain('at most 366 days');
    expect(await bad('from=yesterday&to=2026-12-01')).toContain('2027-01-31');
  });

  it('answers the secretariat only', async () => {
    const statuses = Object.fromEntries(await Promise.all((Object.keys(cookies) as RoleName[]).map(async (role) => [role, (await request(hub, 'GET', '/api/admin/visibility?from=2026-11-01&to=2026-11-30', cookies[role])).status] as const)));
    expect(statuses).toEqual({ anonymous: 401, 'non-member': 403, observer: 403, member: 403, leader: 403, secretariat: 200 });
  });
});
