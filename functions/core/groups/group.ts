import { z } from 'zod';

export const groupRoles = ['leader', 'member', 'observer', 'contributor'] as const;
export const groupRoleSchema = z.enum(groupRoles);
export type GroupRole = z.infer<typeof groupRoleSchema>;

export const groupIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'field.groupId');

/** A Working Group (one per Action) or a group the secretariat created; each has a private forum. */
export const groupSchema = z.object({
  id: groupIdSchema,
  name: z.string().trim().min(3).max(120),
  description: z.string().trim().max(500).default(''),
  actionNumber: z.number().int().min(1).optional(),
  archived: z.boolean().default(false),
  createdAt: z.iso.datetime(),
});
export type Group = z.infer<typeof groupSchema>;

export const membershipSchema = z.object({
  groupId: groupIdSchema,
  email: z.email(),
  role: groupRoleSchema,
  since: z.iso.datetime(),
  /** A contributor's access ends by itself at this time. */
  until: z.iso.datetime().optional(),
});
export type Membership = z.infer<typeof membershipSchema>;
