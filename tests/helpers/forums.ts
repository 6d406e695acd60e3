import type { TestHub } from './hub.ts';
import { addMember, browserHeaders, post, signIn } from './session.ts';
import { randomUUID } from 'node:crypto';

/** A group with a leader, two members, an observer, and a signed-in cookie for each. */
export async function groupWithPeople(hub: TestHub) {
  const groupId = `wg-${randomUUID().slice(0, 8)}`;
  await hub.deps.partnership.addGroup({ id: groupId, name: `Working Group ${groupId}`, description: '', archived: false, createdAt: new Date().toISOString() });
  const person = async (role: 'leader' | 'member' | 'observer', label: string) => {
    const email = await addMember(hub, { email: `${label}-${randomUUID().slice(0, 8)}@example.org`, name: `${label} person`, groups: [{ groupId, role }] });
    return { email, cookie: await signIn(hub, email) };
  };
  const [leader, member, other, observer] = [await person('leader', 'leader'), await person('member', 'member'), await person('member', 'other'), await person('observer', 'observer')];
  return { groupId, leader, member, other, observer };
}

export async function get(hub: TestHub, path: string, cookie?: string) {
  return hub.app.request(path, { headers: cookie ? { cookie } : {} });
}

export async function send(hub: TestHub, method: 'PUT' | 'DELETE' | 'POST', path: string, body: unknown, cookie?: string) {
  return hub.app.request(path, { method, headers: browserHeaders(hub, cookie), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

export async function startThread(hub: TestHub, groupId: string, cookie: string, title = 'Housing pilots in 2027', body = 'Which cities join the pilot?') {
  const answer = await post(hub, `/api/groups/${groupId}/threads`, { title, body }, cookie);
  if (answer.status !== 201) throw new Error(`new thread answered ${answer.status}: ${await answer.text()}`);
  return (await answer.json()) as { thread: { id: string }; post: { id: string } };
}

/** Waits for an email to `address` whose subject contains `subject` (sign-in emails aside). */
export async function mailWithSubject(hub: TestHub, address: string, subject: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await hub.inbox.waitFor(address, 1, timeoutMs).catch(() => []);
    const found = all.filter((m) => m.subject?.includes(subject));
    if (found.length) return found;
    if (Date.now() > deadline) throw new Error(`no email to ${address} about "${subject}"; got: ${all.map((m) => m.subject).join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
