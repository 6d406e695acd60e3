import { ADDRESS_SCOPES } from '../../core/auth/limits.ts';
import { randomBytes } from 'node:crypto';
import type { Registration } from '../../core/agenda/registration.ts';
import { recipientKeyOf } from '../../core/deliveries/delivery.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { Expert } from '../../core/experts/expert.ts';
import { exportableMessage } from '../../core/outbox/message.ts';
import type { AttachmentRef, Post, Thread } from '../../core/forums/forum.ts';
import type { Group, Membership } from '../../core/groups/group.ts';
import { PRIVACY_NOTICE_VERSION } from '../../core/privacy/notice.ts';
import { logLine } from '../../core/privacy/log-line.ts';
import {
  emptySections,
  exportable,
  FORMER_MEMBER,
  namesPerson,
  normalizeEmail,
  withoutPerson,
  zeroCounts,
  type PersonalDataExport,
  type PersonMarks,
  type SectionName,
} from '../../core/privacy/personal-data.ts';
import type { DevelopmentsReport } from '../../core/reports/report.ts';
import type { Deps } from '../deps.ts';
import { fillFreeSeats } from './agenda.ts';

export type { PersonalDataExport, SectionName } from '../../core/privacy/personal-data.ts';

/** The rate limits whose counters are keyed by the person's address (the others count clients). */
const ADDRESS_RATE_SCOPES = [...ADDRESS_SCOPES, 'sign-in-codes', 'forum-post', 'expert-apply'];

/**
 * Whether the hub holds anything about an address: a handful of reads that each stop at the first
 * item, never a Scan. Posts, reports and attachments belong to members and registrants, whose
 * profile, index entries or registration these reads find.
 */
export async function knowsPerson(deps: Pick<Deps, 'contactBook' | 'experts' | 'networks' | 'partnership'>, email: string): Promise<boolean> {
  const address = normalizeEmail(email);
  const found = await Promise.all([
    deps.contactBook.contacts.get(address).then(Boolean),
    deps.partnership.holdsMemberPartition(address),
    deps.partnership.indexedUnder(address),
    deps.experts.expertIdByEmail(address).then(Boolean),
    // Every delivery got the recipient's mail token first, relay contacts' too.
    deps.contactBook.mailTokens.has(address),
    relayRolesOf(deps, address).then((roles) => roles.length > 0),
  ]);
  return found.some(Boolean);
}

async function relayRolesOf(deps: Pick<Deps, 'networks'>, email: string) {
  return (await deps.networks.list()).filter((n) => n.relayContacts.some((r) => normalizeEmail(r.email) === email));
}

/** The person's threads and posts in every group: each group's indexes, filtered on the author. */
async function forumWritingsOf(deps: Pick<Deps, 'forums'>, email: string, groups: readonly Group[]) {
  const perGroup = await Promise.all(groups.map(async (g) => ({ threads: await deps.forums.threadsBy(g.id, email), posts: await deps.forums.postsBy(g.id, email) })));
  return { threads: perGroup.flatMap((g) => g.threads), posts: perGroup.flatMap((g) => g.posts) };
}

/** Attachment records uploaded by the person: those indexed under them, and those their posts name. */
async function attachmentsOf(deps: Pick<Deps, 'forums'>, email: string, posts: readonly Post[]) {
  const indexed = await deps.forums.attachmentsOf(email);
  const known = new Set(indexed.map((a) => a.id));
  const named = posts.flatMap((p) => p.attachments ?? []).filter((a: AttachmentRef) => !known.has(a.id));
  const fetched = await Promise.all(named.map((a) => deps.forums.getAttachment(a.id)));
  return [...indexed, ...fetched.filter((a) => a !== undefined && a.uploadedBy === email)] as NonNullable<(typeof fetched)[number]>[];
}

async function reportsBy(deps: Pick<Deps, 'reports'>, email: string) {
  return (await deps.reports.naming(email)).filter((r) => r.author.email === email);
}

/**
 * A copy of everything the hub holds on the person (their right of access), section by section.
 * `consents` and `privacyRequests` are left empty here: the privacy service fills them from the
 * ledger and the requests log.
 */
