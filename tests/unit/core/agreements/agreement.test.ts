import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agreedWithin,
  agreementStates,
  assertWithdrawable,
  changeAgreementSchema,
  changedAgreement,
  changedFields,
  markAgreementSchema,
  matchesQuery,
  mayManageAgreements,
  mayMove,
  mayReadRegister,
  newAgreement,
  registerOrder,
  type Agreement,
  type DecisionPost,
} from '../../../../functions/core/agreements/agreement.ts';
import { publicAgreement, registerCsv, registerEntry, registerMarkdown } from '../../../../functions/core/agreements/register.ts';
import type { Session } from '../../../../functions/core/auth/session.ts';
import { ConflictError, RuleViolationError } from '../../../../functions/core/errors.ts';
import type { GroupRole } from '../../../../functions/core/groups/group.ts';

const now = new Date('2027-03-10T12:00:00Z');
const session = (groups: { groupId: string; role: GroupRole; until?: string }[], extra: Partial<Session> = {}): Session => ({
  idHash: 'h',
  email: 'someone@example.org',
  name: 'Someone',
  secretariat: false,
  groups,
  createdAt: now.toISOString(),
  expiresAt: now.getTime() / 1000 + 3600,
  ...extra,
});
const decision: DecisionPost = {
  id: 'post0000000001',
  groupId: 'action-5',
  threadId: 'thread00000001',
  threadTitle: 'Shared guardianship training',
  body: 'Athens and Berlin pilot a **shared** training.',
  html: '<p>Athens and Berlin pilot a <strong>shared</strong> training.</p>',
  decision: true,
  hidden: false,
  deleted: false,
};
const mark = (input: Record<string, unknown>) => markAgreementSchema.parse({ state: 'agreed', bindingGroups: ['action-5'], agreedOn: '2027-03-01', ...input });
const agreed = (over: Partial<Agreement> = {}): Agreement => ({ ...newAgreement(decision, mark({}), 'Leader Five', now), ...over });
const change = (input: Record<string, unknown>) => changeAgreementSchema.parse(input);

describe('who may mark agreements and read the register', () => {
  it("lets the group's leaders and the secretariat manage, and nobody else", () => {
    expect(mayManageAgreements(session([{ groupId: 'action-5', role: 'leader' }]), 'action-5', now)).toBe(true);
    expect(mayManageAgreements(session([], { secretariat: true }), 'action-5', now)).toBe(true);
    for (const role of ['member', 'observer', 'contributor'] as const) expect(mayManageAgreements(session([{ groupId: 'action-5', role }]), 'action-5', now)).toBe(false);
  });

  it("refuses a leader of another group, and a leader whose place ended", () => {
    expect(mayManageAgreements(session([{ groupId: 'action-6', role: 'leader' }]), 'action-5', now)).toBe(false);
    expect(mayManageAgreements(session([{ groupId: 'action-5', role: 'leader', until: '2027-03-01T00:00:00Z' }]), 'action-5', now)).toBe(false);
  });

  it('lets every member read the register, in any group or none, but not someone who is only a contributor', () => {
    expect(mayReadRegister(session([{ groupId: 'action-1', role: 'observer' }]))).toBe(true);
    expect(mayReadRegister(session([]))).toBe(true);
    expect(mayReadRegister(session([], { secretariat: true }))).toBe(true);
    expect(mayReadRegister(session([{ groupId: 'action-1', role: 'contributor' }], { contributorUntil: '2027-06-01T00:00:00Z' }))).toBe(false);
  });
});

