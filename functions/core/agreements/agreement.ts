import { z } from 'zod';
import { can, roleIn, type Session } from '../auth/session.ts';
import { ConflictError, ForbiddenError, RuleViolationError } from '../errors.ts';
import { stateNamed } from '../refusals.ts';
import { groupIdSchema } from '../groups/group.ts';
import { threadTitleSchema } from '../forums/forum.ts';

/**
 * An agreement: a group's recorded decision that binds one or more working groups. The register
 * keeps it through its life: proposed, then agreed on a date, then (perhaps) superseded by a later
 * agreement it names. Partners point to it, so an agreed agreement is never rewritten nor removed:
 * it is only replaced.
 */
export const agreementStates = ['proposed', 'agreed', 'superseded'] as const;
export const agreementStateSchema = z.enum(agreementStates);
export type AgreementState = z.infer<typeof agreementStateSchema>;

/** An agreement is named by the decision it records: the post's id. */
export const agreementIdSchema = z.string().regex(/^[A-Za-z0-9_-]{10,40}$/, 'field.agreementId');

const agreedOnSchema = z.iso.date('field.dateDay');
const bindingGroupsSchema = z
  .array(groupIdSchema)
  .min(1, 'field.bindingGroups')
  .max(20, 'field.atMost20Groups')
  .transform((ids) => [...new Set(ids)]);

/** What a leader or the secretariat gives when marking a decision as an agreement. */
export const markAgreementSchema = z.object({
  /** Defaults to the thread's title: most decisions are the conclusion of their thread. */
  title: threadTitleSchema.optional(),
  state: z.enum(['proposed', 'agreed'], { message: 'field.agreementState' }),
  bindingGroups: bindingGroupsSchema,
  agreedOn: agreedOnSchema.optional(),
  public: z.boolean().default(false),
});
export type MarkAgreement = z.infer<typeof markAgreementSchema>;

/** A change: any of the fields; `supersededBy` goes with the state `superseded`. */
export const changeAgreementSchema = z
  .object({
    title: threadTitleSchema.optional(),
    state: agreementStateSchema.optional(),
    bindingGroups: bindingGroupsSchema.optional(),
    agreedOn: agreedOnSchema.optional(),
    supersededBy: agreementIdSchema.optional(),
    public: z.boolean().optional(),
  })
  .refine((change) => Object.values(change).some((v) => v !== undefined), 'field.oneChange');
export type AgreementChange = z.infer<typeof changeAgreementSchema>;

/** The register's filters: free text, one group (originating or bound), one state. */
export const registerQuerySchema = z.object({
  q: z.string().trim().max(200, 'field.atMost200').optional(),
  group: groupIdSchema.optional(),
  state: agreementStateSchema.optional(),
});
export type RegisterQuery = z.infer<typeof registerQuerySchema>;

export interface Agreement {
  /** The decision's post id. */
  id: string;
  /** The group whose decision it is: its leaders and the secretariat manage the agreement. */
  groupId: string;
  threadId: string;
  title: string;
  /** The decision's words when it was marked (Markdown), and their sanitized HTML: what was agreed stays as agreed. */
  text: string;
  html: string;
  state: AgreementState;
  bindingGroups: string[];
  /** Set once agreed (YYYY-MM-DD, the day the groups agreed, not the day it was typed in). */
  agreedOn?: string;
  /** The agreement that replaces this one, once superseded. */
  supersededBy?: string;
  public: boolean;
  markedAt: string;
  markedBy: string;
  changedAt: string;
  changedBy: string;
  /** Set while the decision's post is hidden by a moderator or deleted: then nobody reads the agreement. */
  withheld?: boolean;
}

/** Who may mark and change a group's agreements: its leaders and the secretariat. */
export function mayManageAgreements(session: Session, groupId: string, now: Date): boolean {
  return can.moderate(roleIn(session, groupId, now), session.secretariat);
}

export function assertMayManage(session: Session, groupId: string, now: Date) {
  if (!mayManageAgreements(session, groupId, now)) throw new ForbiddenError('agreement.managers');
}

/**
 * Who reads the register: the partnership's members (every role in any group, or none yet) and the
 * secretariat. A contributor is let into one group for one piece of work, not into the partnership's
 * commitments.
 */
export function mayReadRegister(session: Session): boolean {
  return session.secretariat || session.contributorUntil === undefined;
}

export function assertMayReadRegister(session: Session) {
  if (!mayReadRegister(session)) throw new ForbiddenError('agreement.registerMembers');
}

const today = (now: Date) => now.toISOString().slice(0, 10);

/** The date checks shared by marking and changing. */
function checkAgreedOn(state: AgreementState, agreedOn: string | undefined, now: Date) {
  if (state === 'proposed' && agreedOn !== undefined) throw new RuleViolationError('agreement.proposedNoDate', {}, { field: 'agreedOn' });
  if (state !== 'proposed' && agreedOn === undefined) throw new RuleViolationError('agreement.agreedNeedsDate', {}, { field: 'agreedOn' });
  if (agreedOn !== undefined && agreedOn > today(now)) throw new RuleViolationError('agreement.dateFuture', { today: today(now) }, { field: 'agreedOn', latest: today(now) });
}

/** The decision as the rules need it: its words, and whether it can be agreed on at all. */
export interface DecisionPost {
  id: string;
  groupId: string;
  threadId: string;
  threadTitle: string;
  body: string;
  html: string;
  decision: boolean;
  hidden: boolean;
  deleted: boolean;
}

