import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSesNotifications } from '../../../functions/api/services/sending.ts';
import { AUTHORED_LINKS, REMOTE_IMAGES, runEveryFlow, type TestClock } from '../../helpers/every-flow.ts';
import { createTestHub, type TestHub } from '../../helpers/hub.ts';
import { header } from '../../helpers/inbox.ts';
import { post } from '../../helpers/session.ts';
import { sesEvent } from '../../helpers/ses-events.ts';

/** Every kind of email the hub sends, by subject: the flows must have produced each one. */
const KINDS: Record<string, RegExp> = {
  'sign-in': /^Sign in to the Partnership Hub$/,
  invitation: /^Invitation: /,
  'forum notification': /\] New thread: /,
  'forum mention': /\] You were mentioned: /,
  digest: /\] Daily digest: /,
  'subscription confirmation': /^Confirm your subscription/,
  'already subscribed': /^You already receive/,
  'your data: copy': /^Your copy of the data /,
  'your data: erasure, in French': /^Effacement de vos données /,
  'update variant': /^For NGOs: housing first$/,
  'update forward-ready version': /^To relay to EUROCITIES: /,
  'update test send': /^\[Test: base\] /,
  'expert confirmation': /^Confirm your entry in the Partnership expert pool$/,
  'expert already in pool': /^You are already in the Partnership expert pool$/,
  'call for cooperation': /^Call for cooperation: /,
  'seat confirmed': /^Registered: /,
  waitlist: /^Waitlist: /,
  reminder: /^Reminder \(in a week\): /,
};

const unescapeHtml = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
const hrefsOf = (html: string) => [...html.matchAll(/\bhref\s*=\s*"([^"]*)"/gi)].map((m) => unescapeHtml(m[1]!));
/** Every URL written out in a text part. */
const urlsOf = (text: string) => [...text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)].map((m) => m[0].replace(/[.,;:]$/, ''));

