import type { EventInput } from '../../functions/core/agenda/event.ts';
import type { TestHub } from './hub.ts';
import { addMember, browserHeaders, post, signIn } from './session.ts';

export const roleNames = ['anonymous', 'non-member', 'observer', 'member', 'leader', 'secretariat'] as const;
export type RoleName = (typeof roleNames)[number];

/** The Working Group the role fixtures belong to. */
export const GROUP = 'action-1';

export async function addGroup(hub: TestHub, id = GROUP, actionNumber = 1) {
  await hub.deps.partnership.addGroup({
    id,
    name: `Action ${actionNumber}: Protection of unaccompanied minors`,
    description: '',
    actionNumber,
    archived: false,
    createdAt: new Date().toISOString(),
  });
}

/** One signed-in person per role (anonymous has no cookie), with their addresses. */
export async function signInRoles(hub: TestHub) {
  await addGroup(hub);
  const people: Record<Exclude<RoleName, 'anonymous'>, string> = {
    'non-member': await addMember(hub),
    observer: await addMember(hub, { groups: [{ groupId: GROUP, role: 'observer' }] }),
    member: await addMember(hub, { groups: [{ groupId: GROUP, role: 'member' }] }),
    leader: await addMember(hub, { groups: [{ groupId: GROUP, role: 'leader' }] }),
    secretariat: await addMember(hub, { secretariat: true }),
  };
  const cookies: Record<RoleName, string | undefined> = { anonymous: undefined } as Record<RoleName, string | undefined>;
  for (const [role, email] of Object.entries(people)) cookies[role as RoleName] = await signIn(hub, email);
  return { cookies, emails: people };
}

/** A wall-clock time `days` from now in UTC, as the console sends it. */
export function wallClock(days: number, hour = 9): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return `${date.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

export function eventInput(overrides: Partial<EventInput> = {}): EventInput {
  return {
    title: 'Working session on guardianship of unaccompanied minors',
    description: 'Cities compare how guardianship works when minors turn eighteen.',
    start: wallClock(20, 9),
    end: wallClock(20, 17),
    timeZone: 'Europe/Athens',
    place: 'Athens, City Hall',
    visibility: 'members',
    actions: [1],
    ...overrides,
  };
}

export async function createEvent(hub: TestHub, secretariatCookie: string, overrides: Partial<EventInput> = {}): Promise<string> {
  const answer = await post(hub, '/api/admin/events', eventInput(overrides), secretariatCookie);
  if (answer.status !== 201) throw new Error(`creating an event answered ${answer.status}: ${await answer.text()}`);
  return ((await answer.json()) as { id: string }).id;
}

export async function request(hub: TestHub, method: string, path: string, cookie?: string, body?: unknown) {
  return hub.app.request(path, {
    method,
    headers: browserHeaders(hub, cookie),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/**
 * A session opened straight in the table, for tests that need many signed-in members at once
 * (the email sign-in is covered by auth.test.ts and would meet its own rate limits here). It lasts
 * long enough for tests that move the clock weeks ahead.
 */
export async function openSession(hub: TestHub, email: string): Promise<string> {
  const { newSecret, hashSecret } = await import('../../functions/core/auth/secrets.ts');
  const { sessionSnapshot } = await import('../../functions/api/services/sign-in.ts');
  const snapshot = await sessionSnapshot(hub.deps, email);
  if (!snapshot) throw new Error(`no member ${email}`);
  const id = newSecret();
  const now = new Date();
  await hub.deps.auth.createSession({ ...snapshot, idHash: hashSecret(id), createdAt: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + 60 * 86_400 });
  return `hub_session=${id}`;
}
