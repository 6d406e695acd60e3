import { DeleteCommand, ScanCommand } from '../../../functions/adapters/dynamodb/document-client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEveryFlow, type TestClock } from '../../helpers/every-flow.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { header } from '../../helpers/inbox.ts';
import { cookiesFrom, post } from '../../helpers/session.ts';

type Item = Record<string, unknown> & { pk: string; sk: string; expiresAt?: number };

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
/** Every period differs from its default, so a hard-coded period anywhere shows. */
const RETENTION = {
  RETENTION_SIGN_IN_MINUTES: '7',
  RETENTION_SESSION_DAYS: '45',
  RETENTION_DELIVERY_DAYS: '40',
  RETENTION_AUDIT_DAYS: '100',
  RETENTION_PRIVACY_REQUEST_DAYS: '200',
  RETENTION_PRIVACY_LINK_HOURS: '5',
};
/** The clock's drift allowed between the injected time and what the hub stored. */
const SLACK = 2;

/** What an item is: its `type`, or for the few untyped items the prefix of its partition key. */
const kindOf = (item: Item) => (typeof item.type === 'string' ? item.type : item.pk.split('#')[0]!);

/** Items that hold no period of their own: kept until someone (or erasure) removes them. */
const KEPT = new Set([
  'contact',
  'member',
  'membership',
  'group',
  'thread',
  'post',
  'UPDATE', // an update's report counters
  'update',
  'network',
  'suppression',
  'ledger-entry',
  'mail-token',
  'recipient',
  'expert',
  'expert-topic',
  'EXPERT-EMAIL',
  'call',
  'call-sent',
  'call-response',
  'event',
  'registration',
  'developments-report',
  'calendar-feed',
  'calendar-feed-pointer',
]);

