/**
 * One change to members, memberships or groups, an act on a send, or a moderator's act in a forum:
 * who did what, when. Kept for the secretariat. Moderation entries name people by name, never by
 * address (their `actor` is the moderator's name, their `subject` the author's or member's).
 */
export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action:
    | 'member.invited'
    | 'membership.role-changed'
    | 'membership.removed'
    | 'group.created'
    | 'group.archived'
    | 'person.exported'
    | 'person.erased'
    | 'contacts.imported'
    | 'contact.networks-set'
    | 'update.resumed'
    | 'update.cancelled'
    | 'network.feed-key-rotated'
    | 'outside-request.changed'
    | ModerationAction
    | AgreementAction;
  groupId?: string;
  subject?: string;
  details: Record<string, string>;
}

export type ModerationAction = 'post.hidden' | 'post.unhidden' | 'member.muted' | 'mute.lifted' | 'thread.pinned' | 'thread.unpinned' | 'thread.locked' | 'thread.unlocked';

export type AgreementAction = 'agreement.marked' | 'agreement.changed' | 'agreement.withdrawn';