describe('marking a decision as an agreement', () => {
  it("keeps the decision's words as they were when marked, titled by its thread unless given a title", () => {
    const agreement = agreed();
    expect(agreement).toMatchObject({ id: decision.id, groupId: 'action-5', title: 'Shared guardianship training', text: decision.body, html: decision.html, state: 'agreed', agreedOn: '2027-03-01', public: false, markedBy: 'Leader Five' });
    expect(newAgreement(decision, mark({ title: 'Guardianship pilot' }), 'L', now).title).toBe('Guardianship pilot');
  });

  it('marks only a recorded decision that is neither hidden nor deleted', () => {
    expect(() => newAgreement({ ...decision, decision: false }, mark({}), 'L', now)).toThrow(ConflictError);
    expect(() => newAgreement({ ...decision, hidden: true }, mark({}), 'L', now)).toThrow(/hidden/);
    expect(() => newAgreement({ ...decision, deleted: true }, mark({}), 'L', now)).toThrow(/deleted/);
  });

  it('needs the day for an agreed one, none for a proposal, and never a day to come', () => {
    expect(() => newAgreement(decision, mark({ agreedOn: undefined }), 'L', now)).toThrow(RuleViolationError);
    expect(() => newAgreement(decision, mark({ state: 'proposed' }), 'L', now)).toThrow(/proposed agreement has no date/);
    expect(() => newAgreement(decision, mark({ agreedOn: '2027-03-11' }), 'L', now)).toThrow(/cannot be in the future: give 2027-03-10/);
    expect(newAgreement(decision, mark({ state: 'proposed', agreedOn: undefined }), 'L', now).agreedOn).toBeUndefined();
  });

  it('refuses input the schema does not know: a superseded start, no group, a bad date, a bad group id', () => {
    expect(markAgreementSchema.safeParse({ state: 'superseded', bindingGroups: ['action-5'] }).success).toBe(false);
    expect(markAgreementSchema.safeParse({ state: 'agreed', bindingGroups: [] }).success).toBe(false);
    expect(markAgreementSchema.safeParse({ state: 'agreed', bindingGroups: ['action-5'], agreedOn: '10/03/2027' }).success).toBe(false);
    expect(markAgreementSchema.safeParse({ state: 'agreed', bindingGroups: ['Action 5'] }).success).toBe(false);
    expect(markAgreementSchema.parse({ state: 'proposed', bindingGroups: ['action-5', 'action-5', 'action-6'] }).bindingGroups).toEqual(['action-5', 'action-6']);
    expect(changeAgreementSchema.safeParse({}).success).toBe(false);
  });
});

describe('states and transitions', () => {
  it('moves forwards only: proposed to agreed to superseded, and superseded is final', () => {
    const allowed = agreementStates.flatMap((from) => agreementStates.filter((to) => mayMove(from, to)).map((to) => `${from}>${to}`));
    expect(allowed).toEqual(['proposed>proposed', 'proposed>agreed', 'agreed>agreed', 'agreed>superseded']);
  });

  it('agrees a proposal on a day', () => {
    const proposal = agreed({ state: 'proposed', agreedOn: undefined });
    const next = changedAgreement(proposal, change({ state: 'agreed', agreedOn: '2027-03-09' }), undefined, 'Secretariat', now);
    expect(next).toMatchObject({ state: 'agreed', agreedOn: '2027-03-09', changedBy: 'Secretariat', changedAt: now.toISOString() });
    expect(changedFields(proposal, next)).toEqual(['state', 'agreedOn']);
    expect(() => changedAgreement(proposal, change({ state: 'agreed' }), undefined, 'S', now)).toThrow(/needs the day/);
  });

  it('never takes an agreed agreement back, nor changes its day or title', () => {
    expect(() => changedAgreement(agreed(), change({ state: 'proposed' }), undefined, 'S', now)).toThrow(/cannot go from agreed to proposed/);
    expect(() => changedAgreement(agreed(), change({ agreedOn: '2027-02-01' }), undefined, 'S', now)).toThrow(/does not change/);
    expect(() => changedAgreement(agreed(), change({ title: 'Something else' }), undefined, 'S', now)).toThrow(/keeps its title/);
  });

  it('lets an agreed agreement change whether it is public and the groups it binds', () => {
    const next = changedAgreement(agreed(), change({ public: true, bindingGroups: ['action-5', 'action-6'] }), undefined, 'S', now);
    expect(next).toMatchObject({ public: true, bindingGroups: ['action-5', 'action-6'], state: 'agreed' });
  });

  it('withdraws proposals only', () => {
    expect(() => assertWithdrawable(agreed({ state: 'proposed', agreedOn: undefined }))).not.toThrow();
    expect(() => assertWithdrawable(agreed())).toThrow(/Supersede it instead/);
  });
});

