import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../../../functions/core/errors.ts';
import { decisionLogMarkdown } from '../../../../functions/core/forums/decisions.ts';
import { listedThread, publicPost, type Post, type Thread } from '../../../../functions/core/forums/forum.ts';
import { MAX_MUTE_DAYS, hideSchema, muteEnd, muteInForce, mutedUntil, muteSchema, refusalToModerate, type Standing } from '../../../../functions/core/forums/moderation.ts';
import { englishRefusal, fieldMessage } from '../../../../functions/core/refusals.ts';
import { searchHits } from '../../../../functions/core/forums/reading.ts';

/** The refusal as the API writes it in English. */
const englishRefusalToModerate = (...args: Parameters<typeof refusalToModerate>) => {
  const refusal = refusalToModerate(...args);
  return refusal && englishRefusal(refusal);
};
const englishIssue = (result: { error?: { issues: z.core.$ZodIssue[] } }) => (result.error ? fieldMessage('en', result.error.issues[0]!) : undefined);

const secretariat: Standing = { secretariat: true, role: undefined };
const leader: Standing = { secretariat: false, role: 'leader' };
const member: Standing = { secretariat: false, role: 'member' };
const observer: Standing = { secretariat: false, role: 'observer' };
const contributor: Standing = { secretariat: false, role: 'contributor' };
const former: Standing = { secretariat: false, role: undefined };