export async function exportPerson(deps: Pick<Deps, 'auth' | 'contactBook' | 'deliveries' | 'events' | 'experts' | 'forums' | 'networks' | 'notifications' | 'now' | 'outbox' | 'partnership' | 'registrations' | 'reports' | 'updates'>, email: string): Promise<PersonalDataExport> {
  const address = normalizeEmail(email);
  const sections = emptySections();
  const [contact, pending, mailLinks, relayRoles, member, memberships, groups] = await Promise.all([
    deps.contactBook.contacts.get(address),
    deps.contactBook.subscriptions.pendingOf(address),
    deps.contactBook.mailTokens.has(address),
    relayRolesOf(deps, address),
    deps.partnership.getMember(address),
    deps.partnership.groupsOf(address),
    deps.partnership.listGroups(),
  ]);
  const groupName = new Map(groups.map((g) => [g.id, g.name]));

  if (contact) sections.contact.push({ kind: 'contact', ...exportable(contact) });
  for (const request of pending) sections.contact.push({ kind: 'pending-subscription', ...exportable(request) });
  for (const network of relayRoles) {
    const role = network.relayContacts.find((r) => normalizeEmail(r.email) === address)!;
    sections.contact.push({ kind: 'relay-contact', networkId: network.id, network: network.name, name: role.name, email: role.email });
  }
  if (mailLinks) sections.contact.push({ kind: 'mail-links', about: 'Every email the hub sends you carries your own unsubscribe and preferences links.' });

  if (member) sections.member.push(exportable(member));
  sections.memberships.push(...memberships.map((m) => ({ ...exportable(m), group: groupName.get(m.groupId) ?? m.groupId })));

  const [preferences, links, replyAddresses] = await Promise.all([deps.forums.preferencesOf(address), deps.notifications.linksOf(address), deps.notifications.replyAddressesOf(address)]);
  sections.notificationSettings.push(
    ...preferences.map((p) => ({ kind: 'group-setting', ...exportable(p, ['email']), group: groupName.get(p.groupId) ?? p.groupId })),
    ...links.map((l) => ({ kind: 'settings-link', ...exportable(l, ['email']), group: groupName.get(l.groupId) ?? l.groupId })),
    ...replyAddresses.map((r) => ({ kind: 'reply-address', ...exportable(r, ['email']), group: groupName.get(r.groupId) ?? r.groupId })),
  );

  const [sessions, signIns, feed] = await Promise.all([deps.auth.sessionsOf(address), deps.auth.signInsOf(address), deps.registrations.feedStatus(address)]);
  sections.sessions.push(
    ...sessions.map((s) => ({ kind: 'session', ...exportable(s, ['email', 'groups']) })),
    ...signIns.map((r) => ({ kind: r.pendingHash.startsWith('invite-') ? 'invitation' : 'sign-in', ...exportable(r, ['email', 'codeAttempts']) })),
    ...(feed ? [{ kind: 'calendar-feed', createdAt: feed.createdAt }] : []),
  );

  const { threads, posts } = await forumWritingsOf(deps, address, groups);
  sections.threads.push(...threads.map((t: Thread) => ({ ...exportable(t), group: groupName.get(t.groupId) ?? t.groupId })));
  // The rendered HTML repeats the body; the body is what the person wrote.
  sections.posts.push(...posts.map((p: Post) => ({ ...exportable(p, ['html']), group: groupName.get(p.groupId) ?? p.groupId })));
  sections.attachments.push(...(await attachmentsOf(deps, address, posts)).map((a) => exportable(a)));

  const registrations = await deps.registrations.registrationsOfMember(address);
  const events = new Map((await Promise.all(registrations.map((r) => deps.events.getEvent(r.eventId)))).filter((e) => e !== undefined).map((e) => [e.id, e]));
  sections.registrations.push(
    ...registrations.map((r: Registration) => ({ ...exportable(r), event: events.get(r.eventId)?.title ?? '', eventStartsAt: events.get(r.eventId)?.startsAt ?? '' })),
  );
  // The report's id is derived from the address: the event names it well enough.
  sections.developmentsReports.push(...(await reportsBy(deps, address)).map((r: DevelopmentsReport) => exportable(r, ['id'])));

  const expertId = await deps.experts.expertIdByEmail(address);
  const expert = expertId ? await deps.experts.getExpert(expertId) : undefined;
  if (expert) {
    const trail = await deps.experts.trailOf(expert.id);
    sections.expert.push({ kind: 'entry', ...exportable(expert, ['id']) });
    sections.expert.push(...trail.tokens.map((t) => ({ kind: 'link', purpose: t.purpose, ...(t.expiresAt ? { expiresAt: new Date(t.expiresAt * 1000).toISOString() } : {}) })));
    const callIds = [...new Set([...trail.sent.map((s) => s.callId), ...trail.responses.map((r) => r.callId)])];
    const calls = await Promise.all(callIds.map((id) => deps.experts.callWithAnswers(id)));
    sections.callResponses.push(
      ...calls.map(({ call }, i) => {
        const callId = callIds[i]!;
        const sent = trail.sent.find((s) => s.callId === callId);
        const answer = trail.responses.find((r) => r.callId === callId);
        return {
          callId,
          call: call?.title ?? '',
          group: call ? (groupName.get(call.groupId) ?? call.groupId) : '',
          ...(sent ? { receivedAt: sent.at, language: sent.language } : {}),
          answer: answer ? { interested: answer.interested, message: answer.message, at: answer.at } : null,
        };
      }),
    );
  }

  const deliveries = await deps.deliveries.ofRecipient(recipientKeyOf(address));
  const updates = new Map((await Promise.all([...new Set(deliveries.map((d) => d.updateId))].map((id) => deps.updates.getUpdate(id)))).filter((u) => u !== undefined).map((u) => [u.id, u]));
  sections.deliveries.push(...deliveries.map((d) => ({ ...exportable(d), update: updates.get(d.updateId)?.title ?? '' })));
  // The other emails (notifications, digests, calls, reminders): what kind, what became of it, when.
  sections.deliveries.push(...(await deps.outbox.ofRecipient(recipientKeyOf(address))).map(exportableMessage));

  return { email: address, generatedAt: deps.now().toISOString(), noticeVersion: PRIVACY_NOTICE_VERSION, sections };
}

