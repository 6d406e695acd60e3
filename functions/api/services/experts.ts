import { randomUUID } from 'node:crypto';
import { hashSecret, newSecret } from '../../core/auth/secrets.ts';
import { newId } from '../../core/forums/forum.ts';
import { jobView } from '../../core/jobs/job.ts';
import type { RefusalWords } from '../../core/refusals.ts';
import { CALL_SEND_JOB, callEmailKey, callSendJobView, type CallSendParams, type CallSendPorts } from '../../core/experts/send-job.ts';
import type { Session } from '../../core/auth/session.ts';
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, RuleViolationError } from '../../core/errors.ts';
import { assertDeadlineAhead, assertOpen, type Call, type CallDraft } from '../../core/experts/call.ts';
import { alreadyInPoolEmail, callEmail, confirmationEmail } from '../../core/experts/emails.ts';
import { EXPERT_CONSENT_VERSION, type Expert, type ExpertApplication, type ExpertChanges } from '../../core/experts/expert.ts';
import { languageFor, matchExperts, type CallFilters } from '../../core/experts/matching.ts';
import { activeMemberships, contributionEnd } from '../../core/groups/standing.ts';
import { escapeHtml } from '../../core/mail/layout.ts';
import { mailing, outboxMessage } from '../../core/outbox/message.ts';
import { expiresAfter } from '../../core/privacy/retention.ts';
import { topics } from '../../core/partnership/vocabulary.ts';
import type { Deps } from '../deps.ts';
import { recordConsent, recordWithdrawal, sendUnlessSuppressed } from './consent.ts';
import { sourceOf } from '../../core/privacy/ledger.ts';
import { recordAudit } from './membership.ts';
import { enqueueOrLeave } from './outbox.ts';
import { refreshSessions, sendInvitation } from './sign-in.ts';

/** What reading and writing the pool touches; most services here need no more. */
type PoolPorts = Pick<Deps, 'experts' | 'now'>;
/** The pool and the consent ledger, for entries that record or withdraw consent. */
type PoolConsentPorts = Pick<Deps, 'experts' | 'ledger' | 'now'>;

/** How long each emailed link works (DynamoDB TTL on its token, checked on read too). */
const LINK_DAYS = {
  confirm: 14,
  // Every email to the expert carries a fresh entry-page link, and joining again sends one.
  manage: 365,
} as const;
/** An answer link outlives its call's deadline, so a late visitor reads "closed" rather than "not valid". */
const ANSWER_LINK_DAYS_AFTER_DEADLINE = 30;

/** Issues a secret for a purpose; only its hash is stored, and it expires. */
async function issueToken(deps: Pick<Deps, 'experts'>, value: { purpose: 'confirm' | 'manage' | 'answer'; expertId: string; callId?: string; expiresAt: number }) {
  const token = newSecret();
  await deps.experts.putToken(hashSecret(token), value);
  return token;
}
const linkExpiry = (deps: Pick<Deps, 'now'>, purpose: keyof typeof LINK_DAYS) => expiresAfter(deps.now(), LINK_DAYS[purpose], 'days');

async function expertFromToken(deps: PoolPorts, token: string, purpose: 'confirm' | 'manage' | 'answer') {
  const record = await deps.experts.getToken(hashSecret(token));
  const expired = record?.expiresAt !== undefined && record.expiresAt * 1000 <= deps.now().getTime();
  if (!record || record.purpose !== purpose || expired) {
    throw new NotFoundError(
      purpose === 'confirm' ? 'expert.confirmLinkInvalid' : 'expert.linkInvalid',
    );
  }
  const expert = await deps.experts.getExpert(record.expertId);
  if (!expert) throw new NotFoundError('expert.entryGone');
  return { expert, record };
}

/**
 * Someone joins the pool (or a member proposes them). The answer is the same whether or not
 * the address is known; a known address gets a pointer to its entry instead of a second one.
 */
