import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import type { ParsedMail } from 'mailparser';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { get, groupWithPeople, mailWithSubject, send, startThread } from '../../helpers/forums.ts';
import { header } from '../../helpers/inbox.ts';
import { addMember, signIn } from '../../helpers/session.ts';
import { recordWithdrawal } from '../../../functions/api/services/consent.ts';
import { HANDLING_LEASE_SECONDS } from '../../../functions/api/services/inbound-mail.ts';
import { hashSecret } from '../../../functions/core/auth/secrets.ts';
import { replyTokenIn } from '../../../functions/core/forums/reply-by-email.ts';
import { freePort } from '../../../functions/local/ports.ts';
import { startSmtpListener, type RunningSmtp } from '../../../functions/local/smtp.ts';

type People = Awaited<ReturnType<typeof groupWithPeople>>;
/** The address in a notification's Reply-To. */
const replyToOf = (mail: ParsedMail) => header(mail, 'reply-to')!.replace(/^<|>$/g, '');

describe('reply by email (through the local SMTP listener)', () => {
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  let hub: TestHub;
  let g: People;
  let smtp: RunningSmtp;
  let transport: Transporter;
  /** Where the local-disk storage keeps this hub's files. */
  let storageRoot: string;

  beforeAll(async () => {
    hub = await createTestHub({ REPLY_DOMAIN: 'reply.localhost', SES_MAX_SEND_RATE: '500' }, clock);
    storageRoot = `.data/attachments/${hub.config.TABLE_NAME}`;
    g = await groupWithPeople(hub);
    // The thread's author hears of each reply at once, so the notification of a reply by email shows.
    await send(hub, 'PUT', `/api/groups/${g.groupId}/notifications`, { setting: 'immediate' }, g.member.cookie);
    smtp = await startSmtpListener(hub.deps, { port: await freePort() });
    const { port } = new URL(smtp.url);
    transport = nodemailer.createTransport({ host: '127.0.0.1', port: Number(port), secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    transport.close();
    await smtp.stop();
    await hub.dispose();
  });

  /** A new thread by the member; the leader's notification and its Reply-To. */
  async function notified(title = `Pilot ${randomUUID().slice(0, 6)}`) {
    const { thread } = await startThread(hub, g.groupId, g.member.cookie, title, 'Which cities join?');
    const [mail] = await mailWithSubject(hub, g.leader.email, `New thread: ${title}`);
    return { thread, title, mail: mail!, replyTo: replyToOf(mail!) };
  }

  async function postsOf(threadId: string, cookie = g.member.cookie) {
    const page = (await (await get(hub, `/api/threads/${threadId}`, cookie)).json()) as {
      posts: { authorName: string; html: string; attachments: { id: string; filename: string; contentType: string; size: number }[] }[];
    };
    return page.posts;
  }

  const answer = (replyTo: string, options: Partial<SendMailOptions> & { from?: string } = {}) =>
    transport.sendMail({
      from: g.leader.email,
      to: replyTo,
      subject: 'Re: the thread',
      text: 'Athens joins the pilot.\n\nOn Mon, 1 Dec 2026 at 10:00, Partnership Hub <hub@partnership.example.org> wrote:\n> Which cities join?\n',
      messageId: `<${randomUUID()}@mail.example.org>`,
      ...options,
    });

  it('carries a per-recipient reply address in each notification', async () => {
    // Act
    const handle = g.other.email.split('@')[0];
    const { title, replyTo } = await notified(`Mentioning ${randomUUID().slice(0, 6)}`);
    await startThread(hub, g.groupId, g.member.cookie, `${title} again`, `What do you think, @${handle}?`);
    const [leaderMail] = await mailWithSubject(hub, g.leader.email, `${title} again`);
    const [otherMail] = await mailWithSubject(hub, g.other.email, `${title} again`);
    // Assess
    expect(replyTo).toMatch(/^reply\+[0-9a-f]{40}@reply\.localhost$/);
    expect(replyToOf(leaderMail!)).not.toBe(replyToOf(otherMail!));
    expect(leaderMail!.text).toContain('Answer this email to reply in the thread');
  });

  it("posts the recipient's answer as their reply, without the quoted mail or the signature, and notifies the others", async () => {
    // Prepare
    const { thread, title, replyTo } = await notified();
    // Act
    const sent = await answer(replyTo, { text: 'Athens joins the pilot, with two districts.\n\n-- \nMaria, City of Athens\n\nOn Mon, 1 Dec 2026 at 10:00, Partnership Hub <hub@partnership.example.org> wrote:\n> Which cities join?\n> A quoted line\n' });
    // Assess
    expect(sent.response).toContain('Posted in the thread');
    const posts = await postsOf(thread.id);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.authorName).toBe('leader person');
    expect(posts[1]!.html).toContain('Athens joins the pilot, with two districts.');
    expect(posts[1]!.html).not.toContain('Which cities join?');
    expect(posts[1]!.html).not.toContain('Maria, City of Athens');
    const [toAuthor] = await mailWithSubject(hub, g.member.email, `Re: ${title}`);
    expect(toAuthor!.text).toContain('Athens joins the pilot');
  });

  it('posts once when the same message is delivered twice', async () => {
    // Prepare
    const { thread, replyTo } = await notified();
    const messageId = `<${randomUUID()}@mail.example.org>`;
    // Act
    const first = await answer(replyTo, { messageId });
    const second = await answer(replyTo, { messageId });
    // Assess
    expect(first.response).toContain('Posted in the thread');
    expect(second.response).toContain('Already received');
    expect(await postsOf(thread.id)).toHaveLength(2);
  });

  it('drops an auto-reply without posting or answering', async () => {
    // Prepare
    const { thread, replyTo } = await notified();
    // Act
    const outOfOffice = await answer(replyTo, { subject: 'Out of office', text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } });
    const bulk = await answer(replyTo, { text: 'A list message.', headers: { Precedence: 'bulk' } });
    const vacation = await answer(replyTo, { text: 'Away.', headers: { 'X-Autoreply': 'yes' } });
    // Assess
    for (const sent of [outOfOffice, bulk, vacation]) expect(sent.response).toMatch(/Received, not posted$/);
    expect(await postsOf(thread.id)).toHaveLength(1);
  });

  it('drops mail from anyone but the recipient, and never writes to that sender', async () => {
    // Prepare
    const stranger = uniqueEmail('stranger');
    const { thread, replyTo } = await notified();
    // Act: a stranger, and another member of the group, answer the leader's address.
    const fromStranger = await answer(replyTo, { from: stranger });
    const fromMember = await answer(replyTo, { from: g.other.email });
    const forged = await answer(replyTo.replace(/\+[0-9a-f]{6}/, '+000000'), {});
    // Assess
    for (const sent of [fromStranger, fromMember, forged]) expect(sent.response).toMatch(/Received, not posted$/);
    expect(await postsOf(thread.id)).toHaveLength(1);
    // Whatever the hub queued meanwhile has gone out by the time the leader's later answer arrives.
    const later = await notified();
    await answer(later.replyTo);
    await mailWithSubject(hub, g.member.email, `Re: ${later.title}`);
    expect(await hub.inbox.to(stranger)).toHaveLength(0);
  });

  it('refuses a reply to a locked thread and tells the recipient why', async () => {
    // Prepare
    const { thread, title, replyTo } = await notified();
    const stored = (await hub.deps.forums.getThread(thread.id))!;
    await hub.deps.forums.moderateThread(stored, { locked: true });
    // Act
    const sent = await answer(replyTo);
    // Assess
    expect(sent.response).toContain('Received, not posted (the sender is told why)');
    expect(await postsOf(thread.id)).toHaveLength(1);
    const [told] = await mailWithSubject(hub, g.leader.email, `Not posted: ${title}`);
    expect(told!.text).toContain('locked');
    expect(header(told!, 'auto-submitted')).toBe('auto-replied');
  });

  it('refuses a reply from a member whose membership has lapsed, and tells them', async () => {
    // Prepare: a contributor whose place ends in an hour is mentioned, so they are emailed at once.
    const until = new Date(Date.now() + 3600_000).toISOString();
    const contributor = await addMember(hub, { email: uniqueEmail('contributor'), name: 'Contributor', groups: [{ groupId: g.groupId, role: 'contributor', until }] });
    const title = `Lapsing ${randomUUID().slice(0, 6)}`;
    const { thread } = await startThread(hub, g.groupId, g.member.cookie, title, `Your view, @${contributor.split('@')[0]}?`);
    const [mail] = await mailWithSubject(hub, contributor, title);
    // Act: two hours later the place has ended.
    clock.offsetMs = 2 * 3600_000;
    const sent = await answer(replyToOf(mail!), { from: contributor }).finally(() => (clock.offsetMs = 0));
    // Assess
    expect(sent.response).toContain('Received, not posted (the sender is told why)');
    expect(await postsOf(thread.id)).toHaveLength(1);
    const [told] = await mailWithSubject(hub, contributor, `Not posted: ${title}`);
    expect(told!.text).toContain('no longer a member');
  });

  it('posts an allowed file with the reply, stored and recorded like an upload from the post form', async () => {
    // Prepare
    const { thread, title, replyTo } = await notified();
    const pdf = Buffer.from('%PDF-1.4 the budget of the pilot');
    // Act
    const sent = await answer(replyTo, { attachments: [{ filename: 'budget.pdf', content: pdf, contentType: 'application/pdf' }] });
    // Assess: the post carries the file, every member downloads it, and its record is a stored upload.
    expect(sent.response).toContain('Posted in the thread');
    const posts = await postsOf(thread.id);
    expect(posts[1]!.attachments).toEqual([{ id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), filename: 'budget.pdf', contentType: 'application/pdf', size: pdf.length }]);
    const id = posts[1]!.attachments[0]!.id;
    const download = await get(hub, `/api/attachments/${id}`, g.other.cookie);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);
    expect(await hub.deps.forums.getAttachment(id)).toMatchObject({ groupId: g.groupId, uploadedBy: g.leader.email, storedAt: expect.any(String) });
    expect((await hub.deps.forums.getAttachment(id))!.pending).toBeUndefined();
    // Nothing was left out, so no answer: the next mail the leader gets is a later notification.
    const later = await notified();
    const mails = await hub.inbox.to(g.leader.email);
    expect(mails.some((m) => m.subject?.includes(title) && m.subject.startsWith('Posted without'))).toBe(false);
    expect(later.replyTo).not.toBe(replyTo);
  });

  it('leaves out the files the post form would refuse and names each, with why, in one answer', async () => {
    // Prepare
    const { thread, title, replyTo } = await notified();
    const png = (name: string) => ({ filename: name, content: Buffer.from(`png ${name}`), contentType: 'image/png' });
    // Act: a file of a type not allowed, a renamed one, and one file more than a post takes.
    const sent = await answer(replyTo, {
      attachments: [
        { filename: 'setup.exe', content: Buffer.from('MZ'), contentType: 'application/octet-stream' },
        { filename: 'notes.pdf', content: Buffer.from('<html>'), contentType: 'text/html' },
        ...['p1.png', 'p2.png', 'p3.png', 'p4.png', 'p5.png', 'p6.png'].map(png),
      ],
    });
    // Assess
    expect(sent.response).toContain('Posted in the thread');
    const posts = await postsOf(thread.id);
    expect(posts[1]!.attachments.map((a) => a.filename)).toEqual(['p1.png', 'p2.png', 'p3.png', 'p4.png', 'p5.png']);
    const [told] = await mailWithSubject(hub, g.leader.email, `Posted without some files: ${title}`);
    expect(told!.text).toContain('setup.exe: files of type .exe cannot be attached');
    expect(told!.text).toContain('notes.pdf: it does not look like a .pdf file');
    expect(told!.text).toContain('p6.png: a post carries at most 5 files');
    expect(header(told!, 'auto-submitted')).toBe('auto-replied');
    expect((await hub.inbox.to(g.leader.email)).filter((m) => m.subject === `Posted without some files: ${title}`)).toHaveLength(1);
  });

  it("does not post the pictures the mail's HTML shows by Content-ID, such as a signature's logo", async () => {
    // Prepare
    const { thread, replyTo } = await notified();
    // Act
    const sent = await answer(replyTo, {
      html: '<p>Athens joins the pilot.</p><p>--<br><img src="cid:logo@athens.example.org" alt="City of Athens"></p>',
      attachments: [
        { filename: 'logo.png', content: Buffer.from('png logo'), contentType: 'image/png', cid: 'logo@athens.example.org', contentDisposition: 'inline' },
        { filename: 'plan.pdf', content: Buffer.from('%PDF-1.4 plan'), contentType: 'application/pdf' },
      ],
    });
    // Assess
    expect(sent.response).toContain('Posted in the thread');
    const posts = await postsOf(thread.id);
    expect(posts[1]!.attachments.map((a) => a.filename)).toEqual(['plan.pdf']);
  });

  it('stores each file once when a delivery fails after storing its files and the same message comes again', async () => {
    // Prepare: the store fails once, after the files are stored and recorded, before the post is written.
    const { thread, replyTo } = await notified();
    const messageId = `<${randomUUID()}@mail.example.org>`;
    const files = [{ filename: 'minutes.pdf', content: Buffer.from('%PDF-1.4 minutes'), contentType: 'application/pdf' }];
    const stored = async () => (await readdir(storageRoot).catch(() => [] as string[])).sort();
    const before = await stored();
    const forums = hub.deps.forums;
    const addReply = forums.addReply;
    forums.addReply = async () => {
      forums.addReply = addReply;
      throw new Error('the process died');
    };
    // Act
    const first = await answer(replyTo, { messageId, attachments: files }).catch((error: Error) => error);
    const afterCrash = await stored();
    const second = await answer(replyTo, { messageId, attachments: files });
    const third = await answer(replyTo, { messageId, attachments: files });
    // Assess: the first delivery was refused for a retry, the second posted with the file, the third is known.
    expect(String(first)).toMatch(/451/);
    expect(afterCrash.length).toBe(before.length + 1);
    expect(second.response).toContain('Posted in the thread');
    expect(third.response).toContain('Already received');
    const posts = await postsOf(thread.id);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.attachments.map((a) => a.filename)).toEqual(['minutes.pdf']);
    expect(await stored()).toEqual(afterCrash);
    expect((await hub.deps.forums.attachmentsOf(g.leader.email)).filter((a) => a.filename === 'minutes.pdf')).toHaveLength(1);
  });

  it('takes over a mail whose handler died without a word (a timeout): refused for a retry while its lease runs, posted once after', async () => {
    // Prepare: a handler claimed this very message and was killed (no catch ran, so its mark stayed).
    const { thread, replyTo } = await notified();
    const id = `${randomUUID()}@mail.example.org`;
    const seen = hashSecret(`inbound:${replyTokenIn([replyTo], 'reply.localhost')}:${id}`);
    const nowSeconds = Math.floor(clock.now().getTime() / 1000);
    expect(await hub.deps.notifications.claimInbound(seen, nowSeconds + 3600, nowSeconds, HANDLING_LEASE_SECONDS)).toBe('claimed');
    // Act
    const whileLeased = await answer(replyTo, { messageId: `<${id}>` }).catch((error: Error) => error);
    clock.offsetMs += (HANDLING_LEASE_SECONDS + 1) * 1000;
    const afterLease = await answer(replyTo, { messageId: `<${id}>` }).finally(() => (clock.offsetMs -= (HANDLING_LEASE_SECONDS + 1) * 1000));
    const again = await answer(replyTo, { messageId: `<${id}>` });
    // Assess
    expect(String(whileLeased)).toMatch(/451/);
    expect(afterLease.response).toContain('Posted in the thread');
    expect(again.response).toContain('Already received');
    expect(await postsOf(thread.id)).toHaveLength(2);
  });

  it('refuses an empty answer (only the quoted mail) and says what to do', async () => {
    // Prepare
    const { thread, title, replyTo } = await notified();
    // Act
    await answer(replyTo, { text: 'On Mon, 1 Dec 2026 at 10:00, Partnership Hub <hub@partnership.example.org> wrote:\n> Which cities join?\n' });
    // Assess
    expect(await postsOf(thread.id)).toHaveLength(1);
    const [told] = await mailWithSubject(hub, g.leader.email, `Not posted: ${title}`);
    expect(told!.text).toContain('Write your answer at the top');
  });

  it('refuses at the envelope any recipient outside the reply domain', async () => {
    // Act / Assess
    await expect(transport.sendMail({ from: g.leader.email, to: 'someone@example.org', subject: 'Hi', text: 'Hello' })).rejects.toThrow(/550/);
  });

  it("answers a refused reply to a member who has since turned the group's notifications off and unsubscribed from updates", async () => {
    // Prepare: a member mentioned is emailed at once; then turns the group's notifications off, and
    // unsubscribes from updates (which puts them on the suppression list); then the thread is locked.
    const quiet = await addMember(hub, { email: uniqueEmail('quiet'), name: 'Quiet member', groups: [{ groupId: g.groupId, role: 'member' }] });
    const title = `Quiet ${randomUUID().slice(0, 6)}`;
    const { thread } = await startThread(hub, g.groupId, g.member.cookie, title, `Your view, @${quiet.split('@')[0]}?`);
    const [mail] = await mailWithSubject(hub, quiet, title);
    const off = await send(hub, 'PUT', `/api/groups/${g.groupId}/notifications`, { setting: 'off' }, await signIn(hub, quiet));
    await recordWithdrawal(hub.deps, quiet, 'updates', 'unsubscribed', { source: 'one-click unsubscribe' });
    await hub.deps.forums.moderateThread((await hub.deps.forums.getThread(thread.id))!, { locked: true });
    // Act
    const sent = await answer(replyToOf(mail!), { from: quiet });
    // Assess: the ledger would stop a notification now, but the answer to their own mail goes.
    expect(off.status).toBe(200);
    expect(await hub.deps.ledger.mayMail(quiet, 'forum-notifications')).toBe(false);
    expect(sent.response).toContain('Received, not posted (the sender is told why)');
    const [told] = await mailWithSubject(hub, quiet, `Not posted: ${title}`);
    expect(told!.text).toContain('locked');
  });

  it('lets a muted member read but not reply by email', async () => {
    // Prepare
    const { thread, replyTo } = await notified();
    await hub.deps.forums.saveMute({ groupId: g.groupId, email: g.leader.email, until: new Date(Date.now() + 3600_000).toISOString(), reason: 'Cooling off', mutedAt: new Date().toISOString() });
    // Act
    const sent = await answer(replyTo);
    await hub.deps.forums.removeMute(g.groupId, g.leader.email);
    // Assess
    expect(sent.response).toContain('Received, not posted (the sender is told why)');
    expect(await postsOf(thread.id)).toHaveLength(1);
  });
});
