import { randomUUID } from 'node:crypto';
import { newFeedKey } from '../../functions/core/networks/feed-key.ts';
import { openSession } from './agenda.ts';
import { createTestHub, uniqueEmail, type TestHub } from './hub.ts';
import { groupWithPeople, startThread } from './forums.ts';
import { addMember, browserHeaders, post, signIn } from './session.ts';

/**
 * The route table of the authorization matrix (and of the contract test, which validates the same
 * answers against the OpenAPI document): every group-scoped and admin route, for each kind of caller: non-members get 404 (the group's
 * existence is not disclosed), observers read but do not post, only leaders and the secretariat
 * moderate, admin routes are the secretariat's alone.
 */
export const callers = ['anonymous', 'nonMember', 'observer', 'member', 'leader', 'secretariat'] as const;
export type Caller = (typeof callers)[number];

export interface World {
  hub: TestHub;
  groupId: string;
  threadId: string;
  postId: string;
  attachmentId: string;
  networkId: string;
  cookies: Record<Exclude<Caller, 'anonymous'>, string>;
  emails: Record<Exclude<Caller, 'anonymous'>, string>;
}
export type Request = { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; body?: unknown; raw?: { contentType: string; bytes: string } };
export type Row = { route: string; request: (w: World) => Promise<Request> | Request; expected: [number, number, number, number, number, number] };

const freshPostOfMember = async (w: World) => {
  const { thread, post } = await startThread(w.hub, w.groupId, w.cookies.member, 'Member post', 'text');
  return { threadId: thread.id, id: post.id };
};
const freshGroup = async (w: World) => {
  const id = `g-${randomUUID().slice(0, 8)}`;
  await w.hub.deps.partnership.addGroup({ id, name: `Group ${id}`, description: '', archived: false, createdAt: new Date().toISOString() });
  return id;
};
const freshMembership = async (w: World) => addMember(w.hub, { groups: [{ groupId: w.groupId, role: 'member' }] });
/** A member's pending upload of 'minutes' (7 bytes), its bytes sent or not. */
const freshUploadOfMember = async (w: World, sent: boolean) => {
  const asked = await post(w.hub, `/api/groups/${w.groupId}/attachments`, { filename: 'minutes.txt', contentType: 'text/plain', size: 7 }, w.cookies.member);
  const { id, upload } = (await asked.json()) as { id: string; upload: { url: string } };
  if (sent) await w.hub.app.request(upload.url, { method: 'PUT', headers: { ...browserHeaders(w.hub, w.cookies.member), 'content-type': 'text/plain' }, body: 'minutes' });
  return id;
};

/**
 * A post the secretariat recorded as a decision, and marked a proposed agreement unless asked not to.
 * Its author is a member of its own (who wrote it matters to no row here), so the rows whose author
 * must be the matrix's member stay under the per-member posting limit.
 */
const freshDecision = async (w: World, marked: boolean) => {
  const author = await openSession(w.hub, await freshMembership(w));
  const { thread, post: opening } = await startThread(w.hub, w.groupId, author, 'Decision', 'text');
  const [threadId, id] = [thread.id, opening.id];
  await post(w.hub, `/api/threads/${threadId}/posts/${id}/decision`, { decision: true }, w.cookies.secretariat);
  if (marked) await post(w.hub, `/api/threads/${threadId}/posts/${id}/agreement`, { state: 'proposed', bindingGroups: [w.groupId] }, w.cookies.secretariat);
  return { threadId, id };
};

/** The matrix's network's key as it stands (the rotate row replaces it). */
const currentFeedKey = async (w: World) => (await w.hub.deps.networks.feedKey(w.networkId))!.key;

