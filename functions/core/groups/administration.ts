import { z } from 'zod';
import { emailSchema, languageSchema } from '../partnership/vocabulary.ts';
import { groupIdSchema, groupRoleSchema } from './group.ts';

/**
 * What the secretariat sends to manage groups. Only the secretariat manages memberships: leaders
 * run the conversation, the secretariat keeps the register of who belongs where.
 */
export const invitationSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, 'field.personName').max(120),
  organisation: z.string().trim().max(160).default(''),
  /** The language of a new member's emails, the invitation first; a member already known keeps theirs. */
  language: languageSchema.default('en'),
  groupId: groupIdSchema,
  role: groupRoleSchema,
  until: z.iso.datetime({ error: 'field.isoDateTime' }).optional(),
});
export type Invitation = z.infer<typeof invitationSchema>;

/**
 * What a group leader sends to make a respondent of a call a contributor. Leaders give one role
 * only, always with an end (checked against the clock by contributionEnd); anything else in the
 * body is refused rather than silently dropped, so nobody believes they granted more.
 */
export const contributorInvitationSchema = z.strictObject(
  {
    expertId: z.uuid({ error: 'field.expertId' }),
    role: z
      .literal('contributor', { error: 'field.leadersInviteContributors' })
      .optional(),
    until: z.iso.datetime({
      offset: true,
      error: 'field.contributionEnd',
    }),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `only expertId, role and until can be given, not ${issue.keys.join(', ')}` : undefined) },
);

export const roleChangeSchema = z.object({ role: groupRoleSchema });

export const newGroupSchema = z.object({
  id: groupIdSchema,
  name: z.string().trim().min(3, 'field.atLeast3').max(120),
  description: z.string().trim().max(500).default(''),
});
