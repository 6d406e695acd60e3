import { randomUUID } from 'node:crypto';
import { createEvent, wallClock } from './agenda.ts';
import type { TestHub } from './hub.ts';
import { createUpdate, queueIdle } from './mail-pipeline.ts';
import { addMember, browserHeaders, fromAddress, newClientAddress, post, signIn } from './session.ts';

const DAY = 86_400_000;

/** A client address of its own per request: the public forms limit how often one client may ask. */
/** A request from a client of its own, so the fixture's forms count apart from other tests'. */
const fromClient = (hub: TestHub, path: string, body: unknown) =>
  hub.app.request(path, { method: 'POST', headers: browserHeaders(hub), body: JSON.stringify(body) }, fromAddress(newClientAddress()));

async function expectStatus(response: Response, status: number, what: string) {
  if (response.status !== status) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
  return response;
}

async function json<T>(response: Response, status: number, what: string): Promise<T> {
  return (await (await expectStatus(response, status, what)).json()) as T;
}

/** The `#token` of the newest link to `path` in the mails to `email`. */
async function linkToken(hub: TestHub, email: string, path: string, count = 1) {
  const mails = await hub.inbox.waitFor(email, count);
  for (const mail of [...mails].reverse()) {
    const token = new RegExp(`${path}#([A-Za-z0-9_.-]+)`).exec(mail.text ?? '')?.[1];
    if (token) return token;
  }
  throw new Error(`no ${path} link in the mails to ${email}`);
}

export interface Person {
  email: string;
  name: string;
  cookie: string;
  threadId: string;
  openingPostId: string;
  replyId: string;
  attachmentId: string;
  pendingAttachmentId: string;
}

/**
 * One person the hub knows in every way it can, built through the API as people and the
 * secretariat would: invited into a working group (an audit entry names them) and signed in, with a
 * pending sign-in and the invitation still open; notifications set to immediate (so others' posts
 * mail them a settings link); a thread with an attachment, a reply they edited, a reply in someone
 * else's thread, and an upload never confirmed; a seat at an event to come and at one past, with a
 * developments report on the past one; a subscribed contact who received an update; an expert who
 * received a call and answered it, and who proposed someone else; a relay contact of a network; a
 * calendar feed.
 */
async function personWithEverything(hub: TestHub, world: World, who: { name: string; local: string; country: string }, options: { proposes?: boolean } = {}) {
  const email = `${who.local}-${randomUUID().slice(0, 6)}@example.org`;
  const admin = world.secretariat;

  await json(await post(hub, '/api/admin/members', { email, name: who.name, organisation: 'Ciudad de Valencia', groupId: world.groupId, role: 'member' }, admin), 201, 'invite');
  const cookie = await signIn(hub, email);
  // A second request for a link, never used: a pending sign-in stays.
  await expectStatus(await post(hub, '/api/auth/login', { email }), 202, 'login');

  await json(await hub.app.request(`/api/groups/${world.groupId}/notifications`, { method: 'PUT', headers: browserHeaders(hub, cookie), body: JSON.stringify({ setting: 'immediate' }) }), 200, 'notification setting');

  const attachmentId = await upload(hub, world.groupId, cookie, 'agenda.csv', 'city,date\nValencia,2027-03-12\n', true);
  const pendingAttachmentId = await upload(hub, world.groupId, cookie, 'draft.txt', 'not sent yet', false);
  const started = await json<{ thread: { id: string }; post: { id: string } }>(
    await post(hub, `/api/groups/${world.groupId}/threads`, { title: `Housing pilots in ${who.country}`, body: 'Which cities join the housing pilot next spring?', attachments: [attachmentId] }, cookie),
    201,
    'new thread',
  );
  const reply = await json<{ post: { id: string } }>(await post(hub, `/api/threads/${started.thread.id}/posts`, { body: 'Our city council votes in March.' }, cookie), 201, 'reply');
  await json(
    await hub.app.request(`/api/threads/${started.thread.id}/posts/${reply.post.id}`, { method: 'PUT', headers: browserHeaders(hub, cookie), body: JSON.stringify({ body: 'Our city council votes in April.' }) }),
    200,
    'edit',
  );
  await json(await post(hub, `/api/threads/${world.leaderThreadId}/posts`, { body: 'We can host the next meeting.' }, cookie), 201, 'reply elsewhere');

  for (const eventId of [world.futureEventId, world.pastEventId]) await json(await post(hub, `/api/events/${eventId}/registration`, {}, cookie), 201, 'registration');
  await json(await post(hub, '/api/calendar-feed', {}, cookie), 201, 'calendar feed');

  await expectStatus(await fromClient(hub, '/api/subscribe', { email, audience: 'ngo', country: who.country, topics: ['housing'], consent: true }), 202, 'subscribe');
  await expectStatus(await post(hub, '/api/subscribe/confirm', { token: await linkToken(hub, email, '/subscribe/confirm/') }), 200, 'confirm subscription');

  const application = {
    email,
    name: who.name,
    organisation: 'Ciudad de Valencia',
    organisationType: 'local-authority',
    audience: 'local-authority',
    country: who.country,
    languages: ['en', 'es'],
    topics: ['housing'],
    profile: 'Runs the housing first programme of the city and its evaluation.',
    consent: true,
  };
  await expectStatus(await fromClient(hub, '/api/experts', application), 202, 'join the pool');
  await expectStatus(await post(hub, '/api/experts/confirm', { token: await linkToken(hub, email, '/experts/confirm/') }), 200, 'confirm expert');

  if (options.proposes) {
    const { consent: _consent, ...proposal } = { ...application, email: `proposed-${randomUUID().slice(0, 6)}@example.org`, name: 'Carla Proposed', country: 'IT' };
    await expectStatus(await post(hub, '/api/experts/proposals', proposal, cookie), 202, 'propose an expert');
  }
  return { email, name: who.name, cookie, threadId: started.thread.id, openingPostId: started.post.id, replyId: reply.post.id, attachmentId, pendingAttachmentId };
}