/**
 * Erasure (the right to be forgotten): every item about the person goes, or stays without them.
 *
 * - Gone: contact, pending subscriptions, mail links, member profile, memberships, forum preferences,
 *   settings links, digest marks, outbox messages to them (one still queued is never sent), sessions,
 *   sign-ins and invitations, calendar feed, registrations
 *   (a freed seat of an event to come goes to the waitlist), expert entry with its topic copies,
 *   address pointer, links, calls received and answers (the calls' counters follow), rate counters.
 * - Kept without them: forum threads, posts and attachments and developments reports (attributed to
 *   "former member"; a report also gets a new id, its old one was derived from the address),
 *   deliveries (the update's report counts stay right; a delivery not yet sent fails instead), and
 *   what others recorded about them: audit entries, decisions they recorded, experts they proposed,
 *   calls, events and updates they wrote, networks they relayed for.
 *
 * The suppression list and the consent ledger are the privacy service's: it suppresses first and
 * forgets the ledger last. Erasing twice finds nothing the second time and changes nothing.
 */
export async function erasePerson(deps: Pick<Deps, 'agreements' | 'audit' | 'auth' | 'config' | 'contactBook' | 'deliveries' | 'events' | 'experts' | 'forums' | 'groupAdmin' | 'ledger' | 'networks' | 'notifications' | 'now' | 'outbox' | 'outboxQueue' | 'partnership' | 'rateLimiter' | 'registrations' | 'reports' | 'updates'>, email: string, options: { by: string }): Promise<Record<SectionName, number>> {
  const address = normalizeEmail(email);
  const counts = zeroCounts();
  const now = deps.now();

  // Who they are, read before anything goes: names find them in what others recorded.
  const [contact, member, memberships, registrations, expertId, groups] = await Promise.all([
    deps.contactBook.contacts.get(address),
    deps.partnership.getMember(address),
    deps.partnership.groupsOf(address),
    deps.registrations.registrationsOfMember(address),
    deps.experts.expertIdByEmail(address),
    deps.partnership.listGroups(),
  ]);
  const expert = expertId ? await deps.experts.getExpert(expertId) : undefined;
  const person: PersonMarks = {
    email: address,
    names: [...new Set([member?.name, contact?.name, expert?.name, ...registrations.map((r) => r.name)].filter((n): n is string => Boolean(n && n.trim())))],
  };

  counts.registrations = await releaseRegistrations(deps, address, registrations);
  counts.developmentsReports = await anonymiseReports(deps, address, person);
  Object.assign(counts, await anonymiseForum(deps, address, person, groups, memberships, member?.secretariat ?? false));

  const preferences = await deps.forums.preferencesOf(address);
  await deps.notifications.forgetDigestMarks(address, [...new Set([...memberships.map((m) => m.groupId), ...preferences.map((p) => p.groupId)])], now);
  counts.notificationSettings = (await deps.forums.forgetPreferencesOf(address)) + (await deps.notifications.forgetLinksOf(address));
  // A mute is plumbing of the memberships that go below: it goes, uncounted.
  await deps.forums.forgetMutesOf(address);

  counts.sessions = (await deps.auth.deleteSessionsOf(address)) + (await deps.auth.forgetSignInsOf(address)) + ((await deps.registrations.revokeFeed(address)) ? 1 : 0);

  if (expertId) Object.assign(counts, await eraseExpert(deps, { id: expertId, email: address }));
  await forgetAsProposer(deps, address, person);
  await forgetAsAuthorOfRecords(deps, address, groups);

  if (contact) {
    await deps.contactBook.contacts.remove(address);
    counts.contact++;
  }
  // The mail token is plumbing of the contact (like the digest marks of a member): it goes, uncounted.
  await deps.contactBook.mailTokens.forget(address);
  counts.contact += (await deps.contactBook.subscriptions.forgetAll(address)) + (await forgetRelayRoles(deps, address));
  counts.deliveries = await deps.deliveries.eraseRecipient(address, now);
  // Outbox messages go whole: one still queued is never sent, a sent one kept only the hash in its key.
  counts.deliveries += await deps.outbox.eraseRecipient(address);

  for (const m of memberships) {
    await deps.groupAdmin.removeMembership(m.groupId, address).catch(ignoreNotFound);
    counts.memberships++;
  }
  if (member) {
    await deps.partnership.removeMember(address);
    counts.member = 1;
  }

  await rewriteAudit(deps, person);
  await deps.rateLimiter.forget(ADDRESS_RATE_SCOPES, address);

  // No address in the log, not even the secretariat member's: the requests log and the audit say who.
  logLine('info', 'person erased', { by: options.by === address ? 'the person' : 'the secretariat', counts });
  return counts;
}

