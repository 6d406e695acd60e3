import {
  agreedWithin,
  assertMayManage,
  assertMayReadRegister,
  assertWithdrawable,
  changedAgreement,
  changedFields,
  matchesQuery,
  mayManageAgreements,
  newAgreement,
  registerOrder,
  type Agreement,
  type AgreementChange,
  type MarkAgreement,
  type RegisterQuery,
} from '../../core/agreements/agreement.ts';
import { publicAgreement, registerCsv, registerEntry, registerMarkdown, type RegisterEntry } from '../../core/agreements/register.ts';
import { can, roleIn, type Session } from '../../core/auth/session.ts';
import { InvalidFieldError, NotFoundError } from '../../core/errors.ts';
import type { AgreementAction } from '../../core/members/audit.ts';
import type { Deps } from '../deps.ts';
import { visiblePost } from './forums.ts';
import { recordAuditAs } from './membership.ts';

async function groupNames(deps: Pick<Deps, 'partnership'>): Promise<Record<string, string>> {
  return Object.fromEntries((await deps.partnership.listGroups()).map((g) => [g.id, g.name]));
}

/** Each group an agreement binds must exist (an archived group may still be bound by what it agreed). */
function checkBindingGroups(ids: readonly string[] | undefined, names: Record<string, string>) {
  const unknown = (ids ?? []).filter((id) => names[id] === undefined);
  if (unknown.length > 0) throw new InvalidFieldError('bindingGroups', 'agreement.unknownGroups', { groups: unknown.join(', ') });
}

function audit(deps: Pick<Deps, 'audit' | 'config' | 'now'>, session: Session, action: AgreementAction, agreement: Agreement, details: Record<string, string>) {
  const by = session.secretariat ? 'secretariat' : 'leader';
  return recordAuditAs(deps, session.name, { action, groupId: agreement.groupId, details: { by, agreement: agreement.id, thread: agreement.threadId, title: agreement.title, state: agreement.state, ...details } });
}

/** An agreement a reader of the register may see: withheld ones (their decision hidden or deleted) are not there. */
async function existing(deps: Pick<Deps, 'agreements'>, id: string) {
  const agreement = await deps.agreements.get(id);
  if (!agreement || agreement.withheld) throw new NotFoundError('agreement.none');
  return agreement;
}

function entryFor(deps: Pick<Deps, 'now'>, session: Session, agreement: Agreement, names: Record<string, string>, titles: Record<string, string>): RegisterEntry {
  const now = deps.now();
  return registerEntry(agreement, {
    groupNames: names,
    titles,
    readsThread: can.read(roleIn(session, agreement.groupId, now), session.secretariat),
    canChange: mayManageAgreements(session, agreement.groupId, now),
  });
}

/** Marks a recorded decision of the caller's group as an agreement (its leaders and the secretariat). */
export async function markAgreement(deps: Pick<Deps, 'agreements' | 'audit' | 'config' | 'forums' | 'now' | 'partnership'>, session: Session, threadId: string, postId: string, input: MarkAgreement) {
  const post = await visiblePost(deps, session, threadId, postId);
  assertMayManage(session, post.groupId, deps.now());
  const names = await groupNames(deps);
  checkBindingGroups(input.bindingGroups, names);
  const agreement = newAgreement(
    { ...post, decision: post.decision !== undefined, hidden: post.hidden !== undefined, deleted: post.deletedAt !== undefined },
    input,
    session.name,
    deps.now(),
  );
  await deps.agreements.create(agreement);
  await audit(deps, session, 'agreement.marked', agreement, { bindingGroups: agreement.bindingGroups.join(', '), public: String(agreement.public), ...(agreement.agreedOn ? { agreedOn: agreement.agreedOn } : {}) });
  return entryFor(deps, session, agreement, names, {});
}