/** The three steps a browser takes to attach a file; `confirm: false` stops after asking. */
async function upload(hub: TestHub, groupId: string, cookie: string, filename: string, text: string, confirm: boolean) {
  const asked = await json<{ id: string; upload: { url: string; headers: Record<string, string> }; confirm: string }>(
    await post(hub, `/api/groups/${groupId}/attachments`, { filename, contentType: filename.endsWith('.csv') ? 'text/csv' : 'text/plain', size: Buffer.byteLength(text) }, cookie),
    201,
    'upload request',
  );
  if (!confirm) return asked.id;
  await expectStatus(await hub.app.request(asked.upload.url, { method: 'PUT', headers: { ...browserHeaders(hub, cookie), ...asked.upload.headers }, body: text }), 204, 'upload');
  await expectStatus(await post(hub, asked.confirm, {}, cookie), 200, 'upload confirmation');
  return asked.id;
}

interface World {
  groupId: string;
  secretariat: string;
  leader: { email: string; cookie: string };
  leaderThreadId: string;
  futureEventId: string;
  pastEventId: string;
}

export interface Everything extends World {
  ana: Person;
  bruno: Person;
  /** Waits for the seat Ana holds at the event to come. */
  waiting: { email: string; cookie: string };
  networkId: string;
  relayDesk: string;
  updateId: string;
  callId: string;
}

/**
 * Ana Márquez, whom the hub holds in every way it can (see `personWithEverything`), and Bruno
 * Keller with the same kinds of data, whom erasing Ana must leave untouched. Around them: the
 * secretariat, a leader (who writes the call and a thread both reply in), a member waiting for a
 * seat at the event to come (capacity 2), and a network Ana relays for beside its own desk.
 *
 * The clock ends three days ahead, after the past event: that is when the reports are written.
 */
