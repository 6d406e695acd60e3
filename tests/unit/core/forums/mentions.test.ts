import { describe, expect, it } from 'vitest';
import { mentionedHandles, mentionedMembers } from '../../../../functions/core/forums/mentions.ts';
import { immediateRecipients, defaultSetting } from '../../../../functions/core/forums/notifications.ts';
import { decisionLogMarkdown } from '../../../../functions/core/forums/decisions.ts';
import { searchHits, unreadCount } from '../../../../functions/core/forums/reading.ts';
import type { Post, Thread } from '../../../../functions/core/forums/forum.ts';

describe('mentions', () => {
  it('finds handles by the local part of the address, once each, lower-cased', () => {
    expect(mentionedHandles('Thanks @Leader1 and @member1a, cc @leader1.')).toEqual(['leader1', 'member1a']);
  });

  it('ignores email addresses and code', () => {
    expect(mentionedHandles('Write to someone@example.org or `@member1a` or\n```\n@leader1\n```')).toEqual([]);
  });

  it('names only members of the group, never the author', () => {
    const members = ['leader1@example.org', 'member1a@example.org', 'member1b@example.org'];
    expect(mentionedMembers('@leader1 @member1a @stranger', members, 'member1a@example.org')).toEqual(['leader1@example.org']);
  });
});

describe('notification rules', () => {
  it('defaults leaders to immediate and everyone else to the digest', () => {
    expect([defaultSetting('leader'), defaultSetting('member'), defaultSetting('observer')]).toEqual(['immediate', 'digest', 'digest']);
  });

  it('emails immediate members and mentioned ones unless off, never the author', () => {
    const members = [
      { email: 'a@x.org', name: '', setting: 'immediate' as const },
      { email: 'b@x.org', name: '', setting: 'digest' as const },
      { email: 'c@x.org', name: '', setting: 'off' as const },
      { email: 'd@x.org', name: '', setting: 'digest' as const },
    ];
    const chosen = immediateRecipients(members, 'a@x.org', ['b@x.org', 'c@x.org']);
    expect(chosen.map((c) => [c.recipient.email, c.mentioned])).toEqual([['b@x.org', true]]);
  });
});

const post = (over: Partial<Post>): Post => ({
  id: 'p1', threadId: 't1', groupId: 'g', threadTitle: 'Budget', authorEmail: 'a@x.org', authorName: 'Ana', createdAt: '2026-01-01T10:00:00.000Z',
  body: 'We agree.', html: '<p>We agree.</p>', attachments: [], ...over,
});

describe('decision log', () => {
  it('lists decisions oldest first, quoting each, and leaves out deleted posts', () => {
    const md = decisionLogMarkdown('Action 1', [
      post({ id: 'b', body: 'Second', decision: { recordedAt: '2026-02-02T00:00:00.000Z', recordedBy: 'Lea' } }),
      post({ id: 'a', body: 'First\nline two', decision: { recordedAt: '2026-01-02T00:00:00.000Z', recordedBy: 'Lea' } }),
      post({ id: 'c', deletedAt: '2026-03-01T00:00:00.000Z', decision: { recordedAt: '2026-01-03T00:00:00.000Z', recordedBy: 'Lea' } }),
    ], new Date('2026-04-01T00:00:00Z'));
    expect(md).toContain('2 decisions');
    expect(md.indexOf('> First')).toBeLessThan(md.indexOf('> Second'));
    expect(md).toContain('> line two');
  });
});

describe('reading', () => {
  const thread = (lastActivityAt: string): Thread => ({
    id: lastActivityAt, groupId: 'g', title: 'Réunion', authorEmail: 'a@x.org', authorName: 'A', createdAt: lastActivityAt, lastActivityAt, pinned: false, locked: false, postCount: 1, excerpt: '',
  });

  it('counts threads active after the last visit, all of them before any visit', () => {
    const threads = [thread('2026-01-01T00:00:00Z'), thread('2026-01-03T00:00:00Z')];
    expect(unreadCount(threads, '2026-01-02T00:00:00Z')).toBe(1);
    expect(unreadCount(threads, undefined)).toBe(2);
  });

  it('matches without accents or case, and skips deleted posts', () => {
    const hits = searchHits([thread('2026-01-01T00:00:00Z')], [post({ body: 'REUNION notes' }), post({ id: 'p2', body: 'reunion', deletedAt: 'x' })], 'reunion', 10);
    expect(hits.map((h) => h.postId ?? 'title')).toEqual(['p1', 'title']);
  });
});