/** A contact of the secretariat's list, imported through the API. */
export const freshContact = async (w: World) => {
  const email = uniqueEmail('matrix-contact');
  await w.hub.app.request('/api/admin/contacts/import', { method: 'POST', headers: { ...browserHeaders(w.hub, w.cookies.secretariat), 'content-type': 'text/csv' }, body: `email,audience\n${email},research\n` });
  return email;
};
/** A draft update of the secretariat's, to nobody in particular. */
export const freshDraft = async (w: World) => {
  const created = await post(w.hub, '/api/admin/updates', { title: 'Matrix', subject: 'Matrix', body: 'Body.', targets: { audiences: ['research'], countries: ['LI'] }, routes: { direct: true } }, w.cookies.secretariat);
  return ((await created.json()) as { id: string }).id;
};
/** The secretariat's contact import, its file uploaded; started (and run) unless asked not to. */
const freshImport = async (w: World, start = true) => {
  const csv = `email,audience\n${uniqueEmail('matrix')},research\n`;
  const asked = await post(w.hub, '/api/admin/contacts/imports', { filename: 'contacts.csv', bytes: Buffer.byteLength(csv) }, w.cookies.secretariat);
  const { id, upload } = (await asked.json()) as { id: string; upload: { url: string; headers: Record<string, string> } };
  await w.hub.app.request(upload.url, { method: 'PUT', headers: { ...browserHeaders(w.hub, w.cookies.secretariat), ...upload.headers }, body: csv });
  if (start) {
    await post(w.hub, `/api/admin/contacts/imports/${id}/start`, {}, w.cookies.secretariat);
    await w.hub.deps.jobQueue.idle?.();
  }
  return id;
};

/** A call for cooperation of the matrix's group, written by its leader, open for a week. */
const freshCall = async (w: World) => {
  const draft = { title: 'Matrix call', body: 'We look for experience with the matrix of roles.', topics: ['housing'], countries: ['LI'], deadline: new Date(Date.now() + 7 * 86_400_000).toISOString() };
  return ((await (await post(w.hub, `/api/groups/${w.groupId}/calls`, draft, w.cookies.leader)).json()) as { id: string }).id;
};
/** A call the leader has sent: where its send job is followed. */
const freshCallSend = async (w: World) => {
  const id = await freshCall(w);
  const { location } = (await (await post(w.hub, `/api/groups/${w.groupId}/calls/${id}/send`, {}, w.cookies.leader)).json()) as { location: string };
  return location;
};

