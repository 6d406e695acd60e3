/** One change to members, memberships or groups: who did what, when. Kept for the secretariat. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: 'member.invited' | 'membership.role-changed' | 'membership.removed' | 'group.created' | 'group.archived' | 'person.exported' | 'person.erased' | 'contacts.imported';
  groupId?: string;
  subject?: string;
  details: Record<string, string>;
}
