import { randomUUID } from 'node:crypto';
import type { Session } from '../../core/auth/session.ts';
import { recipientKeyOf } from '../../core/deliveries/delivery.ts';
import { activeMemberships, standsNow } from '../../core/groups/standing.ts';
import { inLanes } from '../../core/lanes.ts';
import { mailing, outboxMessage, type OutboxMessage } from '../../core/outbox/message.ts';
import type { Member } from '../../core/members/member.ts';
import { logLine } from '../../core/privacy/log-line.ts';
import {
  assertMeetingDate,
  connectionsCsv,
  connectionsOverview,
  OUTSIDE_EVENT_PREFIX,
  outsideReport,
  outsideRequestEmail,
  requestPeriod,
  type ParsedOutsideInput,
  type RequestSetting,
} from '../../core/reports/outside.ts';
import type { Deps } from '../deps.ts';
import { recordAudit } from './membership.ts';
import { queueMessages } from './outbox.ts';
import { reportId } from './reports.ts';

/** How far back the connections overview reads accepted reports. */
const OVERVIEW_DAYS = 2 * 365;

/**
 * A member's report on a meeting outside the hub: a developments report with no hub event, so it
 * takes the same review queue (`deps.reports`), review and brief. Each report is a new one.
 */
export async function submitOutsideReport(deps: Pick<Deps, 'now' | 'partnership' | 'reports'>, session: Session, input: ParsedOutsideInput) {
  const now = deps.now();
  assertMeetingDate(input.date, now);
  const member = await deps.partnership.getMember(session.email);
  const eventId = `${OUTSIDE_EVENT_PREFIX}${randomUUID()}`;
  const author = { email: session.email, name: member?.name ?? session.name, organisation: member?.organisation ?? '' };
  const report = outsideReport(input, { eventId, id: reportId(eventId, session.email) }, author, now);
  await deps.reports.submit(report);
  return report;
}

/** The Partnership's connections: accepted reports of the last two years that name an outside body. */
export async function connections(deps: Pick<Deps, 'now' | 'reports'>) {
  const now = deps.now();
  const from = new Date(now.getTime() - OVERVIEW_DAYS * 86_400_000).toISOString();
  const reports = await deps.reports.reviewedBetween('accepted', from, '9999-12-31T23:59:59.999Z');
  return connectionsOverview(reports, now);
}

export async function connectionsSpreadsheet(deps: Pick<Deps, 'now' | 'reports'>) {
  return connectionsCsv((await connections(deps)).connections);
}

const OFF: RequestSetting = { every: 'off' };

export async function requestSetting(deps: Pick<Deps, 'now' | 'outsideRequests'>) {
  const stored = await deps.outsideRequests.setting();
  const setting = stored?.setting ?? OFF;
  return { setting, ...(stored ? { changedAt: stored.at } : {}), currentPeriod: requestPeriod(setting, deps.now()) ?? null };
}

export async function changeRequestSetting(deps: Pick<Deps, 'audit' | 'config' | 'now' | 'outsideRequests'>, session: Session, setting: RequestSetting) {
  await deps.outsideRequests.saveSetting({ setting, by: session.email, at: deps.now().toISOString() });
  await recordAudit(deps, session, { action: 'outside-request.changed', details: { every: setting.every, ...(setting.every === 'weeks' ? { weeks: String(setting.weeks) } : {}) } });
  return requestSetting(deps);
}

/**
 * Who is asked: every member who still stands now (core/groups/standing.ts), read from the list of
 * members itself, so a member in no group yet is asked too: the secretariat, everyone with a lasting
 * place, and a contributor while a contribution runs. Profiles stored before that list existed carry
 * no entry in it; the memberships of the groups still reach them.
 */
async function activeMembers(deps: Pick<Deps, 'now' | 'partnership'>) {
  const now = deps.now();
  const listed = await deps.partnership.listMembers();
  const byEmail = new Map(listed.map((m) => [m.email, m]));
  for (const group of await deps.partnership.listGroups()) {
    for (const m of await deps.partnership.membersOf(group.id)) {
      if (byEmail.has(m.email)) continue;
      const member = await deps.partnership.getMember(m.email);
      if (member) byEmail.set(m.email, member);
    }
  }
  const standing: Member[] = [];
  await inLanes([...byEmail.values()], 8, async (member) => {
    // Only a contributor's standing depends on their memberships; nobody else's needs them read.
    const memberships = member.contributorUntil === undefined || member.secretariat ? [] : activeMemberships(await deps.partnership.groupsOf(member.email), now);
    if (standsNow(member, memberships, now)) standing.push(member);
  });
  return standing.sort((a, b) => a.email.localeCompare(b.email));
}

/**
 * The "outside-request" job: in a period the secretariat set (monthly, every N weeks), each active
 * member gets one email with the link to the outside-meeting form. The email is recorded in the
 * outbox (keyed by the period and the member's hash) and the member marked for the period; a rerun
 * skips the marked, and the outbox's key stops a double while a mark is still being written.
 */
export async function runOutsideRequest(deps: Pick<Deps, 'config' | 'ledger' | 'now' | 'outbox' | 'outboxQueue' | 'outsideRequests' | 'partnership'>) {
  const now = deps.now();
  const result = { due: 0, queued: 0, skipped: 0, suppressed: 0 };
  const stored = await deps.outsideRequests.setting();
  const period = requestPeriod(stored?.setting ?? OFF, now);
  if (!period) return result;
  result.due = 1;
  const marked = await deps.outsideRequests.markedIn(period);
  const of = mailing('outside-request', period);
  const messages: OutboxMessage[] = [];
  for (const member of await activeMembers(deps)) {
    const recipientKey = recipientKeyOf(member.email);
    if (marked.has(recipientKey)) {
      result.skipped++;
      continue;
    }
    if (!(await deps.ledger.mayMail(member.email, 'events'))) {
      // Marked all the same, so a later run does not ask again.
      await deps.outsideRequests.mark(period, recipientKey, now);
      result.suppressed++;
      logLine('info', 'outside request not sent: the person asked not to be mailed', { period, recipientKey });
      continue;
    }
    messages.push(outboxMessage(of, outsideRequestEmail(member, { baseUrl: deps.config.BASE_URL }), now));
  }
  const { written, existing } = await queueMessages(deps, messages);
  result.queued = written.length;
  result.skipped += existing.length;
  await inLanes(messages, 8, async (message) => {
    await deps.outsideRequests.mark(period, message.recipientKey, now);
  });
  return result;
}