function ignoreNotFound(error: unknown) {
  if (!(error instanceof NotFoundError)) throw error;
}

/**
 * Each registration goes through the cancellation every member uses, so the seat counters stay
 * true; a seat freed at an event still to come goes to the first on its waitlist.
 */
async function releaseRegistrations(deps: Pick<Deps, 'config' | 'events' | 'ledger' | 'now' | 'outbox' | 'outboxQueue' | 'partnership' | 'registrations'>, email: string, registrations: readonly Registration[]) {
  let released = 0;
  for (const registration of registrations) {
    const was = await deps.registrations.cancel(registration.eventId, email).catch((error: unknown) => {
      ignoreNotFound(error);
      return undefined;
    });
    if (!was) continue;
    released++;
    const event = await deps.events.getEvent(registration.eventId);
    if (was === 'registered' && event?.capacity && Date.parse(event.startsAt) > deps.now().getTime()) await fillFreeSeats(deps, event.id);
  }
  return released;
}

async function anonymiseReports(deps: Pick<Deps, 'reports'>, email: string, person: PersonMarks) {
  let written = 0;
  for (const report of await deps.reports.naming(email)) {
    if (report.author.email === email) {
      const id = `${report.eventId}.${randomBytes(10).toString('hex')}`;
      const review = report.review?.by === email ? { ...report.review, by: FORMER_MEMBER } : report.review;
      await deps.reports.replace(report.id, { ...report, id, author: { email: '', name: FORMER_MEMBER, organisation: '' }, ...(review ? { review } : {}) });
      written++;
    } else if (report.review) {
      // They reviewed someone else's report: the review stays, by a former member.
      await deps.reports.replace(report.id, { ...report, review: withoutPerson(report.review, person) });
    }
  }
  return written;
}