/** A new agreement from a recorded decision. */
export function newAgreement(post: DecisionPost, input: MarkAgreement, by: string, now: Date): Agreement {
  if (post.deleted) throw new ConflictError('agreement.postDeleted');
  if (post.hidden) throw new ConflictError('agreement.postHidden');
  if (!post.decision) throw new ConflictError('agreement.decisionFirst');
  checkAgreedOn(input.state, input.agreedOn, now);
  const at = now.toISOString();
  return {
    id: post.id,
    groupId: post.groupId,
    threadId: post.threadId,
    title: input.title ?? post.threadTitle,
    text: post.body,
    html: post.html,
    state: input.state,
    bindingGroups: input.bindingGroups,
    ...(input.agreedOn ? { agreedOn: input.agreedOn } : {}),
    public: input.public,
    markedAt: at,
    markedBy: by,
    changedAt: at,
    changedBy: by,
  };
}

/** Which state may follow which: forwards only, and a superseded agreement stays as it is. */
const transitions: Record<AgreementState, readonly AgreementState[]> = {
  proposed: ['proposed', 'agreed'],
  agreed: ['agreed', 'superseded'],
  superseded: [],
};

export function mayMove(from: AgreementState, to: AgreementState): boolean {
  return transitions[from].includes(to);
}

/**
 * An agreement after a change. `replacement` is the agreement named by `supersededBy`, read by the
 * caller; it must be a different, agreed agreement (so supersession never runs in a circle: a
 * superseded agreement replaces nothing).
 */
export function changedAgreement(current: Agreement, change: AgreementChange, replacement: Agreement | undefined, by: string, now: Date): Agreement {
  if (current.state === 'superseded') throw current.supersededBy ? new ConflictError('agreement.supersededBy', { by: current.supersededBy }) : new ConflictError('agreement.superseded');
  const state = change.state ?? current.state;
  if (!mayMove(current.state, state)) {
    const why = state === 'proposed' ? 'agreement.neverBackToProposal' : 'agreement.onlyAgreedSuperseded';
    throw new ConflictError(why, { from: stateNamed('agreement', current.state), to: stateNamed('agreement', state) }, { from: current.state, to: state });
  }
  if (change.supersededBy !== undefined && state !== 'superseded') throw new RuleViolationError('agreement.supersededByWithState', {}, { field: 'supersededBy' });
  if (state === 'superseded') {
    if (change.supersededBy === undefined) throw new RuleViolationError('agreement.namesReplacement', {}, { field: 'supersededBy' });
    if (change.supersededBy === current.id) throw new RuleViolationError('agreement.notItself', {}, { field: 'supersededBy' });
    if (!replacement || replacement.withheld) throw new RuleViolationError('agreement.replacementUnknown', {}, { field: 'supersededBy' });
    if (replacement.state !== 'agreed') throw new RuleViolationError('agreement.replacementNotAgreed', { state: stateNamed('agreement', replacement.state) }, { field: 'supersededBy' });
  }
  if (current.state !== 'proposed' && change.title !== undefined && change.title !== current.title) {
    throw new ConflictError('agreement.keepsTitle');
  }
  const agreedOn = change.agreedOn ?? current.agreedOn;
  if (current.state === 'agreed' && change.agreedOn !== undefined && change.agreedOn !== current.agreedOn) {
    throw new ConflictError('agreement.dateFixed');
  }
  checkAgreedOn(state, agreedOn, now);
  const next: Agreement = {
    ...current,
    title: change.title ?? current.title,
    state,
    bindingGroups: change.bindingGroups ?? current.bindingGroups,
    public: change.public ?? current.public,
    changedAt: now.toISOString(),
    changedBy: by,
  };
  if (agreedOn !== undefined) next.agreedOn = agreedOn;
  if (state === 'superseded') next.supersededBy = change.supersededBy!;
  return next;
}

/** Only a proposal leaves the register: an agreed agreement is superseded, never removed. */
export function assertWithdrawable(agreement: Agreement) {
  if (agreement.state !== 'proposed') throw new ConflictError('agreement.onlyProposedWithdrawn', { state: stateNamed('agreement', agreement.state) });
}

/** The field names of a change that actually changed something, for the audit log. */
export function changedFields(before: Agreement, after: Agreement): string[] {
  const fields = ['title', 'state', 'bindingGroups', 'agreedOn', 'supersededBy', 'public'] as const;
  return fields.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}

/** Whether an agreement is found by the register's filters; `groupNames` lets the text match a group's name. */
export function matchesQuery(agreement: Agreement, query: RegisterQuery, groupNames: Record<string, string>): boolean {
  if (query.state && agreement.state !== query.state) return false;
  if (query.group && agreement.groupId !== query.group && !agreement.bindingGroups.includes(query.group)) return false;
  const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [agreement.title, agreement.text, groupNames[agreement.groupId] ?? '', ...agreement.bindingGroups.map((g) => groupNames[g] ?? g)].join(' ').toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** The register's order: the most recently agreed first, proposals (no date yet) on top. */
export function registerOrder(a: Agreement, b: Agreement): number {
  const day = (x: Agreement) => x.agreedOn ?? '9999-99-99';
  return day(b).localeCompare(day(a)) || b.markedAt.localeCompare(a.markedAt);
}

/** Agreed within a period (both days included): what the plenary brief lists. Superseded since counts, it was agreed then. */
export function agreedWithin(agreement: Agreement, from: string, to: string): boolean {
  return !agreement.withheld && agreement.agreedOn !== undefined && agreement.agreedOn >= from && agreement.agreedOn <= to;
}