export async function givePersonEverything(hub: TestHub, clock: { now: () => Date }): Promise<Everything> {
  clock.now = () => new Date();
  const secretariat = await signIn(hub, await addMember(hub, { secretariat: true, name: 'Sofia Secretariat' }));
  const groupId = `wg-${randomUUID().slice(0, 8)}`;
  await json(await post(hub, '/api/admin/groups', { id: groupId, name: 'Working Group on housing', description: '' }, secretariat), 201, 'new group');
  const leaderEmail = await addMember(hub, { name: 'Lena Leader', groups: [{ groupId, role: 'leader' }] });
  const leader = { email: leaderEmail, cookie: await signIn(hub, leaderEmail) };
  const leaderThread = await json<{ thread: { id: string } }>(await post(hub, `/api/groups/${groupId}/threads`, { title: 'Next meeting', body: 'Who hosts the next meeting?' }, leader.cookie), 201, 'leader thread');
  const futureEventId = await createEvent(hub, secretariat, { title: 'Housing pilots workshop', capacity: 2, start: wallClock(20, 9), end: wallClock(20, 17), timeZone: 'UTC' });
  const pastEventId = await createEvent(hub, secretariat, { title: 'Housing webinar', start: wallClock(1, 9), end: wallClock(1, 11), timeZone: 'UTC' });
  const world: World = { groupId, secretariat, leader, leaderThreadId: leaderThread.thread.id, futureEventId, pastEventId };

  const ana = await personWithEverything(hub, world, { name: 'Ana Márquez', local: 'ana.marquez', country: 'ES' }, { proposes: true });
  const bruno = await personWithEverything(hub, world, { name: 'Bruno Keller', local: 'bruno.keller', country: 'DE' });
  const waitingEmail = await addMember(hub, { name: 'Wim Waiting', groups: [{ groupId, role: 'member' }] });
  const waiting = { email: waitingEmail, cookie: await signIn(hub, waitingEmail) };
  const held = await json<{ status: string }>(await post(hub, `/api/events/${futureEventId}/registration`, {}, waiting.cookie), 201, 'waitlist');
  if (held.status !== 'waitlisted') throw new Error(`expected the third registrant to wait, got ${held.status}`);

  // Each posts in the other's thread, so both get a settings link by email.
  await json(await post(hub, `/api/threads/${ana.threadId}/posts`, { body: 'Munich would join.' }, bruno.cookie), 201, 'reply to Ana');
  await json(await post(hub, `/api/threads/${bruno.threadId}/posts`, { body: 'Valencia would join.' }, ana.cookie), 201, 'reply to Bruno');

  const networkId = `net-${randomUUID().slice(0, 6)}`;
  const relayDesk = `desk-${randomUUID().slice(0, 6)}@example.org`;
  await json(
    await hub.app.request(`/api/admin/networks/${networkId}`, {
      method: 'PUT',
      headers: browserHeaders(hub, secretariat),
      body: JSON.stringify({ name: 'Research Network', audiences: ['research'], countries: [], languages: ['en'], relayContacts: [{ name: 'Ana Márquez', email: ana.email }, { name: 'Relay Desk', email: relayDesk }], intro: '' }),
    }),
    200,
    'network',
  );

  const updateId = await createUpdate(hub, secretariat, { title: 'Housing first results', subject: 'Housing first: what we learnt', body: 'What the pilots taught us.', targets: { audiences: ['ngo'] }, routes: { direct: true } });
  await json(await post(hub, `/api/admin/updates/${updateId}/send`, {}, secretariat), 202, 'send update');
  await queueIdle(hub);

  const deadline = new Date(Date.now() + 7 * DAY).toISOString();
  const call = await json<{ id: string }>(
    await post(hub, `/api/groups/${groupId}/calls`, { title: 'Housing first in small towns', body: 'We look for cities that ran housing first outside their centre. Tell us what worked.', topics: ['housing'], deadline }, leader.cookie),
    201,
    'call',
  );
  await json(await post(hub, `/api/groups/${groupId}/calls/${call.id}/send`, {}, leader.cookie), 202, 'send call');
  // The call's emails are sent from the outbox, in the background.
  await queueIdle(hub);
  for (const person of [ana, bruno]) {
    const token = await linkToken(hub, person.email, '/experts/answer/');
    await json(await post(hub, `/api/calls/${call.id}/responses`, { token, interested: true, message: 'We ran it in two districts.' }), 201, 'answer');
  }

  // After the past event: the reports.
  clock.now = () => new Date(Date.now() + 3 * DAY);
  const report = { whatHappened: 'Cities compared how they find homes for people leaving reception centres.', actions: [1], links: [], followUp: '' };
  for (const person of [ana, bruno]) await json(await post(hub, `/api/events/${pastEventId}/report`, report, person.cookie), 201, 'report');

  return { ...world, ana, bruno, waiting, networkId, relayDesk, updateId, callId: call.id };
}