export async function changeAgreement(deps: Pick<Deps, 'agreements' | 'audit' | 'config' | 'now' | 'partnership'>, session: Session, id: string, change: AgreementChange) {
  assertMayReadRegister(session);
  const current = await existing(deps, id);
  assertMayManage(session, current.groupId, deps.now());
  const names = await groupNames(deps);
  checkBindingGroups(change.bindingGroups, names);
  const replacement = change.supersededBy === undefined ? undefined : await deps.agreements.get(change.supersededBy);
  const next = changedAgreement(current, change, replacement, session.name, deps.now());
  const fields = changedFields(current, next);
  if (fields.length === 0) return entryFor(deps, session, current, names, replacement ? { [replacement.id]: replacement.title } : {});
  await deps.agreements.replace(next, current.changedAt);
  await audit(deps, session, 'agreement.changed', next, {
    changed: fields.join(', '),
    ...(fields.includes('state') ? { from: current.state } : {}),
    ...(next.supersededBy ? { supersededBy: next.supersededBy } : {}),
    ...(fields.includes('public') ? { public: String(next.public) } : {}),
  });
  return entryFor(deps, session, next, names, replacement ? { [replacement.id]: replacement.title } : {});
}

/** Withdraws a proposal that was never agreed (an agreed agreement is superseded instead). */
export async function withdrawAgreement(deps: Pick<Deps, 'agreements' | 'audit' | 'config' | 'now'>, session: Session, id: string) {
  assertMayReadRegister(session);
  const current = await existing(deps, id);
  assertMayManage(session, current.groupId, deps.now());
  assertWithdrawable(current);
  await deps.agreements.remove(id);
  await audit(deps, session, 'agreement.withdrawn', current, {});
  return { id, withdrawn: true as const };
}

/** The register across every group, as this member reads it, filtered. */
export async function register(deps: Pick<Deps, 'agreements' | 'now' | 'partnership'>, session: Session, query: RegisterQuery) {
  assertMayReadRegister(session);
  const [all, names] = await Promise.all([deps.agreements.all(), groupNames(deps)]);
  const readable = all.filter((a) => !a.withheld);
  const titles = Object.fromEntries(readable.map((a) => [a.id, a.title]));
  return readable
    .filter((a) => matchesQuery(a, query, names))
    .sort(registerOrder)
    .map((a) => entryFor(deps, session, a, names, titles));
}

/** The working groups an agreement can bind and the register can be searched by (names only: the Actions are public). */
export async function groupsToName(deps: Pick<Deps, 'partnership'>, session: Session) {
  assertMayReadRegister(session);
  return (await deps.partnership.listGroups()).filter((g) => !g.archived).map((g) => ({ id: g.id, name: g.name })).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/** What the filters were, in words, for the head of an export. */
function describeFilters(query: RegisterQuery) {
  return [query.q ? `text "${query.q}"` : '', query.group ? `group ${query.group}` : '', query.state ? `state ${query.state}` : ''].filter(Boolean).join(', ');
}

export async function registerExport(deps: Pick<Deps, 'agreements' | 'config' | 'now' | 'partnership'>, session: Session, query: RegisterQuery, format: 'csv' | 'md') {
  const entries = await register(deps, session, query);
  const base = deps.config.BASE_URL.replace(/\/$/, '');
  return format === 'csv' ? registerCsv(entries, base) : registerMarkdown(entries, deps.now(), base, describeFilters(query));
}

/** The agreements marked public, for the public site: no session, nothing about members. */
export async function publicAgreements(deps: Pick<Deps, 'agreements' | 'partnership'>) {
  const [listed, names] = await Promise.all([deps.agreements.publicOnes(), groupNames(deps)]);
  const shown = listed.filter((a) => a.public && !a.withheld).sort(registerOrder);
  const ids = new Set(shown.map((a) => a.id));
  return shown.map((a) => publicAgreement(a, names, ids));
}

/** The agreements agreed within a period, for the plenary brief, oldest first. */
export async function agreedBetween(deps: Pick<Deps, 'agreements' | 'partnership'>, from: string, to: string) {
  const [all, names] = await Promise.all([deps.agreements.all(), groupNames(deps)]);
  return all
    .filter((a) => agreedWithin(a, from, to))
    .sort((a, b) => a.agreedOn!.localeCompare(b.agreedOn!) || a.markedAt.localeCompare(b.markedAt))
    .map((a) => ({ id: a.id, title: a.title, text: a.text, state: a.state, agreedOn: a.agreedOn!, group: names[a.groupId] ?? a.groupId, bindingGroups: a.bindingGroups.map((g) => names[g] ?? g), public: a.public }));
}

/** Moderation reaches the register: a hidden or deleted decision withholds its agreement. */
export async function withholdAgreementOf(deps: Pick<Deps, 'agreements'>, postId: string, withheld: boolean) {
  await deps.agreements.setWithheld(postId, withheld);
}
