import { randomUUID } from 'node:crypto';
import { eventInput } from './agenda.ts';
import { startThread } from './forums.ts';
import { uniqueEmail, type TestHub } from './hub.ts';
import { createUpdate, importCsv, queueIdle } from './mail-pipeline.ts';
import { addMember, browserHeaders, cookiesFrom, latestSignInToken, post, signIn } from './session.ts';

/** A clock the hub reads (deps.now); tests move it. */
export interface TestClock {
  now: () => Date;
}

/** Links the authors put in an update and a forum post: emails must carry them as written, never rewritten. */
export const AUTHORED_LINKS = ['https://ec.europa.eu/regional_policy/housing-first.pdf', 'https://example.eu/events/housing-first?session=2', 'https://example.eu/plan', 'https://example.eu/map.png'];
/** Remote images the authors tried to embed (an open pixel among them): no email may load them. */
export const REMOTE_IMAGES = ['https://tracker.example.com/open.gif?u=1', 'https://tracker.example.com/o.gif'];

/** The first `#token` of a link to `path` in the newest mail to `email` that carries one. */
export async function linkToken(hub: TestHub, email: string, path: string, count = 1) {
  const mails = await hub.inbox.waitFor(email, count);
  for (const mail of [...mails].reverse()) {
    const token = new RegExp(`${path}#([A-Za-z0-9_.-]+)`).exec(mail.text ?? '')?.[1];
    if (token) return token;
  }
  throw new Error(`no ${path} link for ${email}`);
}

async function expectStatus(response: Response, status: number, what: string) {
  if (response.status !== status) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
  return response;
}

/**
 * Drives, through the API and the jobs, every flow that stores something meant to expire or mails
 * someone: sign-in (one left pending), session, group created and invitation (audited), contributor
 * until a date, forum thread with an immediate notification and a reply in the daily digest, a
 * pending upload, subscription requests (one pending, one confirmed, one already subscribed), two
 * requests about personal data (not confirmed), an update with variants routed direct and through a network (plus a test send), the expert pool
 * (join, confirm, join again, a call), and the agenda (seat, waitlist, reminder). The clock stays at
 * `clock.now()` except where a flow needs time to pass (the digest an hour later, the reminder a
 * week before the event); it is back at the start when this returns.
 */
