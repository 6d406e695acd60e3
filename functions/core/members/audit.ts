/** One change to members, memberships or groups, or an act on a send: who did what, when. Kept for the secretariat. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: 'member.invited' | 'membership.role-changed' | 'membership.removed' | 'group.created' | 'group.archived' | 'person.exported' | 'person.erased' | 'contacts.imported' | 'update.resumed' | 'update.cancelled' | 'network.feed-key-rotated';
  groupId?: string;
  subject?: string;
  details: Record<string, string>;
}
