import { z } from 'zod';
import { emailSchema, languageSchema } from '../partnership/vocabulary.ts';
import { groupIdSchema, groupRoleSchema } from './group.ts';

/**
 * What the secretariat sends to manage groups. Only the secretariat manages memberships: leaders
 * run the conversation, the secretariat keeps the register of who belongs where.
 */
export const invitationSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, 'expects the person\'s name').max(120),
  organisation: z.string().trim().max(160).default(''),
  /** The language of a new member's emails, the invitation first; a member already known keeps theirs. */
  language: languageSchema.default('en'),
  groupId: groupIdSchema,
  role: groupRoleSchema,
  until: z.iso.datetime({ error: 'expects an ISO date-time, e.g. 2027-01-01T00:00:00Z' }).optional(),
});
export type Invitation = z.infer<typeof invitationSchema>;

/**
 * What a group leader sends to make a respondent of a call a contributor. Leaders give one role
 * only, always with an end (checked against the clock by contributionEnd); anything else in the
 * body is refused rather than silently dropped, so nobody believes they granted more.
 */
export const contributorInvitationSchema = z.strictObject(
  {
    expertId: z.uuid({ error: 'expects the id of an expert who answered the call' }),
    role: z
      .literal('contributor', { error: 'leaders invite contributors only; other roles are given by the secretariat' })
      .optional(),
    until: z.iso.datetime({
      offset: true,
      error: 'expects when the contribution ends, an ISO date-time such as 2027-06-30T23:59:59Z (a contribution always ends)',
    }),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `only expertId, role and until can be given, not ${issue.keys.join(', ')}` : undefined) },
);

export const roleChangeSchema = z.object({ role: groupRoleSchema });

export const newGroupSchema = z.object({
  id: groupIdSchema,
  name: z.string().trim().min(3, 'expects at least 3 characters').max(120),
  description: z.string().trim().max(500).default(''),
});
