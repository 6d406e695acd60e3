import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { invitationSchema, roleChangeSchema } from '../../core/groups/administration.ts';
import { groupRoleSchema } from '../../core/groups/group.ts';
import { emailSchema } from '../../core/partnership/vocabulary.ts';
import type { Env } from '../env.ts';
import { requireSecretariat } from '../middleware/session.ts';
import * as membership from '../services/membership.ts';
import { error, errors, json, jsonBody } from './schemas.ts';
import { groupParam } from './forum-schemas.ts';

const adminErrors = { ...errors(401, 403, 404), ...error(409, 'Already a member, or archived') };
const membershipSchema = z.object({ email: z.string(), groupId: z.string(), role: groupRoleSchema });

/** Secretariat only: invitations and memberships. Leaders do not manage members (docs/forums.md, Roles). */
export const adminMembers = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/members',
      summary: 'Invite a person into a group (the invitation is a sign-in email)',
      request: jsonBody(invitationSchema),
      responses: { 201: json(membershipSchema.extend({ newMember: z.boolean(), invitationSent: z.boolean(), notSentBecause: z.string().optional() }), 'Invited'), ...errors(400), ...adminErrors },
    }),
    async (c) => c.json(await membership.invite(c.var.deps, requireSecretariat(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/groups/{group}/members',
      summary: 'Members of a group with their roles',
      request: { params: groupParam },
      responses: { ...errors(400),
        200: json(z.object({ members: z.array(z.object({ email: z.string(), name: z.string(), organisation: z.string(), role: groupRoleSchema, since: z.string(), until: z.string().optional() })) }), 'Members'),
        ...adminErrors,
      },
    }),
    async (c) => {
      requireSecretariat(c);
      return c.json({ members: await membership.groupMembers(c.var.deps, c.req.valid('param').group) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/groups/{group}/members/role',
      summary: "Change a member's role in a group (the address in the body: a path reaches access logs)",
      request: { params: groupParam, ...jsonBody(roleChangeSchema.extend({ email: emailSchema })) },
      responses: { 200: json(membershipSchema, 'The new role'), ...errors(400), ...adminErrors },
    }),
    async (c) => {
      const { email, role } = c.req.valid('json');
      return c.json(await membership.changeRole(c.var.deps, requireSecretariat(c), c.req.valid('param').group, email, role), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/groups/{group}/members/remove',
      summary: 'Remove a member from a group (the address in the body: a path reaches access logs)',
      request: { params: groupParam, ...jsonBody(z.object({ email: emailSchema })) },
      responses: { ...errors(400), 200: json(z.object({ email: z.string(), groupId: z.string() }), 'Removed'), ...adminErrors },
    }),
    async (c) => {
      return c.json(await membership.removeMember(c.var.deps, requireSecretariat(c), c.req.valid('param').group, c.req.valid('json').email), 200);
    },
  );