export async function runEveryFlow(hub: TestHub, clock: TestClock) {
  const start = clock.now();
  const at = (ms: number) => () => new Date(start.getTime() + ms);
  const groupId = `wg-${randomUUID().slice(0, 8)}`;
  const people = {
    secretariat: await addMember(hub, { email: uniqueEmail('secretariat'), secretariat: true }),
    leader: uniqueEmail('leader'),
    member: uniqueEmail('member'),
    invitee: uniqueEmail('invitee'),
    contributor: uniqueEmail('contributor'),
    pendingSignIn: uniqueEmail('pending'),
    subscriber: uniqueEmail('subscriber'),
    pendingSubscriber: uniqueEmail('pending-subscriber'),
    ngo: uniqueEmail('ngo'),
    city: uniqueEmail('city'),
    relay: uniqueEmail('relay'),
    expert: uniqueEmail('expert'),
  };

  // Sign-in, step by step, to keep the cookies' attributes; and one sign-in never completed.
  const login = await expectStatus(await post(hub, '/api/auth/login', { email: people.secretariat }), 202, 'login');
  const { token } = await latestSignInToken(hub, people.secretariat);
  const verify = await expectStatus(await post(hub, '/api/auth/verify', { token }, cookiesFrom(login)), 200, 'verify');
  const secretariat = cookiesFrom(verify);
  await addMember(hub, { email: people.pendingSignIn });
  await expectStatus(await post(hub, '/api/auth/login', { email: people.pendingSignIn }), 202, 'pending login');
  await hub.inbox.waitFor(people.pendingSignIn);

  // A group created and an invitation, both audited; a contributor whose membership ends by itself.
  await expectStatus(await post(hub, '/api/admin/groups', { id: groupId, name: `Working Group ${groupId}`, description: 'Housing' }, secretariat), 201, 'new group');
  await addMember(hub, { email: people.leader, name: 'Lea Leader', groups: [{ groupId, role: 'leader' }] });
  await addMember(hub, { email: people.member, name: 'Mo Member', groups: [{ groupId, role: 'member' }] });
  const [leader, member] = [await signIn(hub, people.leader), await signIn(hub, people.member)];
  await expectStatus(
    await post(hub, '/api/admin/members', { email: people.invitee, name: 'Ines Invitee', organisation: 'City of Ghent', groupId, role: 'member' }, secretariat),
    201,
    'invitation',
  );
  const contributorUntil = new Date(start.getTime() + 10 * 86_400_000).toISOString();
  await expectStatus(
    await post(hub, '/api/admin/members', { email: people.contributor, name: 'Cara Contributor', groupId, role: 'contributor', until: contributorUntil }, secretariat),
    201,
    'contributor',
  );

  // Forum: the leader hears of the member's thread at once; the member reads the leader's reply in the digest.
  const { thread } = await startThread(hub, groupId, member, 'Housing pilots in 2027', `Which cities join the pilot? See [the plan](${AUTHORED_LINKS[2]}) ![map](${AUTHORED_LINKS[3]})`);
  await hub.inbox.waitFor(people.leader, 2);
  await expectStatus(await post(hub, `/api/threads/${thread.id}/posts`, { body: 'Athens and Ghent, @' + people.member.split('@')[0] }, leader), 201, 'reply');
  const upload = await expectStatus(await post(hub, `/api/groups/${groupId}/attachments`, { filename: 'minutes.txt', contentType: 'text/plain', size: 7 }, member), 201, 'upload');
  const { id: uploadId } = (await upload.json()) as { id: string };
  clock.now = at(3_600_000);
  const { sendDigests } = await import('../../functions/api/services/notifications.ts');
  const digest = await sendDigests(hub.deps);
  // Digests are sent from the outbox, in the background: the emails are there once the queue is idle.
  await queueIdle(hub);
  clock.now = at(0);

  // Subscriptions: one left pending, one confirmed, and the confirmed address asking again.
  const subscribe = (email: string) => post(hub, '/api/subscribe', { email, audience: 'ngo', language: 'en', country: 'GR', topics: ['housing'], consent: true });
  await expectStatus(await subscribe(people.pendingSubscriber), 202, 'subscribe');
  await expectStatus(await subscribe(people.subscriber), 202, 'subscribe');
  await expectStatus(await post(hub, '/api/subscribe/confirm', { token: await linkToken(hub, people.subscriber, '/subscribe/confirm/') }), 200, 'confirm subscription');
  await expectStatus(await subscribe(people.subscriber), 202, 'subscribe again');
  await hub.inbox.waitFor(people.subscriber, 2);

  // "Your data": a copy asked for in English, an erasure in French, neither confirmed.
  await expectStatus(await post(hub, '/api/privacy/requests', { email: people.subscriber, kind: 'export' }), 202, 'export request');
  await expectStatus(await post(hub, '/api/privacy/requests', { email: people.member, kind: 'erase', language: 'fr' }), 202, 'erasure request');
  await hub.inbox.waitFor(people.subscriber, 3);

  // An update in two variants, direct and relayed by a network, and a test send to the secretariat.
  const csv = ['email,name,organisation,audience,country,language,topics', `${people.ngo},Nora,Refugee Aid,ngo,GR,en,housing`, `${people.city},Carl,City of Ghent,local-authority,BE,en,housing`].join('\n');
  await expectStatus(await importCsv(hub, secretariat, csv), 200, 'import');
  const networkId = `eurocities-${randomUUID().slice(0, 6)}`;
  await expectStatus(
    await hub.app.request(`/api/admin/networks/${networkId}`, {
      method: 'PUT',
      headers: browserHeaders(hub, secretariat),
      body: JSON.stringify({ name: 'EUROCITIES', audiences: ['local-authority'], countries: [], languages: ['en'], relayContacts: [{ name: 'Relay Desk', email: people.relay }], intro: 'Cities network' }),
    }),
    200,
    'network',
  );
  const updateId = await createUpdate(hub, secretariat, {
    title: 'Housing first results',
    subject: 'Housing first: what we learnt',
    body: `The results are in [the report](${AUTHORED_LINKS[0]}).\n\n![chart](${REMOTE_IMAGES[0]})\n\n<img src="${REMOTE_IMAGES[1]}" width="1" height="1">`,
    variants: [
      { audience: 'ngo', subject: 'For NGOs: housing first', body: `What it means for shelters: [the report](${AUTHORED_LINKS[0]}).\n\n![chart](${REMOTE_IMAGES[0]})` },
      { audience: 'local-authority', subject: 'For cities: housing first', body: 'What it means for city budgets.' },
    ],
    callToAction: { label: 'Join the session', url: AUTHORED_LINKS[1]! },
    targets: { audiences: ['ngo', 'local-authority'], countries: [] },
    routes: { direct: true, networks: [networkId] },
  });
  await expectStatus(await post(hub, `/api/admin/updates/${updateId}/test`, {}, secretariat), 202, 'test send');
  await expectStatus(await post(hub, `/api/admin/updates/${updateId}/send`, {}, secretariat), 202, 'send');
  await queueIdle(hub);
  for (const address of [people.ngo, people.city, people.relay]) await hub.inbox.waitFor(address);

  // The expert pool: join, confirm, join again, and a call from the group's leader.
  const application = {
    email: people.expert,
    name: 'Dr. Lina Haddad',
    organisation: 'Institute for Migration Research',
    organisationType: 'research',
    audience: 'research',
    country: 'GR',
    languages: ['en'],
    topics: ['housing'],
    profile: 'Researches housing first in Greek cities.',
    consent: true,
  };
  await expectStatus(await post(hub, '/api/experts', application), 202, 'join the pool');
  await expectStatus(await post(hub, '/api/experts/confirm', { token: await linkToken(hub, people.expert, '/experts/confirm/') }), 200, 'confirm entry');
  await expectStatus(await post(hub, '/api/experts', application), 202, 'join again');
  const callDeadline = new Date(start.getTime() + 7 * 86_400_000).toISOString();
  const call = await expectStatus(
    await post(hub, `/api/groups/${groupId}/calls`, { title: 'Housing first in small cities', body: 'Tell us what worked.', topics: ['housing'], countries: ['GR'], deadline: callDeadline }, leader),
    201,
    'call',
  );
  const { id: callId } = (await call.json()) as { id: string };
  await expectStatus(await post(hub, `/api/groups/${groupId}/calls/${callId}/send`, {}, leader), 202, 'send call');
  await hub.inbox.waitFor(people.expert, 3);

  // The agenda: one seat, a waitlist, and the reminder a week before.
  const event = await expectStatus(await post(hub, '/api/admin/events', eventInput({ capacity: 1 }), secretariat), 201, 'event');
  const { id: eventId } = (await event.json()) as { id: string };
  await expectStatus(await post(hub, `/api/events/${eventId}/registration`, {}, member), 201, 'registration');
  await expectStatus(await post(hub, `/api/events/${eventId}/registration`, {}, leader), 201, 'waitlist');
  const { startsAt } = (await hub.deps.events.getEvent(eventId))!;
  clock.now = () => new Date(Date.parse(startsAt) - 6.5 * 86_400_000);
  const { runJob } = await import('../../functions/jobs/index.ts');
  const reminders = await runJob(hub.deps, 'reminders');
  clock.now = at(0);

  return {
    start,
    groupId,
    people,
    cookies: { secretariat, leader, member },
    responses: { login, verify },
    threadId: thread.id,
    uploadId,
    updateId,
    networkId,
    callId,
    callDeadline,
    contributorUntil,
    eventId,
    jobs: { digest, reminders },
  };
}