//                                                                anon  non  obs  mem  lead  sec
export const rows: Row[] = [
  { route: 'GET /groups', request: () => ({ method: 'GET', path: '/api/groups' }), expected: [401, 200, 200, 200, 200, 200] },
  // The language of one's own emails: anyone signed in reads and sets their own, and nobody else's.
  { route: 'GET /me/language', request: () => ({ method: 'GET', path: '/api/me/language' }), expected: [401, 200, 200, 200, 200, 200] },
  { route: 'PUT /me/language', request: () => ({ method: 'PUT', path: '/api/me/language', body: { language: 'en' } }), expected: [401, 200, 200, 200, 200, 200] },
  { route: 'GET /search', request: () => ({ method: 'GET', path: '/api/search?q=housing' }), expected: [401, 200, 200, 200, 200, 200] },
  { route: 'GET /groups/{g}/threads', request: (w) => ({ method: 'GET', path: `/api/groups/${w.groupId}/threads` }), expected: [401, 404, 200, 200, 200, 200] },
  { route: 'POST /groups/{g}/threads', request: (w) => ({ method: 'POST', path: `/api/groups/${w.groupId}/threads`, body: { title: 'A thread', body: 'Hello' } }), expected: [401, 404, 403, 201, 201, 201] },
  { route: 'POST /groups/{g}/seen', request: (w) => ({ method: 'POST', path: `/api/groups/${w.groupId}/seen`, body: {} }), expected: [401, 404, 200, 200, 200, 200] },
  { route: 'GET /groups/{g}/decisions', request: (w) => ({ method: 'GET', path: `/api/groups/${w.groupId}/decisions` }), expected: [401, 404, 200, 200, 200, 200] },
  { route: 'GET /groups/{g}/decisions.md', request: (w) => ({ method: 'GET', path: `/api/groups/${w.groupId}/decisions.md` }), expected: [401, 404, 200, 200, 200, 200] },
  { route: 'GET /groups/{g}/notifications', request: (w) => ({ method: 'GET', path: `/api/groups/${w.groupId}/notifications` }), expected: [401, 404, 200, 200, 200, 200] },
  { route: 'PUT /groups/{g}/notifications', request: (w) => ({ method: 'PUT', path: `/api/groups/${w.groupId}/notifications`, body: { setting: 'digest' } }), expected: [401, 404, 200, 200, 200, 200] },
  {
    route: 'POST /groups/{g}/attachments',
    request: (w) => ({ method: 'POST', path: `/api/groups/${w.groupId}/attachments`, body: { filename: 'notes.txt', contentType: 'text/plain', size: 7 } }),
    expected: [401, 404, 403, 201, 201, 201],
  },
  {
    route: "PUT /attachments/{id}/content (a member's upload)",
    request: async (w) => ({ method: 'PUT', path: `/api/attachments/${await freshUploadOfMember(w, false)}/content`, raw: { contentType: 'text/plain', bytes: 'minutes' } }),
    expected: [401, 404, 404, 204, 404, 404],
  },
  {
    route: "POST /attachments/{id}/confirm (a member's upload)",
    request: async (w) => ({ method: 'POST', path: `/api/attachments/${await freshUploadOfMember(w, true)}/confirm`, body: {} }),
    expected: [401, 404, 404, 200, 404, 404],
  },
  { route: 'GET /attachments/{id}', request: (w) => ({ method: 'GET', path: `/api/attachments/${w.attachmentId}` }), expected: [401, 404, 200, 200, 200, 200] },
  { route: 'GET /threads/{t}', request: (w) => ({ method: 'GET', path: `/api/threads/${w.threadId}` }), expected: [401, 404, 200, 200, 200, 200] },
  { route: 'GET /threads/{t}/posts/{p}/revisions', request: (w) => ({ method: 'GET', path: `/api/threads/${w.threadId}/posts/${w.postId}/revisions` }), expected: [401, 404, 200, 200, 200, 200] },
  { route: 'POST /threads/{t}/posts', request: (w) => ({ method: 'POST', path: `/api/threads/${w.threadId}/posts`, body: { body: 'A reply' } }), expected: [401, 404, 403, 201, 201, 201] },
  {
    route: "PUT /threads/{t}/posts/{p} (a member's post)",
    request: async (w) => {
      const post = await freshPostOfMember(w);
      return { method: 'PUT', path: `/api/threads/${post.threadId}/posts/${post.id}`, body: { body: 'Edited' } };
    },
    expected: [401, 404, 403, 200, 403, 403],
  },
  {
    route: "DELETE /threads/{t}/posts/{p} (a member's post)",
    request: async (w) => {
      const post = await freshPostOfMember(w);
      return { method: 'DELETE', path: `/api/threads/${post.threadId}/posts/${post.id}` };
    },
    expected: [401, 404, 403, 200, 403, 403],
  },
  { route: 'POST /threads/{t}/pin', request: (w) => ({ method: 'POST', path: `/api/threads/${w.threadId}/pin`, body: { pinned: true } }), expected: [401, 404, 403, 403, 200, 200] },
  { route: 'POST /threads/{t}/lock', request: (w) => ({ method: 'POST', path: `/api/threads/${w.threadId}/lock`, body: { locked: false } }), expected: [401, 404, 403, 403, 200, 200] },
  {
    route: 'POST /threads/{t}/posts/{p}/decision',
    request: (w) => ({ method: 'POST', path: `/api/threads/${w.threadId}/posts/${w.threadId}/decision`, body: { decision: true } }),
    expected: [401, 404, 403, 403, 200, 200],
  },
  {
    route: "POST /threads/{t}/posts/{p}/hide (a member's post)",
    request: async (w) => {
      const post = await freshPostOfMember(w);
      return { method: 'POST', path: `/api/threads/${post.threadId}/posts/${post.id}/hide`, body: { reason: 'Off topic' } };
    },
    expected: [401, 404, 403, 403, 200, 200],
  },
  {
    route: "POST /threads/{t}/posts/{p}/unhide (a member's hidden post)",
    request: async (w) => {
      const post = await freshPostOfMember(w);
      await w.hub.app.request(`/api/threads/${post.threadId}/posts/${post.id}/hide`, { method: 'POST', headers: browserHeaders(w.hub, w.cookies.secretariat), body: JSON.stringify({ reason: 'Off topic' }) });
      return { method: 'POST', path: `/api/threads/${post.threadId}/posts/${post.id}/unhide`, body: {} };
    },
    expected: [401, 404, 403, 403, 200, 200],
  },
  { route: 'GET /groups/{g}/mutes', request: (w) => ({ method: 'GET', path: `/api/groups/${w.groupId}/mutes` }), expected: [401, 404, 403, 403, 200, 200] },
  {
    route: 'POST /groups/{g}/mutes (a member)',
    request: async (w) => ({ method: 'POST', path: `/api/groups/${w.groupId}/mutes`, body: { member: await freshMembership(w), until: new Date(Date.now() + 3_600_000).toISOString(), reason: 'Off topic' } }),
    expected: [401, 404, 403, 403, 201, 201],
  },
  {
    route: 'POST /groups/{g}/mutes/lift (a muted member)',
    request: async (w) => {
      const member = await freshMembership(w);
      await w.hub.app.request(`/api/groups/${w.groupId}/mutes`, {
        method: 'POST',
        headers: browserHeaders(w.hub, w.cookies.secretariat),
        body: JSON.stringify({ member, until: new Date(Date.now() + 3_600_000).toISOString(), reason: 'Off topic' }),
      });
      return { method: 'POST', path: `/api/groups/${w.groupId}/mutes/lift`, body: { member } };
    },
    expected: [401, 404, 403, 403, 200, 200],
  },
  // Agreements: the group's leaders and the secretariat mark and change; every member reads the register; the public list is open.
  {
    route: 'POST /threads/{t}/posts/{p}/agreement (a decision)',
    request: async (w) => {
      const decision = await freshDecision(w, false);
      return { method: 'POST', path: `/api/threads/${decision.threadId}/posts/${decision.id}/agreement`, body: { state: 'proposed', bindingGroups: [w.groupId] } };
    },
    expected: [401, 404, 403, 403, 201, 201],
  },
  { route: 'PATCH /agreements/{id} (a proposal)', request: async (w) => ({ method: 'PATCH', path: `/api/agreements/${(await freshDecision(w, true)).id}`, body: { public: true } }), expected: [401, 403, 403, 403, 200, 200] },
  { route: 'DELETE /agreements/{id} (a proposal)', request: async (w) => ({ method: 'DELETE', path: `/api/agreements/${(await freshDecision(w, true)).id}` }), expected: [401, 403, 403, 403, 200, 200] },
  { route: 'GET /agreements/register', request: () => ({ method: 'GET', path: '/api/agreements/register?state=proposed' }), expected: [401, 200, 200, 200, 200, 200] },
  { route: 'GET /agreements/register.csv', request: () => ({ method: 'GET', path: '/api/agreements/register.csv' }), expected: [401, 200, 200, 200, 200, 200] },
  { route: 'GET /agreements/register.md', request: () => ({ method: 'GET', path: '/api/agreements/register.md' }), expected: [401, 200, 200, 200, 200, 200] },
  { route: 'GET /agreements (public)', request: () => ({ method: 'GET', path: '/api/agreements' }), expected: [200, 200, 200, 200, 200, 200] },
  { route: 'GET /admin/groups', request: () => ({ method: 'GET', path: '/api/admin/groups' }), expected: [401, 403, 403, 403, 403, 200] },
  {
    route: 'POST /admin/groups',
    request: () => ({ method: 'POST', path: '/api/admin/groups', body: { id: `new-${randomUUID().slice(0, 8)}`, name: 'Housing taskforce' } }),
    expected: [401, 403, 403, 403, 403, 201],
  },
  { route: 'POST /admin/groups/{g}/archive', request: async (w) => ({ method: 'POST', path: `/api/admin/groups/${await freshGroup(w)}/archive`, body: {} }), expected: [401, 403, 403, 403, 403, 200] },
  { route: 'GET /admin/groups/{g}/members', request: (w) => ({ method: 'GET', path: `/api/admin/groups/${w.groupId}/members` }), expected: [401, 403, 403, 403, 403, 200] },
  {
    route: 'POST /admin/members',
    request: (w) => ({ method: 'POST', path: '/api/admin/members', body: { email: uniqueEmail('invitee'), name: 'Invited Person', groupId: w.groupId, role: 'member' } }),
    expected: [401, 403, 403, 403, 403, 201],
  },
  {
    route: 'POST /admin/groups/{g}/members/role',
    request: async (w) => ({ method: 'POST', path: `/api/admin/groups/${w.groupId}/members/role`, body: { email: await freshMembership(w), role: 'observer' } }),
    expected: [401, 403, 403, 403, 403, 200],
  },
  {
    route: 'POST /admin/groups/{g}/members/remove',
    request: async (w) => ({ method: 'POST', path: `/api/admin/groups/${w.groupId}/members/remove`, body: { email: await freshMembership(w) } }),
    expected: [401, 403, 403, 403, 403, 200],
  },
  { route: 'GET /admin/networks/{id}', request: (w) => ({ method: 'GET', path: `/api/admin/networks/${w.networkId}` }), expected: [401, 403, 403, 403, 403, 200] },
  { route: 'POST /admin/networks/{id}/feed-key', request: (w) => ({ method: 'POST', path: `/api/admin/networks/${w.networkId}/feed-key`, body: {} }), expected: [401, 403, 403, 403, 403, 200] },
  // The key is the credential (newsletter tools send no cookie): whoever holds it reads, whatever their role.
  { route: 'GET /feeds/networks/{n}/{key}.rss', request: async (w) => ({ method: 'GET', path: `/api/feeds/networks/${w.networkId}/${await currentFeedKey(w)}.rss` }), expected: [200, 200, 200, 200, 200, 200] },
  { route: 'GET /feeds/networks/{n}/{wrong key}.json', request: (w) => ({ method: 'GET', path: `/api/feeds/networks/${w.networkId}/${'x'.repeat(43)}.json` }), expected: [404, 404, 404, 404, 404, 404] },
  { route: 'GET /admin/audit', request: () => ({ method: 'GET', path: '/api/admin/audit' }), expected: [401, 403, 403, 403, 403, 200] },
  // Long work: an update's send (202, its planning job), a job's status and report, an import's steps.
  { route: 'POST /admin/updates/{id}/send', request: async (w) => ({ method: 'POST', path: `/api/admin/updates/${await freshDraft(w)}/send`, body: {} }), expected: [401, 403, 403, 403, 403, 202] },
  // Who an update would reach: a dry run of routing, writing nothing, is the secretariat's too.
  { route: 'GET /admin/updates/{id}/audience', request: async (w) => ({ method: 'GET', path: `/api/admin/updates/${await freshDraft(w)}/audience` }), expected: [401, 403, 403, 403, 403, 200] },
  {
    route: 'POST /admin/updates/audience',
    request: () => ({ method: 'POST', path: '/api/admin/updates/audience', body: { targets: { audiences: ['research'], countries: ['LI'] }, routes: { direct: true } } }),
    expected: [401, 403, 403, 403, 403, 200],
  },
  // A call for cooperation's send (202, its job) and the job's status: the group's leaders and the secretariat.
  { route: 'POST /groups/{g}/calls/{id}/send', request: async (w) => ({ method: 'POST', path: `/api/groups/${w.groupId}/calls/${await freshCall(w)}/send`, body: {} }), expected: [401, 404, 403, 403, 202, 202] },
  { route: 'GET /groups/{g}/calls/{id}/jobs/{job}', request: async (w) => ({ method: 'GET', path: await freshCallSend(w) }), expected: [401, 404, 403, 403, 200, 200] },
  { route: 'GET /admin/jobs/{id}', request: async (w) => ({ method: 'GET', path: `/api/admin/jobs/${await freshImport(w)}` }), expected: [401, 403, 403, 403, 403, 200] },
  { route: 'GET /admin/jobs/{id}/report.csv', request: async (w) => ({ method: 'GET', path: `/api/admin/jobs/${await freshImport(w)}/report.csv` }), expected: [401, 403, 403, 403, 403, 200] },
  { route: 'POST /admin/contacts/imports', request: () => ({ method: 'POST', path: '/api/admin/contacts/imports', body: { filename: 'contacts.csv', bytes: 40 } }), expected: [401, 403, 403, 403, 403, 201] },
  // Visibility: the site's page views, counts only, are the secretariat's.
  { route: 'GET /admin/visibility', request: () => ({ method: 'GET', path: '/api/admin/visibility?from=2026-11-01&to=2026-11-30' }), expected: [401, 403, 403, 403, 403, 200] },
  { route: 'GET /admin/visibility.csv', request: () => ({ method: 'GET', path: '/api/admin/visibility.csv?from=2026-11-01&to=2026-11-30' }), expected: [401, 403, 403, 403, 403, 200] },
  // Outside meetings: anyone who belongs reports one and reads the connections; the request is the secretariat's.
  {
    route: 'POST /outside-reports',
    request: () => ({
      method: 'POST',
      path: '/api/outside-reports',
      body: { body: 'OECD', meetingTitle: 'Champion Mayors meeting', date: new Date().toISOString().slice(0, 10), whatHappened: 'Mayors compared their integration strategies.' },
    }),
    expected: [401, 201, 201, 201, 201, 201],
  },
  { route: 'GET /connections', request: () => ({ method: 'GET', path: '/api/connections' }), expected: [401, 200, 200, 200, 200, 200] },
  { route: 'GET /connections.csv', request: () => ({ method: 'GET', path: '/api/connections.csv' }), expected: [401, 200, 200, 200, 200, 200] },
  { route: 'GET /admin/outside-request', request: () => ({ method: 'GET', path: '/api/admin/outside-request' }), expected: [401, 403, 403, 403, 403, 200] },
  { route: 'POST /admin/outside-request', request: () => ({ method: 'POST', path: '/api/admin/outside-request', body: { every: 'off' } }), expected: [401, 403, 403, 403, 403, 200] },
  { route: 'POST /admin/contacts/imports/{id}/start', request: async (w) => ({ method: 'POST', path: `/api/admin/contacts/imports/${await freshImport(w, false)}/start`, body: {} }), expected: [401, 403, 403, 403, 403, 202] },
  // A contact's page, its networks and the filtered list: the secretariat's.
  { route: 'GET /admin/contacts', request: () => ({ method: 'GET', path: '/api/admin/contacts?audience=research&language=en&network=matrix-network' }), expected: [401, 403, 403, 403, 403, 200] },
  { route: 'POST /admin/contacts/profile', request: async (w) => ({ method: 'POST', path: '/api/admin/contacts/profile', body: { email: await freshContact(w) } }), expected: [401, 403, 403, 403, 403, 200] },
  {
    route: 'POST /admin/contacts/networks',
    request: async (w) => ({ method: 'POST', path: '/api/admin/contacts/networks', body: { email: await freshContact(w), networks: [w.networkId] } }),
    expected: [401, 403, 403, 403, 403, 200],
  },
  // The console's attention counts are the secretariat's.
  { route: 'GET /admin/attention', request: () => ({ method: 'GET', path: '/api/admin/attention' }), expected: [401, 403, 403, 403, 403, 200] },
];

