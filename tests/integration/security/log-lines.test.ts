import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../functions/api/app.ts';
import { createDeps } from '../../../functions/api/deps.ts';
import { recordSesNotifications } from '../../../functions/api/services/sending.ts';
import { runEveryFlow, type TestClock } from '../../helpers/every-flow.ts';
import { createTestHub, testConfig, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { header } from '../../helpers/inbox.ts';
import { addMember, browserHeaders, post, signIn } from '../../helpers/session.ts';
import { sesEvent } from '../../helpers/ses-events.ts';

/**
 * An SES endpoint that refuses every email the way SES does in its sandbox: `MessageRejected`,
 * quoting the recipient. The emulator accepts everything, and this is the failure whose text carries
 * an address, so it is the one a log line must not repeat. Every other call gets a 500.
 */
async function rejectingSes(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      // SES v2 (SendEmail with raw content): a JSON body in, a JSON error out, named by x-amzn-ErrorType.
      const data = (JSON.parse(body || '{}') as { Content?: { Raw?: { Data?: string } } }).Content?.Raw?.Data ?? '';
      const raw = Buffer.from(data, 'base64').toString();
      const to = /^To: (.*)$/m.exec(raw)?.[1]?.trim() ?? 'unknown';
      res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected' });
      res.end(JSON.stringify({ message: `Email address is not verified. The following identities failed the check in region EU-WEST-1: ${to}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+/;

describe('log lines over a whole journey', () => {
  const clock: TestClock = { now: () => new Date() };
  const lines: string[] = [];
  const secrets = new Set<string>();
  const names = ['Dr. Lina Haddad', 'Lea Leader', 'Mo Member', 'Ines Invitee', 'Cara Contributor', 'Relay Desk', 'Failing Fiona'];
  let hub: TestHub;
  let ses: Awaited<ReturnType<typeof rejectingSes>>;
  const failures: Record<string, number> = {};

  beforeAll(async () => {
    // Prepare: every console method captured as text, nothing printed.
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? `${a.message}\n${a.stack}` : JSON.stringify(a))).join(' '));
      });
    }
    const start = new Date();
    clock.now = () => start;
    hub = await createTestHub({}, { now: () => clock.now() });

    // Act: sign-in, subscribe and confirm, a forum post with a mention, "Your data" requests, an update
    // sent, an expert application and a call, the agenda (runEveryFlow), then what it leaves out.
    const flow = await runEveryFlow(hub, clock);

    // SES's events for the update's emails: a delivery, a permanent bounce, a complaint.
    const deliveries = await hub.deps.deliveries.listOfUpdate(flow.updateId);
    const tagOf = (email: string) => `${flow.updateId}.${deliveries.find((d) => d.email === email)!.recipientKey}`;
    const mail = (email: string) => ({ messageId: 'ses-1', destination: [email], headers: [{ name: 'X-Hub-Delivery', value: tagOf(email) }], tags: {} });
    await recordSesNotifications(hub.deps, sesEvent({ eventType: 'Delivery', mail: mail(flow.people.ngo), delivery: { recipients: [flow.people.ngo] } }));
    await recordSesNotifications(hub.deps, sesEvent({ eventType: 'Bounce', mail: mail(flow.people.city), bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: flow.people.city }] } }));
    await recordSesNotifications(hub.deps, sesEvent({ eventType: 'Complaint', mail: mail(flow.people.ngo), complaint: { complainedRecipients: [{ emailAddress: flow.people.ngo }] } }));

    // An unsubscribe by the one-click header, as a mail provider posts it.
    const ngoMail = (await hub.inbox.waitFor(flow.people.ngo)).find((m) => header(m, 'List-Unsubscribe'))!;
    const oneClick = new URL(header(ngoMail, 'List-Unsubscribe')!.slice(1, -1));
    await hub.app.request(oneClick.pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });

    // A "Your data" copy confirmed by its person, and an erasure by the secretariat.
    const yourData = (await hub.inbox.waitFor(flow.people.subscriber)).map((m) => /\/your-data\/confirm\/#([A-Za-z0-9_-]+)/.exec(m.text ?? '')?.[1]).find(Boolean)!;
    await post(hub, '/api/privacy/confirm', { token: yourData });
    await post(hub, '/api/admin/people/erase', { email: flow.people.invitee }, flow.cookies.secretariat);

    // Mail sends that fail: the same table behind an SES that rejects every recipient.
    ses = await rejectingSes();
    const failingDeps = createDeps(testConfig({ TABLE_NAME: hub.config.TABLE_NAME, SES_ENDPOINT: ses.endpoint }));
    const failing = createApp(failingDeps);
    const request = (path: string, body: unknown, cookie?: string) =>
      failing.request(path, { method: 'POST', headers: browserHeaders(hub, cookie), body: JSON.stringify(body) });
    const fiona = await addMember(hub, { email: uniqueEmail('fiona'), name: 'Failing Fiona', groups: [{ groupId: flow.groupId, role: 'member' }] });
    failures.login = (await request('/api/auth/login', { email: fiona })).status;
    const fionaCookie = await signIn(hub, fiona);
    failures.mention = (await request(`/api/threads/${flow.threadId}/posts`, { body: `Over to you, @${flow.people.leader.split('@')[0]}` }, flow.cookies.member)).status;
    failures.subscribe = (await request('/api/subscribe', { email: uniqueEmail('sub'), audience: 'ngo', language: 'en', consent: true })).status;
    failures.registration = (await request(`/api/events/${flow.eventId}/registration`, {}, fionaCookie)).status;
    // The mention's notification is sent (and refused) by the send worker behind that app, in the background.
    await failingDeps.outboxQueue.idle?.();

    // Every secret the journey used: link tokens (fragments and one-click paths), codes, cookies.
    const people = [...Object.values(flow.people), fiona];
    for (const address of people) {
      for (const m of await hub.inbox.waitFor(address).catch(() => [])) {
        const text = `${m.text ?? ''}\n${m.headerLines.map((h) => h.line).join('\n')}`;
        for (const [, token] of text.matchAll(/#([A-Za-z0-9_.-]{20,})/g)) secrets.add(token!);
        for (const [, token] of text.matchAll(/\/api\/[a-z/-]+\/([A-Za-z0-9_.-]{20,})/g)) secrets.add(token!);
        for (const [, code] of text.matchAll(/code instead: (\d{6})/g)) secrets.add(code!);
      }
    }
    for (const cookie of [...Object.values(flow.cookies), fionaCookie]) for (const pair of cookie.split('; ')) secrets.add(pair.split('=')[1]!);
  }, 240_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await ses?.close();
    await hub?.dispose();
  });

  it('logged the failures the journey provoked', () => {
    // Assess: the failing sends did happen and were logged (or the other checks prove nothing).
    expect(failures).toEqual({ login: 500, mention: 201, subscribe: 500, registration: 201 });
    expect(lines.some((l) => l.includes('outbox email not sent') && l.includes('forum-notification') && l.includes('MessageRejected'))).toBe(true);
    expect(lines.some((l) => l.includes('agenda email not sent'))).toBe(true);
    expect(lines.some((l) => l.includes('request failed') && l.includes('MessageRejected'))).toBe(true);
    expect(secrets.size).toBeGreaterThan(20);
  });

  it('writes no address in any log line', () => {
    // Assess
    expect(lines.filter((l) => ADDRESS.test(l))).toEqual([]);
  });

  it('writes no token, code or session cookie in any log line', () => {
    // Assess
    // A six-digit code counts only as a whole number, not inside a longer one.
    const found = (line: string, secret: string) => (/^\d+$/.test(secret) ? new RegExp(`(?<!\\d)${secret}(?!\\d)`).test(line) : line.includes(secret));
    expect(lines.filter((l) => [...secrets].some((s) => found(l, s)))).toEqual([]);
  });

  it('writes no person\'s name in any log line', () => {
    // Assess
    expect(lines.filter((l) => names.some((n) => l.includes(n)))).toEqual([]);
  });
});