describe('superseding', () => {
  const replacement = agreed({ id: 'post0000000002', title: 'Guardianship training, second round', agreedOn: '2027-03-09' });

  it('names the agreed agreement that replaces it', () => {
    const next = changedAgreement(agreed(), change({ state: 'superseded', supersededBy: replacement.id }), replacement, 'L', now);
    expect(next).toMatchObject({ state: 'superseded', supersededBy: replacement.id, agreedOn: '2027-03-01' });
  });

  it('refuses without a replacement, with itself, an unknown one, a proposal or a superseded one', () => {
    const current = agreed();
    expect(() => changedAgreement(current, change({ state: 'superseded' }), undefined, 'L', now)).toThrow(/give `supersededBy`/);
    expect(() => changedAgreement(current, change({ state: 'superseded', supersededBy: current.id }), current, 'L', now)).toThrow(/cannot supersede itself/);
    expect(() => changedAgreement(current, change({ state: 'superseded', supersededBy: 'post0000000009' }), undefined, 'L', now)).toThrow(/names no agreement/);
    expect(() => changedAgreement(current, change({ state: 'superseded', supersededBy: replacement.id }), { ...replacement, state: 'proposed' }, 'L', now)).toThrow(/must be agreed; it is proposed/);
    expect(() => changedAgreement(current, change({ state: 'superseded', supersededBy: replacement.id }), { ...replacement, withheld: true }, 'L', now)).toThrow(/names no agreement/);
    expect(() => changedAgreement(current, change({ supersededBy: replacement.id }), replacement, 'L', now)).toThrow(/goes with the state 'superseded'/);
  });

  it('refuses to supersede a proposal, and keeps a superseded agreement as it is', () => {
    expect(() => changedAgreement(agreed({ state: 'proposed', agreedOn: undefined }), change({ state: 'superseded', supersededBy: replacement.id }), replacement, 'L', now)).toThrow(/withdraw a proposal instead/);
    const superseded = agreed({ state: 'superseded', supersededBy: replacement.id });
    expect(() => changedAgreement(superseded, change({ public: true }), undefined, 'L', now)).toThrow(/superseded \(by post0000000002\)/);
  });

  it('never forms a circle: whatever the attempts, following the replacements ends at an agreement in force', () => {
    // Prepare: random attempts to supersede among five agreements, each checked by the rule.
    const ids = ['a000000000', 'b000000000', 'c000000000', 'd000000000', 'e000000000'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), { maxLength: 20 }), (attempts) => {
        const register = new Map(ids.map((id) => [id, agreed({ id })]));
        for (const [from, to] of attempts) {
          try {
            register.set(ids[from]!, changedAgreement(register.get(ids[from]!)!, change({ state: 'superseded', supersededBy: ids[to]! }), register.get(ids[to]!), 'L', now));
          } catch {
            // refused: the register stays as it was
          }
        }
        // Assess: following supersededBy from any agreement ends at one in force, never back where it began.
        for (const start of register.values()) {
          const seen = new Set<string>();
          let at = start;
          while (at.state === 'superseded') {
            expect(seen.has(at.id)).toBe(false);
            seen.add(at.id);
            at = register.get(at.supersededBy!)!;
          }
          expect(at.state).toBe('agreed');
        }
      }),
    );
  });
});

