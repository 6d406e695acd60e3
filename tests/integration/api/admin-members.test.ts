import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, uniqueEmail, type TestHub } from '../../helpers/hub.ts';
import { get, groupWithPeople, send } from '../../helpers/forums.ts';
import { addMember, post, signIn } from '../../helpers/session.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('members and groups administration', () => {
  let hub: TestHub;
  let admin: string;
  let adminEmail: string;
  beforeAll(async () => {
    hub = await createTestHub();
    adminEmail = await addMember(hub, { secretariat: true });
    admin = await signIn(hub, adminEmail);
  });
  afterAll(() => hub.dispose());

  it('invites a new person: member, membership, invitation email, audit entry', async () => {
    // Prepare
    const g = await groupWithPeople(hub);
    const email = uniqueEmail('invitee');
    // Act
    const invited = await post(hub, '/api/admin/members', { email, name: 'Nadia Invitee', organisation: 'City of Ghent', groupId: g.groupId, role: 'member' }, admin);
    // Assess
    expect(invited.status).toBe(201);
    expect(await invited.json()).toMatchObject({ email, newMember: true, invitationSent: true });
    const [mail] = await hub.inbox.waitFor(email);
    expect(mail!.subject).toContain(`Invitation: Working Group ${g.groupId}`);
    const members = (await (await get(hub, `/api/admin/groups/${g.groupId}/members`, admin)).json()) as Json;
    expect(members.members.find((m: Json) => m.email === email)).toMatchObject({ role: 'member', name: 'Nadia Invitee' });
    const audit = (await (await get(hub, '/api/admin/audit', admin)).json()) as Json;
    expect(audit.entries[0]).toMatchObject({ action: 'member.invited', actor: adminEmail, subject: email, groupId: g.groupId });
  });

  it('refuses to invite someone already in the group', async () => {
    const g = await groupWithPeople(hub);
    const again = await post(hub, '/api/admin/members', { email: g.member.email, name: 'Again', groupId: g.groupId, role: 'member' }, admin);
    expect(again.status).toBe(409);
  });

  it("changes a role and the member's open session carries it at once", async () => {
    const g = await groupWithPeople(hub);
    const before = await post(hub, `/api/threads/x${'a'.repeat(12)}/pin`, { pinned: true }, g.member.cookie);
    const changed = await send(hub, 'POST', `/api/admin/groups/${g.groupId}/members/role`, { email: g.member.email, role: 'observer' }, admin);
    const attempt = await post(hub, `/api/groups/${g.groupId}/threads`, { title: 'Still here?', body: 'x' }, g.member.cookie);
    const audit = (await (await get(hub, '/api/admin/audit', admin)).json()) as Json;
    expect(before.status).toBe(404);
    expect(changed.status).toBe(200);
    expect(attempt.status).toBe(403);
    expect(audit.entries[0]).toMatchObject({ action: 'membership.role-changed', details: { from: 'member', to: 'observer' } });
  });

  it('removes a member, who then no longer sees the group', async () => {
    const g = await groupWithPeople(hub);
    const removed = await send(hub, 'POST', `/api/admin/groups/${g.groupId}/members/remove`, { email: g.other.email }, admin);
    const again = await send(hub, 'POST', `/api/admin/groups/${g.groupId}/members/remove`, { email: g.other.email }, admin);
    expect(removed.status).toBe(200);
    expect(again.status).toBe(404);
    expect((await get(hub, `/api/groups/${g.groupId}/threads`, g.other.cookie)).status).toBe(404);
  });

  it('creates and archives a group, refusing a duplicate id and a second archive', async () => {
    const id = `taskforce-${Date.now().toString(36)}`;
    const created = await post(hub, '/api/admin/groups', { id, name: 'Housing taskforce', description: 'Short-lived' }, admin);
    const duplicate = await post(hub, '/api/admin/groups', { id, name: 'Other' }, admin);
    const archived = await post(hub, `/api/admin/groups/${id}/archive`, {}, admin);
    const twice = await post(hub, `/api/admin/groups/${id}/archive`, {}, admin);
    const list = (await (await get(hub, '/api/admin/groups', admin)).json()) as Json;
    expect([created.status, duplicate.status, archived.status, twice.status]).toEqual([201, 409, 200, 409]);
    expect(list.groups.find((x: Json) => x.id === id)).toMatchObject({ archived: true });
  });

  it('rejects bad input naming the fields', async () => {
    const answer = await post(hub, '/api/admin/members', { email: 'nope', name: '', groupId: 'Bad Id', role: 'king' }, admin);
    const body = (await answer.json()) as Json;
    expect(answer.status).toBe(400);
    expect(body.error.details.map((d: Json) => d.path).sort()).toEqual(['email', 'groupId', 'name', 'role']);
  });

  it('refuses inviting into a group that does not exist', async () => {
    const answer = await post(hub, '/api/admin/members', { email: uniqueEmail(), name: 'X', groupId: 'no-such-group', role: 'member' }, admin);
    expect(answer.status).toBe(404);
  });
});