async function anonymiseForum(deps: Pick<Deps, 'agreements' | 'forums'>, email: string, person: PersonMarks, groups: readonly Group[], memberships: readonly Membership[], secretariat: boolean) {
  const { threads, posts } = await forumWritingsOf(deps, email, groups);
  for (const thread of threads) await deps.forums.attributeToFormerMember(thread.id);
  for (const post of posts) await deps.forums.attributeToFormerMember(post.threadId, post.id);
  const attachments = await attachmentsOf(deps, email, posts);
  for (const attachment of attachments) {
    // A file never confirmed is in no post: nothing to keep.
    if (attachment.pending) await deps.forums.forgetAttachment(attachment.id);
    else await deps.forums.attributeAttachmentToFormerMember(attachment.id);
  }
  // Decisions name who recorded them by name only; only moderators record them.
  const moderated = secretariat ? groups.map((g) => g.id) : memberships.filter((m) => m.role === 'leader').map((m) => m.groupId);
  for (const groupId of moderated) {
    for (const post of await deps.forums.decisionsOf(groupId)) {
      if (post.decision && namesPerson(post.decision.recordedBy, person)) await deps.forums.attributeDecisionToFormerMember(post);
    }
  }
  // Agreements name who marked and last changed them, by name only; only moderators do either.
  if (moderated.length > 0) {
    for (const agreement of await deps.agreements.all()) {
      if (!namesPerson(agreement.markedBy, person) && !namesPerson(agreement.changedBy, person)) continue;
      const markedBy = namesPerson(agreement.markedBy, person) ? FORMER_MEMBER : agreement.markedBy;
      const changedBy = namesPerson(agreement.changedBy, person) ? FORMER_MEMBER : agreement.changedBy;
      await deps.agreements.replace({ ...agreement, markedBy, changedBy }, agreement.changedAt);
    }
  }
  return { threads: threads.length, posts: posts.length, attachments: attachments.length };
}

/** The entry, its links, the calls it received and its answers; the calls' counters follow. */
async function eraseExpert(deps: Pick<Deps, 'experts'>, expert: Pick<Expert, 'id' | 'email'>) {
  const trail = await deps.experts.trailOf(expert.id);
  let callResponses = 0;
  for (const sent of trail.sent) if (await deps.experts.forgetCallTrail(sent.callId, expert.id, 'sent')) callResponses++;
  for (const answer of trail.responses) if (await deps.experts.forgetCallTrail(answer.callId, expert.id, 'response')) callResponses++;
  const links = await deps.experts.forgetTokensOf(expert.id);
  const entries = await deps.experts.removeExpert(expert);
  return { expert: entries + links, callResponses };
}

/** Experts they proposed stay in the pool, no longer saying who proposed them. */
async function forgetAsProposer(deps: Pick<Deps, 'experts'>, email: string, person: PersonMarks) {
  const proposed = (await deps.experts.candidates([])).filter((e) => e.proposedBy === email);
  for (const previous of proposed) {
    const { proposedBy: _proposedBy, ...rest } = previous;
    await deps.experts.saveExpert({ ...rest, ...(rest.consent ? { consent: withoutPerson(rest.consent, person) } : {}) }, previous);
  }
}

/** Calls, events and updates they wrote stay, written by a former member. */
async function forgetAsAuthorOfRecords(deps: Pick<Deps, 'events' | 'experts' | 'updates'>, email: string, groups: readonly Group[]) {
  for (const group of groups) {
    for (const call of await deps.experts.callsOfGroup(group.id)) {
      if (call.createdBy === email) await deps.experts.updateCall(call.id, { createdBy: FORMER_MEMBER });
    }
  }
  for (const event of await deps.events.createdBy(email)) await deps.events.attributeToFormerMember(event.id);
  for (const update of await deps.updates.createdBy(email)) await deps.updates.attributeToFormerMember(update.id);
}

/**
 * A network keeps its other relay contacts. One left with none relays nothing until the secretariat
 * names another: routing then mails its audience directly.
 */
async function forgetRelayRoles(deps: Pick<Deps, 'networks'>, email: string) {
  const networks = await relayRolesOf(deps, email);
  for (const network of networks) {
    await deps.networks.save({ ...network, relayContacts: network.relayContacts.filter((r) => normalizeEmail(r.email) !== email) });
  }
  return networks.length;
}

/** Audit entries keep what happened and when; who they named becomes "former member". */
async function rewriteAudit(deps: Pick<Deps, 'audit'>, person: PersonMarks) {
  for (const entry of await deps.audit.all()) {
    if (namesPerson({ actor: entry.actor, subject: entry.subject, details: entry.details }, person)) await deps.audit.rewrite(withoutPerson(entry, person));
  }
}