export async function applyToPool(deps: Pick<Deps, 'config' | 'experts' | 'ledger' | 'mailer' | 'now' | 'rateLimiter'>, application: ExpertApplication, client: string, proposedBy?: Session) {
  const now = deps.now();
  const verdict = await deps.rateLimiter.hit('expert-apply', proposedBy?.email ?? client, 10, 60 * 60, now);
  if (!verdict.allowed) throw new RateLimitedError('expert.tooMany', verdict.retryAfterSeconds);

  const existingId = await deps.experts.expertIdByEmail(application.email);
  if (existingId) {
    const existing = await deps.experts.getExpert(existingId);
    if (existing) {
      // The same answer either way; a colleague's proposal mails nobody who asked not to be mailed.
      if (proposedBy && !(await deps.ledger.mayMail(existing.email, 'experts'))) return;
      const manageToken = await issueToken(deps, { purpose: 'manage', expertId: existing.id, expiresAt: linkExpiry(deps, 'manage') });
      if (existing.status === 'pending') {
        const confirmToken = await issueToken(deps, { purpose: 'confirm', expertId: existing.id, expiresAt: linkExpiry(deps, 'confirm') });
        await deps.mailer.send(confirmationEmail({ expert: existing, confirmToken, manageToken, baseUrl: deps.config.BASE_URL }));
      } else {
        await deps.mailer.send(alreadyInPoolEmail({ expert: existing, manageToken, baseUrl: deps.config.BASE_URL }));
      }
      return;
    }
  }
  const at = now.toISOString();
  const expert: Expert = {
    ...application,
    id: randomUUID(),
    status: 'pending',
    acceptsCalls: true,
    calledCount: 0,
    answeredCount: 0,
    createdAt: at,
    updatedAt: at,
    ...(proposedBy ? { proposedBy: proposedBy.email } : {}),
  };
  try {
    await deps.experts.addExpert(expert);
  } catch (error) {
    // Two requests for one address at once: the other one created the entry and sent the email.
    if (error instanceof ConflictError) return;
    throw error;
  }
  const confirmToken = await issueToken(deps, { purpose: 'confirm', expertId: expert.id, expiresAt: linkExpiry(deps, 'confirm') });
  const manageToken = await issueToken(deps, { purpose: 'manage', expertId: expert.id, expiresAt: linkExpiry(deps, 'manage') });
  const invitation = confirmationEmail({ expert, confirmToken, manageToken, baseUrl: deps.config.BASE_URL, ...(proposedBy ? { proposedByName: proposedBy.name } : {}) });
  // A colleague's proposal is not the person's own act: someone who asked not to be mailed is not.
  if (proposedBy) await sendUnlessSuppressed(deps, 'experts', invitation);
  else await deps.mailer.send(invitation);
}

/** The confirmation page's button: the person is in the pool from now on, with consent recorded. */
export async function confirmEntry(deps: PoolConsentPorts, token: string) {
  const { expert } = await expertFromToken(deps, token, 'confirm');
  if (expert.status === 'confirmed') return publicEntry(expert);
  const at = deps.now().toISOString();
  const confirmed: Expert = {
    ...expert,
    status: 'confirmed',
    acceptsCalls: true,
    consent: { source: expert.proposedBy ? `proposed by ${expert.proposedBy}, confirmed by the expert` : 'expert pool form', at, wordingVersion: EXPERT_CONSENT_VERSION },
    updatedAt: at,
  };
  await deps.experts.saveExpert(confirmed, expert);
  // The ledger names no proposer: it is the expert's record, and outlives the colleague's account.
  await recordConsent(deps, expert.email, 'experts', { ...sourceOf(expert.proposedBy ? 'expert-proposal' : 'expert-form'), wordingVersion: EXPERT_CONSENT_VERSION });
  return publicEntry(confirmed);
}

export async function viewEntry(deps: PoolPorts, token: string) {
  return publicEntry((await expertFromToken(deps, token, 'manage')).expert);
}

export async function changeEntry(deps: PoolPorts, token: string, changes: ExpertChanges) {
  const { expert } = await expertFromToken(deps, token, 'manage');
  if (expert.status === 'left') throw new RuleViolationError('expert.left');
  const changed: Expert = { ...expert, ...changes, updatedAt: deps.now().toISOString() };
  await deps.experts.saveExpert(changed, expert);
  return publicEntry(changed);
}