describe('who may moderate whom', () => {
  it('lets leaders hide and mute members, observers, contributors and former members', () => {
    for (const target of [member, observer, contributor, former]) {
      expect(englishRefusalToModerate(leader, target, 'hide')).toBeUndefined();
      expect(englishRefusalToModerate(leader, target, 'mute')).toBeUndefined();
    }
  });

  it('refuses leaders acting on another leader or on the secretariat, pointing to the secretariat', () => {
    expect(englishRefusalToModerate(leader, leader, 'mute')).toMatch(/cannot mute another leader; ask the secretariat/);
    expect(englishRefusalToModerate(leader, leader, 'hide')).toMatch(/cannot hide another leader's posts/);
    expect(englishRefusalToModerate(leader, secretariat, 'hide')).toMatch(/cannot hide the secretariat's posts/);
    expect(englishRefusalToModerate(leader, secretariat, 'mute')).toMatch(/Nobody can mute a member of the secretariat/);
  });

  it('lets the secretariat hide anyone and mute anyone but its own', () => {
    for (const target of [leader, member, observer, contributor, former, secretariat]) expect(englishRefusalToModerate(secretariat, target, 'hide')).toBeUndefined();
    for (const target of [leader, member, observer, contributor, former]) expect(englishRefusalToModerate(secretariat, target, 'mute')).toBeUndefined();
    expect(englishRefusalToModerate(secretariat, secretariat, 'mute')).toMatch(/Nobody can mute/);
  });

  it('refuses members, observers, contributors and strangers whatever the target', () => {
    for (const actor of [member, observer, contributor, former]) {
      expect(englishRefusalToModerate(actor, member, 'hide')).toBe('Only the group leaders and the secretariat can do this.');
      expect(englishRefusalToModerate(actor, observer, 'mute')).toBe('Only the group leaders and the secretariat can do this.');
    }
  });
});

describe('the reason and the mute request', () => {
  it('trims a reason and takes 3 to 500 characters', () => {
    expect(hideSchema.parse({ reason: '  Off topic  ' })).toEqual({ reason: 'Off topic' });
    expect(englishIssue(hideSchema.safeParse({ reason: ' ab ' }))).toBe('expects a reason of at least 3 characters');
    expect(englishIssue(hideSchema.safeParse({ reason: 'x'.repeat(501) }))).toBe('expects a reason of at most 500 characters');
    expect(hideSchema.safeParse({}).success).toBe(false);
  });

  it('refuses a reason that carries an address (it goes into the audit log)', () => {
    expect(englishIssue(hideSchema.safeParse({ reason: 'Insults toward someone@example.org' }))).toMatch(/expects no email address/);
  });

  it('takes the member by address, lower-cased, and an ISO date-time', () => {
    expect(muteSchema.parse({ member: ' Member1A@Example.org ', until: '2027-03-01T18:00:00Z', reason: 'Repeated insults' }).member).toBe('member1a@example.org');
    expect(muteSchema.safeParse({ member: 'member1a', until: '2027-03-01T18:00:00Z', reason: 'Repeated insults' }).success).toBe(false);
    expect(englishIssue(muteSchema.safeParse({ member: 'a@example.org', until: 'next week', reason: 'Repeated insults' }))).toMatch(/expects a date-time/);
  });
});

describe('the end of a mute', () => {
  const now = new Date('2027-01-10T12:00:00Z');

  it('is written in UTC', () => {
    expect(muteEnd('2027-01-11T12:00:00+02:00', now)).toBe('2027-01-11T10:00:00.000Z');
  });

  it('must be in the future', () => {
    expect(() => muteEnd('2027-01-10T12:00:00Z', now)).toThrow(RuleViolationError);
    expect(() => muteEnd('2027-01-09T12:00:00Z', now)).toThrow(/must be in the future/);
  });

  it(`is at most ${MAX_MUTE_DAYS} days ahead, and the error names the latest`, () => {
    expect(muteEnd('2027-04-10T12:00:00Z', now)).toBe('2027-04-10T12:00:00.000Z');
    expect(() => muteEnd('2027-04-10T12:00:01Z', now)).toThrow(/at most 90 days: give an `until` on or before 2027-04-10T12:00:00.000Z/);
  });

  it('holds until `until` and not after; no mute never holds', () => {
    const mute = { until: '2027-01-10T13:00:00.000Z' };
    expect(muteInForce(mute, now)).toBe(true);
    expect(muteInForce(mute, new Date('2027-01-10T13:00:00Z'))).toBe(false);
    expect(muteInForce(mute, new Date('2027-02-01T00:00:00Z'))).toBe(false);
    expect(muteInForce(undefined, now)).toBe(false);
  });

  it("reads a page's mute from the session: in force in its own group only, never for the secretariat", () => {
    const until = '2027-01-10T13:00:00.000Z';
    const session = { secretariat: false, groups: [{ groupId: 'action-1', role: 'member' as const, mutedUntil: until }, { groupId: 'action-2', role: 'member' as const }] };
    expect(mutedUntil(session, 'action-1', now)).toBe(until);
    expect(mutedUntil(session, 'action-2', now)).toBeUndefined();
    expect(mutedUntil(session, 'action-9', now)).toBeUndefined();
    expect(mutedUntil(session, 'action-1', new Date(until))).toBeUndefined();
    expect(mutedUntil({ ...session, secretariat: true }, 'action-1', now)).toBeUndefined();
  });
});

const post = (over: Partial<Post> = {}): Post => ({
  id: 'p0000000001',
  threadId: 't0000000001',
  groupId: 'action-1',
  threadTitle: 'Housing pilots',
  authorEmail: 'member1a@example.org',
  authorName: 'Member One',
  createdAt: '2027-01-10T10:00:00.000Z',
  body: 'Rude words about housing',
  html: '<p>Rude words about housing</p>',
  attachments: [{ id: 'file000000001', filename: 'rude.pdf', contentType: 'application/pdf', size: 10 }],
  ...over,
});
const hidden = { at: '2027-01-10T11:00:00.000Z', reason: 'Insulting' };

describe('what a viewer sees of a hidden post', () => {
  it('shows the author the words, the files and the reason', () => {
    const seen = publicPost(post({ hidden }), { email: 'member1a@example.org', canModerate: false });
    expect(seen).toMatchObject({ hidden: true, hiddenReason: 'Insulting', body: 'Rude words about housing', attachments: [{ filename: 'rude.pdf' }] });
  });

  it('shows moderators the words and the reason', () => {
    expect(publicPost(post({ hidden }), { email: 'leader1@example.org', canModerate: true })).toMatchObject({ hidden: true, hiddenReason: 'Insulting', html: '<p>Rude words about housing</p>' });
  });

  it('shows other members only that a post was hidden: no words, files, versions, reason or decision mark', () => {
    const seen = publicPost(post({ hidden, editedAt: '2027-01-10T10:30:00.000Z', revisions: [{ body: 'Older rude words', editedAt: '2027-01-10T10:00:00.000Z' }], decision: { recordedAt: hidden.at, recordedBy: 'Leader' } }), {
      email: 'member1b@example.org',
      canModerate: false,
    });
    expect(seen).toEqual({
      id: 'p0000000001',
      threadId: 't0000000001',
      authorEmail: 'member1a@example.org',
      authorName: 'Member One',
      createdAt: '2027-01-10T10:00:00.000Z',
      edited: false,
      revisionCount: 0,
      deleted: false,
      hidden: true,
      html: '',
      body: '',
      attachments: [],
      decision: false,
    });
  });

  it('never lets an erased author (no address) see a former member\'s hidden post as theirs', () => {
    expect(publicPost(post({ hidden, authorEmail: '' }), { email: '', canModerate: false }).body).toBe('');
  });

  it('shows a visible post whole, marked not hidden', () => {
    expect(publicPost(post(), { email: 'member1b@example.org', canModerate: false })).toMatchObject({ hidden: false, body: 'Rude words about housing' });
  });
});

describe('where a hidden post is not quoted', () => {
  const thread: Thread = {
    id: 't0000000001',
    groupId: 'action-1',
    title: 'Housing pilots',
    authorEmail: 'member1a@example.org',
    authorName: 'Member One',
    createdAt: '2027-01-10T10:00:00.000Z',
    lastActivityAt: '2027-01-10T10:00:00.000Z',
    pinned: false,
    locked: false,
    postCount: 1,
    excerpt: 'Rude words about housing',
  };

  it('leaves hidden posts out of search, and the excerpt of a hidden opening post out of thread hits', () => {
    const hits = searchHits([{ ...thread, openingHidden: true }], [post({ hidden }), post({ id: 'p0000000002', body: 'Kind words about housing' })], 'housing', 10);
    expect(hits.map((h) => h.postId ?? 'thread').sort()).toEqual(['p0000000002', 'thread']);
    expect(hits.find((h) => !h.postId)?.excerpt).toBe('');
  });

  it('lists a thread whose opening post is hidden without its excerpt', () => {
    expect(listedThread({ ...thread, openingHidden: true }).excerpt).toBe('');
    expect(listedThread(thread).excerpt).toBe('Rude words about housing');
  });

  it('leaves a hidden decision out of the decision log', () => {
    const decision = { recordedAt: '2027-01-10T12:00:00.000Z', recordedBy: 'Leader One' };
    const markdown = decisionLogMarkdown('Action 1', [post({ decision, hidden }), post({ id: 'p0000000002', body: 'We agree on Athens.', decision })], new Date('2027-01-11T00:00:00Z'));
    expect(markdown).toContain('1 decision.');
    expect(markdown).toContain('> We agree on Athens.');
    expect(markdown).not.toContain('Rude words');
  });
});
