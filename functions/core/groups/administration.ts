import { z } from 'zod';
import { emailSchema } from '../partnership/vocabulary.ts';
import { groupIdSchema, groupRoleSchema } from './group.ts';

/**
 * What the secretariat sends to manage groups. Only the secretariat manages memberships: leaders
 * run the conversation, the secretariat keeps the register of who belongs where.
 */
export const invitationSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, 'expects the person\'s name').max(120),
  organisation: z.string().trim().max(160).default(''),
  groupId: groupIdSchema,
  role: groupRoleSchema,
  until: z.iso.datetime({ error: 'expects an ISO date-time, e.g. 2027-01-01T00:00:00Z' }).optional(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const roleChangeSchema = z.object({ role: groupRoleSchema });

export const newGroupSchema = z.object({
  id: groupIdSchema,
  name: z.string().trim().min(3, 'expects at least 3 characters').max(120),
  description: z.string().trim().max(500).default(''),
});