/** Leaving keeps no profile: only the name of the organisation type and counts stay for reports. */
export async function leavePool(deps: PoolConsentPorts, token: string) {
  const { expert } = await expertFromToken(deps, token, 'manage');
  const left: Expert = { ...expert, status: 'left', acceptsCalls: false, profile: '', updatedAt: deps.now().toISOString() };
  await deps.experts.saveExpert(left, expert);
  await recordWithdrawal(deps, expert.email, 'experts', 'opt-out', sourceOf('expert-left'));
  return publicEntry(left);
}

/** RFC 8058 one-click: no more calls for this expert; the entry stays. */
export async function stopCalls(deps: PoolConsentPorts, token: string) {
  const { expert } = await expertFromToken(deps, token, 'manage');
  if (!expert.acceptsCalls) return;
  await deps.experts.saveExpert({ ...expert, acceptsCalls: false, updatedAt: deps.now().toISOString() }, expert);
  await recordWithdrawal(deps, expert.email, 'experts', 'opt-out', sourceOf('expert-no-more-calls'));
}

function publicEntry(expert: Expert) {
  const { id, proposedBy: _proposedBy, consent: _consent, ...rest } = expert;
  return { id, ...rest };
}

/** Secretariat and group leaders search the pool; only filtering by topic uses the index. */
export async function searchPool(deps: PoolPorts, session: Session, filters: Partial<CallFilters> & { status?: Expert['status'] }) {
  assertMayUsePool(session, deps.now());
  const candidates = await deps.experts.candidates(filters.topics ?? []);
  const byId = new Map(candidates.map((expert) => [expert.id, expert]));
  const fresh = await deps.experts.getExperts([...byId.keys()]);
  return fresh
    .filter((expert) => (filters.status ? expert.status === filters.status : expert.status !== 'left'))
    .filter((expert) => !filters.countries?.length || filters.countries.includes(expert.country))
    .filter((expert) => !filters.types?.length || filters.types.includes(expert.organisationType))
    .filter((expert) => !filters.languages?.length || filters.languages.some((l) => expert.languages.includes(l)))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ email, id, name, organisation, organisationType, audience, country, languages, topics, profile, status, calledCount, answeredCount }) => ({
      id, email, name, organisation, organisationType, audience, country, languages, topics, profile, status, calledCount, answeredCount,
    }));
}

function assertMayUsePool(session: Session, now: Date) {
  const leads = activeMemberships(session.groups, now).some((g) => g.role === 'leader');
  if (!session.secretariat && !leads) throw new ForbiddenError('expert.searchers');
}

/** Group-scoped access: non-members learn nothing (404); members who do not lead get 403. */
export function assertLeads(session: Session, groupId: string, now: Date) {
  if (session.secretariat) return;
  const membership = activeMemberships(session.groups, now).find((g) => g.groupId === groupId);
  if (!membership) throw new NotFoundError('group.noneSuch');
  if (membership.role !== 'leader') throw new ForbiddenError('expert.callManagers');
}

export async function writeCall(deps: Pick<Deps, 'experts' | 'now' | 'partnership'>, session: Session, groupId: string, draft: CallDraft) {
  const now = deps.now();
  assertLeads(session, groupId, now);
  const group = await deps.partnership.getGroup(groupId);
  if (!group) throw new NotFoundError('group.noneSuch');
  if (group.archived) throw new RuleViolationError('expert.groupArchived');
  assertDeadlineAhead(draft, now);
  const call: Call = { ...draft, id: randomUUID(), groupId, createdBy: session.email, createdAt: now.toISOString(), status: 'draft', sentCount: 0, answeredCount: 0 };
  await deps.experts.addCall(call);
  return call;
}

async function callOfGroup(deps: PoolPorts, session: Session, groupId: string, callId: string) {
  assertLeads(session, groupId, deps.now());
  const view = await deps.experts.callWithAnswers(callId);
  if (!view.call || view.call.groupId !== groupId) throw new NotFoundError('expert.noCall');
  return { ...view, call: view.call };
}

const filtersOf = (call: Call): CallFilters => ({ topics: call.topics, countries: call.countries, types: call.types, languages: call.languages });

export async function matchingExperts(deps: Pick<Deps, 'experts'>, call: Call) {
  return matchExperts(await deps.experts.candidates(call.topics), filtersOf(call));
}