/** The matrix's world: a group with one person of each role, an outsider, the secretariat, a thread, an attachment, a network. */
export async function buildWorld(): Promise<World> {
  const world = {} as World;
  world.hub = await createTestHub();
  const people = await groupWithPeople(world.hub);
  const outsider = await groupWithPeople(world.hub);
  const secretariat = await addMember(world.hub, { secretariat: true });
  world.groupId = people.groupId;
  world.cookies = { nonMember: outsider.member.cookie, observer: people.observer.cookie, member: people.member.cookie, leader: people.leader.cookie, secretariat: await signIn(world.hub, secretariat) };
  world.emails = { nonMember: outsider.member.email, observer: people.observer.email, member: people.member.email, leader: people.leader.email, secretariat };
  const opening = await startThread(world.hub, world.groupId, world.cookies.member);
  world.threadId = opening.thread.id;
  world.postId = opening.post.id;
  const asked = await post(world.hub, `/api/groups/${world.groupId}/attachments`, { filename: 'agenda.txt', contentType: 'text/plain', size: 6 }, world.cookies.member);
  const { id, upload } = (await asked.json()) as { id: string; upload: { url: string; headers: Record<string, string> } };
  await world.hub.app.request(upload.url, { method: 'PUT', headers: { ...browserHeaders(world.hub, world.cookies.member), ...upload.headers }, body: 'Agenda' });
  await post(world.hub, `/api/attachments/${id}/confirm`, {}, world.cookies.member);
  world.attachmentId = id;
  world.networkId = 'matrix-network';
  await world.hub.deps.networks.save({ id: world.networkId, name: 'Matrix network', audiences: ['ngo'], countries: [], languages: ['en'], relayContacts: [{ name: 'Desk', email: uniqueEmail('desk') }], intro: '' });
  await world.hub.deps.networks.replaceFeedKey(world.networkId, { key: newFeedKey(), createdAt: new Date().toISOString() });
  return world;
}

/** Sends a row's request as one caller, from the hub's own origin. */
export async function send(world: World, request: Request, caller: Caller): Promise<Response> {
  const cookie = caller === 'anonymous' ? undefined : world.cookies[caller];
  const headers = { ...browserHeaders(world.hub, cookie), ...(request.raw ? { 'content-type': request.raw.contentType } : {}) };
  return world.hub.app.request(request.path, {
    method: request.method,
    headers,
    ...(request.raw ? { body: request.raw.bytes } : request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
}