describe('no tracking', () => {
  const clock: TestClock = { now: () => new Date() };
  let hub: TestHub;
  let flow: Awaited<ReturnType<typeof runEveryFlow>>;
  let mails: ParsedMail[];

  beforeAll(async () => {
    // Prepare: every flow that mails someone, on a fixed clock.
    const start = new Date();
    clock.now = () => start;
    hub = await createTestHub({}, { now: () => clock.now() });
    flow = await runEveryFlow(hub, clock);
    mails = (await Promise.all(Object.values(flow.people).map((address) => hub.inbox.waitFor(address).catch(() => [])))).flat();
  }, 180_000);
  afterAll(() => hub.dispose());

  it('covers every kind of email the hub sends', () => {
    // Assess
    for (const [kind, subject] of Object.entries(KINDS)) {
      expect(mails.some((m) => subject.test(m.subject ?? '')), `no ${kind} email was sent; subjects: ${mails.map((m) => m.subject).join(' | ')}`).toBe(true);
    }
  });

  it('loads nothing remote: no image, no pixel, no stylesheet or background in any email', () => {
    // Assess
    expect(mails.length).toBeGreaterThan(15);
    for (const mail of mails) {
      const html = String(mail.html);
      // Markup only: an author's raw HTML is shown as escaped text, which loads nothing.
      const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
      expect(tags.length, mail.subject).toBeGreaterThan(5);
      for (const tag of tags) {
        expect(tag, mail.subject).not.toMatch(/^<(img|image|picture|source|link|script|iframe|object|embed|video|audio|svg)\b/i);
        expect(tag, mail.subject).not.toMatch(/\s(src|srcset|background|poster|data)\s*=|url\s*\(/i);
      }
      for (const image of REMOTE_IMAGES) expect(hrefsOf(html), mail.subject).not.toContain(image);
    }
  });

  it('points every link straight at the hub or at what the author wrote: no redirect, no click-tracking parameter', () => {
    // Assess
    const base = hub.config.BASE_URL;
    for (const mail of mails) {
      const links = [...hrefsOf(String(mail.html)), ...urlsOf(mail.text ?? '').filter((u) => !REMOTE_IMAGES.some((i) => i.startsWith(u) || u.startsWith(i)))];
      expect(links.length, mail.subject).toBeGreaterThan(0);
      for (const link of links) {
        if (link.startsWith(`${base}/`)) {
          // A hub link never carries another address to bounce the reader on to.
          expect(link.slice(base.length), `${mail.subject}: ${link}`).not.toMatch(/https?:|%3A%2F%2F|[?&](url|redirect|next|utm_[a-z]+)=/i);
        } else {
          expect(AUTHORED_LINKS, `${mail.subject}: ${link} is neither the hub's nor the author's`).toContain(link);
        }
      }
      const listUnsubscribe = header(mail, 'List-Unsubscribe');
      if (listUnsubscribe) expect(listUnsubscribe.startsWith(`<${base}/api/`), `${mail.subject}: ${listUnsubscribe}`).toBe(true);
    }
  });

  it('keeps the author\'s update links exactly as written in both parts of the email', () => {
    // Assess
    const ngoMail = mails.find((m) => KINDS['update variant']!.test(m.subject ?? ''))!;
    expect(hrefsOf(String(ngoMail.html))).toEqual(expect.arrayContaining([AUTHORED_LINKS[0], AUTHORED_LINKS[1]]));
    expect(ngoMail.text).toContain(AUTHORED_LINKS[0]);
    expect(ngoMail.text).toContain(`Join the session: ${AUTHORED_LINKS[1]}`);
  });

  describe('the update report', () => {
    const report = async () => {
      const response = await hub.app.request(`/api/admin/updates/${flow.updateId}/report`, { headers: { cookie: flow.cookies.secretariat } });
      expect(response.status).toBe(200);
      return (await response.json()) as {
        totals: { byStatus: Record<string, number>; unsubscribed: number };
        unsubscribes: { route: string; audience: string; country: string; count: number }[];
        relays: { confirmed: number }[];
      };
    };
    const oneClickOf = async (address: string) => {
      const mail = (await hub.inbox.waitFor(address)).find((m) => header(m, 'List-Unsubscribe')?.includes('/api/unsubscribe/'))!;
      return new URL(header(mail, 'List-Unsubscribe')!.slice(1, -1)).pathname;
    };
    const unsubscribe = (path: string) => hub.app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });

    it('counts deliveries, bounces, complaints, unsubscribes (once each) and relay confirmations', async () => {
      // Prepare
      const deliveries = await hub.deps.deliveries.listOfUpdate(flow.updateId);
      const tagOf = (email: string) => `${flow.updateId}.${deliveries.find((d) => d.email === email)!.recipientKey}`;
      const mail = (email: string) => ({ messageId: 'ses-1', destination: [email], headers: [{ name: 'X-Hub-Delivery', value: tagOf(email) }], tags: {} });
      const ngoOneClick = await oneClickOf(flow.people.ngo);
      const relayMail = (await hub.inbox.waitFor(flow.people.relay)).find((m) => /^To relay/.test(m.subject ?? ''))!;
      const relayToken = /\/relayed\/#(\S+)/.exec(relayMail.text ?? '')![1]!;
      // Act
      await recordSesNotifications(hub.deps, sesEvent({ eventType: 'Delivery', mail: mail(flow.people.subscriber), delivery: { recipients: [flow.people.subscriber] } }));
      await recordSesNotifications(hub.deps, sesEvent({ eventType: 'Bounce', mail: mail(flow.people.city), bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: flow.people.city }] } }));
      await recordSesNotifications(hub.deps, sesEvent({ eventType: 'Complaint', mail: mail(flow.people.ngo), complaint: { complainedRecipients: [{ emailAddress: flow.people.ngo }] } }));
      const first = await unsubscribe(ngoOneClick);
      const second = await unsubscribe(ngoOneClick);
      const relayed = await post(hub, '/api/relayed', { token: relayToken });
      const body = await report();
      // Assess
      expect([first.status, second.status, relayed.status]).toEqual([200, 200, 200]);
      expect(body.totals.byStatus).toMatchObject({ queued: 0, sending: 0, sent: 1, delivered: 1, bounced: 1, complained: 1, failed: 0 });
      expect(body.totals.unsubscribed).toBe(1);
      expect(body.unsubscribes).toEqual([{ route: 'direct', network: '', audience: 'ngo', country: 'GR', count: 1 }]);
      expect(body.relays.map((r) => r.confirmed)).toEqual([1]);
    });

    it('does not count an unsubscribe whose link names someone else\'s delivery, nor a bare token, though both unsubscribe their owner', async () => {
      // Prepare: the subscriber's own token, with the delivery tag of the update's email to the city.
      const cityTag = (await oneClickOf(flow.people.city)).split('.').slice(1).join('.');
      const subscriberToken = (await oneClickOf(flow.people.subscriber)).split('/').at(-1)!.split('.')[0]!;
      const before = await report();
      // Act
      const forged = await unsubscribe(`/api/unsubscribe/${subscriberToken}.${cityTag}`);
      const bare = await unsubscribe(`/api/unsubscribe/${subscriberToken}`);
      const garbled = await unsubscribe(`/api/unsubscribe/${subscriberToken}.not-a-tag`);
      const unknown = await unsubscribe(`/api/unsubscribe/${'x'.repeat(32)}.${cityTag}`);
      // Assess
      expect([forged.status, bare.status, garbled.status]).toEqual([200, 200, 200]);
      expect(unknown.status).toBe(404);
      expect((await hub.deps.contactBook.contacts.get(flow.people.subscriber))?.status).toBe('unsubscribed');
      expect((await report()).totals.unsubscribed).toBe(before.totals.unsubscribed);
    });

    it('changes nothing on a GET of the one-click address', async () => {
      // Prepare
      const before = await report();
      const path = await oneClickOf(flow.people.relay);
      // Act
      const get = await hub.app.request(path);
      // Assess
      expect(get.status).toBe(404);
      expect((await report()).totals.unsubscribed).toBe(before.totals.unsubscribed);
    });
  });
});