describe('the register: search, order, exports, public view', () => {
  const names = { 'action-5': 'Action 5: Guardianship', 'action-6': 'Action 6: Advisory Board' };
  const first = agreed({ bindingGroups: ['action-5', 'action-6'] });
  const proposal = agreed({ id: 'post0000000003', title: 'Housing first', text: 'Try housing first.', state: 'proposed', agreedOn: undefined });

  it('finds by words (title, text, group names), by group bound or originating, and by state', () => {
    expect(matchesQuery(first, { q: 'shared TRAINING' }, names)).toBe(true);
    expect(matchesQuery(first, { q: 'advisory' }, names)).toBe(true);
    expect(matchesQuery(first, { q: 'housing' }, names)).toBe(false);
    expect(matchesQuery(first, { group: 'action-6' }, names)).toBe(true);
    expect(matchesQuery(proposal, { group: 'action-6' }, names)).toBe(false);
    expect(matchesQuery(proposal, { state: 'proposed' }, names)).toBe(true);
    expect(matchesQuery(first, { state: 'proposed' }, names)).toBe(false);
  });

  it('lists proposals first, then the latest agreed', () => {
    const older = agreed({ id: 'post0000000004', agreedOn: '2027-01-05' });
    expect([older, first, proposal].sort(registerOrder).map((a) => a.id)).toEqual([proposal.id, first.id, older.id]);
  });

  it('links the thread only for a reader who can open it, in the JSON and in both exports', () => {
    const readable = registerEntry(first, { groupNames: names, titles: {}, readsThread: true, canChange: false });
    const unreadable = registerEntry(proposal, { groupNames: names, titles: {}, readsThread: false, canChange: false });
    expect(readable.thread).toEqual({ id: first.threadId, path: `/members/thread/?id=${first.threadId}#post-${first.id}` });
    expect(unreadable.thread).toBeUndefined();
    const csv = registerCsv([readable, unreadable], 'https://hub.example.org');
    expect(csv.split('\n')[0]).toBe('title,state,agreed_on,group,binding_groups,superseded_by,public,text,thread');
    expect(csv).toContain(`https://hub.example.org/members/thread/?id=${first.threadId}#post-${first.id}`);
    expect(csv).toContain('Housing first,proposed,,Action 5: Guardianship,Action 5: Guardianship,,no,Try housing first.,\n');
    const markdown = registerMarkdown([readable, unreadable], now, 'https://hub.example.org', 'state agreed');
    expect(markdown).toContain('Exported 2027-03-10 (state agreed). 2 agreements.');
    expect(markdown).toContain('*agreed · agreed on 2027-03-01 · a decision of Action 5: Guardianship · binds Action 5: Guardianship, Action 6: Advisory Board*');
    expect(markdown.match(/Thread: </g)).toHaveLength(1);
  });

  it("keeps a member's text from becoming structure or a formula in the exports", () => {
    const hostile = registerEntry(agreed({ text: '# heading\n<script>x</script>', title: '=HYPERLINK("x")' }), { groupNames: names, titles: {}, readsThread: false, canChange: false });
    expect(registerMarkdown([hostile], now, '', '')).toContain('> # heading\n> &lt;script&gt;x&lt;/script&gt;');
    expect(registerCsv([hostile], '')).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('shows the public the groups by name, and a replacement only when it is public too', () => {
    const superseded = agreed({ state: 'superseded', supersededBy: 'post0000000002', public: true });
    expect(publicAgreement(superseded, names, new Set(['post0000000002']))).toEqual({
      id: decision.id, title: superseded.title, text: superseded.text, html: superseded.html, groups: ['Action 5: Guardianship'], agreedOn: '2027-03-01', state: 'superseded', supersededBy: 'post0000000002',
    });
    expect(publicAgreement(superseded, names, new Set()).supersededBy).toBeUndefined();
  });

  it('counts for a period the agreements agreed in it, both days included, withheld ones not', () => {
    expect(agreedWithin(first, '2027-03-01', '2027-03-01')).toBe(true);
    expect(agreedWithin(first, '2027-03-02', '2027-03-31')).toBe(false);
    expect(agreedWithin(proposal, '2027-01-01', '2027-12-31')).toBe(false);
    expect(agreedWithin({ ...first, withheld: true }, '2027-01-01', '2027-12-31')).toBe(false);
    expect(agreedWithin({ ...first, state: 'superseded', supersededBy: 'x' }, '2027-03-01', '2027-03-31')).toBe(true);
  });
});