async function everyItem(hub: TestHub): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await hub.table.documents.send(new ScanCommand({ TableName: hub.table.name, ExclusiveStartKey, ConsistentRead: true }));
    items.push(...((page.Items ?? []) as Item[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

const cookieAttribute = (response: Response, name: string, attribute: string) =>
  response.headers
    .getSetCookie()
    .find((line) => line.startsWith(`${name}=`))
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([key]) => key!.toLowerCase() === attribute.toLowerCase())?.[1];

describe('retention from configuration', () => {
  const clock: TestClock = { now: () => new Date() };
  let hub: TestHub;
  let flow: Awaited<ReturnType<typeof runEveryFlow>>;
  let items: Item[];
  let s0: number;

  beforeAll(async () => {
    // Prepare: a fixed clock, every flow that stores something meant to expire, and an unsubscribe.
    const start = new Date(Math.floor(Date.now() / 1000) * 1000);
    clock.now = () => start;
    s0 = start.getTime() / 1000;
    // The idle timeout is set beyond the 45 days, so these tests see the absolute end alone.
    hub = await createTestHub({ ...RETENTION, SESSION_IDLE_HOURS: String(50 * 24) }, { now: () => clock.now() });
    flow = await runEveryFlow(hub, clock);
    const [ngoMail] = await hub.inbox.waitFor(flow.people.ngo);
    const oneClick = new URL(header(ngoMail!, 'List-Unsubscribe')!.slice(1, -1));
    expect((await hub.app.request(oneClick.pathname, { method: 'POST' })).status).toBe(200);
    items = await everyItem(hub);
  }, 180_000);
  afterAll(() => hub.dispose());

  /** The TTL each expiring kind must carry, computed from the configuration above, not from the code. */
  const expected: Record<string, (item: Item) => number | undefined> = {
    'sign-in': (i) => (String(i.pendingHash).startsWith('invite-') ? s0 + 7 * DAY : s0 + 7 * MINUTE),
    session: () => s0 + 45 * DAY,
    delivery: () => s0 + 40 * DAY,
    audit: () => s0 + 100 * DAY,
    'subscription-request': () => s0 + 7 * DAY,
    token: (i) => ({ confirm: s0 + 14 * DAY, manage: s0 + 365 * DAY, answer: Date.parse(flow.callDeadline) / 1000 + 30 * DAY })[String(i.purpose) as 'confirm'],
    attachment: (i) => (i.pending ? s0 + DAY : undefined),
    'privacy-request': () => s0 + 200 * DAY,
    'privacy-link': () => s0 + 5 * HOUR,
    // The send's planning job (and an import's), with its report: JOB_RETENTION_DAYS.
    job: () => s0 + 30 * DAY,
    // Forum notifications, the digest, the call, the reminder: a week after each was recorded.
    'outbox-message': (i) => Date.parse(String(i.queuedAt)) / 1000 + 7 * DAY,
  };

  it('sets expiresAt on every sign-in, session, delivery, audit entry, subscription request, expert token, pending upload, privacy request and its link, outbox message, at creation + the configured period', () => {
    // Assess
    for (const [kind, expiry] of Object.entries(expected)) {
      const ofKind = items.filter((i) => kindOf(i) === kind);
      expect(ofKind.length, `no ${kind} item was created`).toBeGreaterThan(0);
      for (const item of ofKind) {
        const want = expiry(item);
        if (want === undefined) continue;
        expect(item.expiresAt, `${kind} ${item.pk}`).toBeTypeOf('number');
        expect(Math.abs(item.expiresAt! - want), `${kind} ${item.pk}: expiresAt ${item.expiresAt}, expected ${want}`).toBeLessThanOrEqual(SLACK);
      }
    }
    expect(items.filter((i) => kindOf(i) === 'sign-in').map((i) => String(i.pendingHash).startsWith('invite-'))).toEqual(expect.arrayContaining([true, false]));
    expect(new Set(items.filter((i) => kindOf(i) === 'token').map((i) => i.purpose))).toEqual(new Set(['confirm', 'manage', 'answer']));
    expect(items.some((i) => kindOf(i) === 'attachment' && i.pending)).toBe(true);
  });

  it('lets rate-limit windows, settings links and contributor memberships expire on their own terms', () => {
    // Assess: a rate-limit window is kept for two windows after it opened.
    const windows = items.filter((i) => kindOf(i) === 'RATE');
    expect(windows.length).toBeGreaterThan(0);
    for (const w of windows) {
      expect(w.expiresAt).toBeGreaterThan(s0);
      expect(w.expiresAt! - Number(w.sk)).toBeLessThanOrEqual(2 * HOUR);
    }
    // Settings links last 90 days from the email that carried them (at the start, or with the digest).
    const links = items.filter((i) => kindOf(i) === 'settings-link');
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect([s0 + 90 * DAY, s0 + HOUR + 90 * DAY]).toContain(link.expiresAt);
    // A contributor's membership goes when it ends; other memberships stay.
    const memberships = items.filter((i) => kindOf(i) === 'membership');
    const contributor = memberships.find((m) => m.until);
    expect(contributor?.expiresAt).toBe(Math.floor(Date.parse(flow.contributorUntil) / 1000));
    expect(memberships.filter((m) => !m.until).every((m) => m.expiresAt === undefined)).toBe(true);
  });

  it('sets no expiresAt on what is kept: contacts, members, posts, report counts, the suppression list, the consent ledger', () => {
    // Assess
    for (const kind of ['contact', 'member', 'post', 'thread', 'UPDATE', 'suppression', 'ledger-entry']) {
      const ofKind = items.filter((i) => kindOf(i) === kind);
      expect(ofKind.length, `no ${kind} item was created`).toBeGreaterThan(0);
      for (const item of ofKind) expect(item.expiresAt, `${kind} ${item.pk}`).toBeUndefined();
    }
  });

  it('knows every kind of item the flows stored: each either expires as configured or is kept on purpose', () => {
    // Assess: a new kind of item must be given its period here (and in docs/personal-data.md) or listed as kept.
    const known = new Set([...Object.keys(expected), 'RATE', 'settings-link', ...KEPT]);
    const unknown = [...new Set(items.map(kindOf))].filter((k) => !known.has(k));
    expect(unknown, 'classify these kinds in retention.test.ts and the retention table of docs/personal-data.md').toEqual([]);
    for (const item of items.filter((i) => KEPT.has(kindOf(i)) && kindOf(i) !== 'membership')) {
      expect(item.expiresAt, `${kindOf(item)} ${item.pk}`).toBeUndefined();
    }
  });

  it('gives the pending and session cookies the configured lifetimes', () => {
    // Assess
    expect(cookieAttribute(flow.responses.login, 'hub_pending', 'Max-Age')).toBe(String(7 * MINUTE));
    expect(cookieAttribute(flow.responses.verify, 'hub_session', 'Max-Age')).toBe(String(45 * DAY));
  });

  it('refuses a session past its configured period on read, before DynamoDB has deleted it', async () => {
    // Act
    clock.now = () => new Date((s0 + 45 * DAY - MINUTE) * 1000);
    const before = await hub.app.request('/api/me', { headers: { cookie: flow.cookies.member } });
    clock.now = () => new Date((s0 + 45 * DAY + 1) * 1000);
    const after = await hub.app.request('/api/me', { headers: { cookie: flow.cookies.member } });
    clock.now = () => new Date(s0 * 1000);
    // Assess
    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
  });

  it('refuses a sign-in link past the configured minutes, and says how long links last', async () => {
    // Prepare
    const login = await post(hub, '/api/auth/login', { email: flow.people.leader });
    const mails = await hub.inbox.waitFor(flow.people.leader);
    const signInMail = mails.filter((m) => m.subject === 'Sign in to the Partnership Hub').at(-1)!;
    const token = /\/members\/verify\/#([A-Za-z0-9_-]+)/.exec(signInMail.text ?? '')![1]!;
    // Act
    clock.now = () => new Date((s0 + 7 * MINUTE + 1) * 1000);
    const late = await post(hub, '/api/auth/verify', { token }, cookiesFrom(login));
    clock.now = () => new Date(s0 * 1000);
    // Assess
    expect(signInMail.text).toMatch(/within 7 minutes/);
    expect(late.status).toBe(400);
    expect(await late.json()).toMatchObject({ error: { code: 'sign_in_expired', message: expect.stringMatching(/links last 7 minutes/) } });
  });

  it('keeps the update report whole once its delivery records have expired', async () => {
    // Prepare
    const before = await (await hub.app.request(`/api/admin/updates/${flow.updateId}/report`, { headers: { cookie: flow.cookies.secretariat } })).json();
    // Act: what DynamoDB's TTL does after RETENTION_DELIVERY_DAYS.
    for (const d of items.filter((i) => kindOf(i) === 'delivery' && i.pk === `UPDATE#${flow.updateId}`)) {
      await hub.table.documents.send(new DeleteCommand({ TableName: hub.table.name, Key: { pk: d.pk, sk: d.sk } }));
    }
    const response = await hub.app.request(`/api/admin/updates/${flow.updateId}/report`, { headers: { cookie: flow.cookies.secretariat } });
    // Assess
    expect(response.status).toBe(200);
    const after = (await response.json()) as { totals: { byStatus: Record<string, number>; unsubscribed: number }; deliveryRecordsKeptDays: number };
    expect(after).toEqual(before);
    expect(after.totals.byStatus.sent).toBe(4);
    expect(after.totals.unsubscribed).toBe(1);
    expect(after.deliveryRecordsKeptDays).toBe(40);
    expect((await everyItem(hub)).filter((i) => kindOf(i) === 'delivery' && i.pk === `UPDATE#${flow.updateId}`)).toEqual([]);
  });
});