/** How many experts a call would reach, before sending. */
export async function previewCall(deps: PoolPorts, session: Session, groupId: string, callId: string) {
  const { call } = await callOfGroup(deps, session, groupId, callId);
  const matched = await matchingExperts(deps, call);
  return { matches: matched.length, byCountry: countBy(matched, (e) => e.country), byType: countBy(matched, (e) => e.organisationType) };
}

const countBy = <T>(items: T[], key: (item: T) => string) =>
  items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [key(item)]: (counts[key(item)] ?? 0) + 1 }), {});

function paragraphs(body: string) {
  const parts = body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return { html: parts.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n'), text: parts.join('\n\n') };
}

/** What the call-send job reads and writes; tests swap a port to break a chunk halfway. */
export function callSendPorts(deps: Pick<Deps, 'config' | 'experts' | 'ledger' | 'now' | 'outbox' | 'outboxQueue' | 'partnership'>): CallSendPorts {
  const groupNames = new Map<string, string>();
  const groupName = async (groupId: string) => {
    if (!groupNames.has(groupId)) groupNames.set(groupId, (await deps.partnership.getGroup(groupId))?.name ?? groupId);
    return groupNames.get(groupId)!;
  };
  return {
    getCall: async (id) => (await deps.experts.callWithAnswers(id)).call,
    matching: (call) => matchingExperts(deps, call),
    marks: async (callId) => new Map((await deps.experts.callWithAnswers(callId)).sent.map((s) => [s.expertId, s.job])),
    async deliver(call, expert, by) {
      // Someone who unsubscribed, bounced, complained or was erased elsewhere gets no call either.
      if (!(await deps.ledger.mayMail(expert.email, 'experts'))) return 'suppressed';
      // Recorded by an earlier run of this chunk, or by a send at the same time: its links are the
      // ones that go, so none are issued for an email that would not be recorded.
      if (!(await deps.outbox.has(callEmailKey(call.id, expert.email)))) {
        const answerToken = await issueToken(deps, {
          purpose: 'answer',
          expertId: expert.id,
          callId: call.id,
          expiresAt: expiresAfter(new Date(call.deadline), ANSWER_LINK_DAYS_AFTER_DEADLINE, 'days'),
        });
        const manageToken = await issueToken(deps, { purpose: 'manage', expertId: expert.id, expiresAt: linkExpiry(deps, 'manage') });
        const email = callEmail({ expert, call, groupName: await groupName(call.groupId), answerToken, manageToken, callsOffToken: manageToken, baseUrl: deps.config.BASE_URL, bodyHtml: paragraphs(call.body) });
        // A conditional put: a send that recorded it first keeps its own (and its links).
        await deps.outbox.record([outboxMessage(mailing('call', call.id), email, deps.now())]);
      }
      // A send at the same time marked them first: its email is the one recorded.
      if (!(await deps.experts.markSent(call.id, expert.id, languageFor(expert, call.languages ?? ['en']), by.at, by.job))) return 'alreadySent';
      await deps.experts.countCalled(expert.id, 'calledCount');
      return 'sent';
    },
    enqueue: (keys) => enqueueOrLeave(deps, keys),
    async finish(call, at) {
      const { sent } = await deps.experts.callWithAnswers(call.id);
      await deps.experts.updateCall(call.id, { status: 'sent', sentAt: call.sentAt ?? at, sentCount: sent.length });
    },
  };
}

/** Where a leader follows a call's send. */
export const callSendLocation = (groupId: string, callId: string, jobId: string) => `/api/groups/${groupId}/calls/${callId}/jobs/${jobId}`;

/**
 * Sends the call: the request checks it (the caller leads the group, the call is open), records a
 * job and answers where to follow it; the job (core/experts/send-job.ts) records one email per
 * matching expert in the outbox, never twice, and the send worker sends them at the SES pace.
 * Pressing again starts another job, which mails only experts who matched since.
 */
export async function sendCall(deps: Pick<Deps, 'experts' | 'jobQueue' | 'jobs' | 'now'>, session: Session, groupId: string, callId: string) {
  const { call } = await callOfGroup(deps, session, groupId, callId);
  const now = deps.now();
  assertOpen(call, now);
  const matches = (await matchingExperts(deps, call)).length;
  const at = now.toISOString();
  const id = `j${newId(now, newSecret(6))}`;
  const first = { phase: 'send', cursor: 0 };
  const params: CallSendParams = { callId, groupId, at };
  await deps.jobs.create({ id, kind: CALL_SEND_JOB, state: 'running', ...first, total: matches, counters: {}, params, createdBy: session.email, createdAt: at, startedAt: at, updatedAt: at });
  await deps.jobQueue.enqueue({ job: id, ...first });
  return { call: callId, job: id, state: 'running' as const, location: callSendLocation(groupId, callId, id), matches };
}

/** A call's send job, to the group's leaders and the secretariat: another call's job is as unknown as a made-up one. */
export async function callSendStatus(deps: Pick<Deps, 'experts' | 'jobs' | 'now'>, session: Session, groupId: string, callId: string, jobId: string, say: RefusalWords) {
  await callOfGroup(deps, session, groupId, callId);
  const job = await deps.jobs.get(jobId);
  const view = job?.kind === CALL_SEND_JOB ? callSendJobView(job) : undefined;
  if (!job || view?.callId !== callId) throw new NotFoundError('import.noJob', { id: jobId });
  return { ...jobView(job, say), kind: CALL_SEND_JOB, ...view };
}

/** What the expert's answer page shows: the call, and their answer so far. */
export async function callForAnswer(deps: Pick<Deps, 'experts' | 'now' | 'partnership'>, token: string) {
  const { expert, record } = await expertFromToken(deps, token, 'answer');
  const view = await deps.experts.callWithAnswers(record.callId ?? '');
  if (!view.call) throw new NotFoundError('expert.callGone');
  const group = await deps.partnership.getGroup(view.call.groupId);
  const mine = view.responses.find((r) => r.expertId === expert.id);
  const { title, body, topics, deadline } = view.call;
  return {
    call: { id: view.call.id, title, body, topics, deadline, group: group?.name ?? view.call.groupId, open: Date.parse(deadline) > deps.now().getTime() },
    expert: { name: expert.name },
    answer: mine ? { interested: mine.interested, message: mine.message, at: mine.at } : null,
  };
}

export async function answerCall(deps: PoolPorts, token: string, answer: { interested: boolean; message: string }, callId: string) {
  const { expert, record } = await expertFromToken(deps, token, 'answer');
  if (record.callId !== callId) throw new NotFoundError('expert.linkOtherCall');
  const view = await deps.experts.callWithAnswers(callId);
  if (!view.call) throw new NotFoundError('expert.callGone');
  assertOpen(view.call, deps.now());
  const first = await deps.experts.putResponse({ callId: view.call.id, expertId: expert.id, interested: answer.interested, message: answer.message, at: deps.now().toISOString() });
  if (first) await deps.experts.countCalled(expert.id, 'answeredCount');
  return { interested: answer.interested };
}

/** The leaders' view of a call: who it went to and what they answered. */
export async function callWithResponses(deps: PoolPorts, session: Session, groupId: string, callId: string) {
  const { call, sent, responses } = await callOfGroup(deps, session, groupId, callId);
  const experts = new Map((await deps.experts.getExperts(responses.map((r) => r.expertId))).map((e) => [e.id, e]));
  return {
    call,
    sentCount: sent.length,
    responses: responses
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((r) => {
        const expert = experts.get(r.expertId);
        return {
          expertId: r.expertId,
          name: expert?.name ?? 'Former expert',
          organisation: expert?.organisation ?? '',
          organisationType: expert?.organisationType ?? 'other',
          country: expert?.country ?? '',
          email: expert?.status === 'left' ? '' : (expert?.email ?? ''),
          interested: r.interested,
          message: r.message,
          at: r.at,
        };
      }),
  };
}

/**
 * A leader invites a respondent into the group as a contributor until a date. Leaders hold no
 * power over the register of members (the secretariat's), so this grants exactly one thing: a
 * contributor membership of the leader's own group, ending within MAX_CONTRIBUTION_DAYS. A person
 * created here exists only as a contributor (the member record carries the latest end), so when
 * every contribution has ended they no longer sign in. Someone already in the group keeps what
 * they have; a contributor invited again gets the later end.
 */
export async function inviteContributor(deps: Pick<Deps, 'audit' | 'auth' | 'config' | 'experts' | 'forums' | 'ledger' | 'mailer' | 'now' | 'partnership'>, session: Session, groupId: string, callId: string, expertId: string, requestedUntil: string) {
  const { call, responses } = await callOfGroup(deps, session, groupId, callId);
  const now = deps.now();
  const until = contributionEnd(requestedUntil, now);
  const group = await deps.partnership.getGroup(groupId);
  if (!group) throw new NotFoundError('group.noneSuch');
  if (group.archived) throw new ConflictError('group.archivedNoJoining', { group: group.name });
  if (!responses.some((r) => r.expertId === expertId && r.interested)) {
    throw new RuleViolationError('expert.interestedOnly', {}, { field: 'expertId' });
  }
  const expert = await deps.experts.getExpert(expertId);
  if (!expert || expert.status !== 'confirmed') throw new NotFoundError('expert.notInPool');
  const at = now.toISOString();
  // A new person is a contributor only; an existing record is never rewritten (secretariat flag, name, mark).
  const created = await deps.partnership.addMember({
    email: expert.email,
    name: expert.name,
    organisation: expert.organisation,
    country: expert.country,
    language: expert.languages[0] ?? 'en',
    secretariat: false,
    contributorUntil: until,
    createdAt: at,
  });
  if (!(await deps.partnership.addMembership({ groupId, email: expert.email, role: 'contributor', since: at, until }))) {
    const outcome = await deps.partnership.extendContribution(groupId, expert.email, until);
    if (!outcome.extended) {
      const existing = outcome.existing;
      const details = { role: existing?.role ?? null, until: existing?.until ?? null };
      throw existing?.role === 'contributor' && existing.until
        ? new ConflictError('expert.contributorUntil', { group: group.name, until: existing.until }, details)
        : new ConflictError('expert.alreadyIn', { group: group.name }, details);
    }
  }
  // Someone who was already only a contributor now lasts until the latest of their contributions.
  if (!created) await deps.partnership.extendContributorMark(expert.email, until);
  await recordAudit(deps, session, { action: 'member.invited', groupId, subject: expert.email, details: { role: 'contributor', until, call: call.id, newMember: String(created) } });
  await refreshSessions(deps, expert.email);
  const invitationSent = await sendInvitation(deps, expert.email, `${group.name} (as a contributor until ${until.slice(0, 10)})`);
  return { email: expert.email, role: 'contributor' as const, until, call: call.id, invitationSent };
}

/**
 * What calls for cooperation reached in a period, for the outreach view: calls sent and answered,
 * the experts reached by type and country, and the partnership's topics no confirmed expert covers.
 */
export async function callsReach(deps: Pick<Deps, 'experts' | 'partnership'>, period: { from: Date; to: Date }) {
  const groups = await deps.partnership.listGroups();
  const calls = (await Promise.all(groups.map((g) => deps.experts.callsOfGroup(g.id))))
    .flat()
    .filter((call) => call.sentAt && Date.parse(call.sentAt) >= period.from.getTime() && Date.parse(call.sentAt) <= period.to.getTime());
  const views = await Promise.all(calls.map((call) => deps.experts.callWithAnswers(call.id)));
  const reachedIds = [...new Set(views.flatMap((v) => v.sent.map((s) => s.expertId)))];
  const reached = await deps.experts.getExperts(reachedIds);
  const coverage = await Promise.all(
    topics.map(async (topic) => ({ topic, covered: (await deps.experts.candidates([topic])).some((e) => e.status === 'confirmed') })),
  );
  return {
    sent: calls.length,
    emails: views.reduce((sum, v) => sum + v.sent.length, 0),
    answers: views.reduce((sum, v) => sum + v.responses.length, 0),
    interested: views.reduce((sum, v) => sum + v.responses.filter((r) => r.interested).length, 0),
    byType: countBy(reached, (e) => e.organisationType),
    byCountry: countBy(reached, (e) => e.country),
    topicsWithoutExpert: coverage.filter((c) => !c.covered).map((c) => c.topic),
  };
}
