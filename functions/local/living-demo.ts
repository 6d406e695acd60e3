import { GetCommand } from '../adapters/dynamodb/document-client.ts';
import { putIfAbsent } from '../adapters/dynamodb/items.ts';
import { hashSecret, newSecret } from '../core/auth/secrets.ts';
import type { Session } from '../core/auth/session.ts';
import type { Post } from '../core/forums/forum.ts';
import { inLanes } from '../core/lanes.ts';
import { eventInputSchema } from '../core/agenda/event.ts';
import { outsideInputSchema } from '../core/reports/outside.ts';
import { reportInputSchema, reviewInputSchema } from '../core/reports/report.ts';
import { callDraftSchema } from '../core/experts/call.ts';
import { updateInputSchema } from '../core/updates/update.ts';
import { createEvent, register } from '../api/services/agenda.ts';
import { answerCall, applyToPool, confirmEntry, sendCall, writeCall } from '../api/services/experts.ts';
import { moderateThread, recordDecision, reply, startThread } from '../api/services/forums.ts';
import { submitOutsideReport } from '../api/services/outside.ts';
import { reportId, reviewReport, submitReport } from '../api/services/reports.ts';
import { sendUpdate } from '../api/services/sending.ts';
import { sessionSnapshot } from '../api/services/sign-in.ts';
import { createUpdate } from '../api/services/updates.ts';
import type { Deps } from '../api/deps.ts';
import { secretariat } from './demo-data.ts';
import { demoCall, demoEvents, demoExperts, demoOutsideMeetings, demoThreads, demoUpdates, emailOf, type DemoEvent, type DemoThread } from './living-demo-content.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Marks a hub whose living demo is complete. Raise the version when the demo content grows, so
 * hubs seeded before get what is new (the pieces they have are recognised and kept).
 */
export const LIVING_DEMO_MARKER = { pk: 'DEMO', sk: 'LIVING#2' };

export interface LivingDemoResult {
  /** Service calls made: threads, replies, decisions, updates sent, events, registrations, reports, experts, calls, answers. */
  added: number;
  /** Pieces found already there. */
  kept: number;
  /** Whether the marker said the demo was complete, so nothing was looked at. */
  complete: boolean;
}

/**
 * Seeds a hub at work on top of the demo partnership (seed.ts): forum threads with replies and
 * decisions in every Working Group, sent updates, past meetings with accepted developments reports,
 * an upcoming meeting with registrations, the expert pool and an answered call for cooperation.
 *
 * Everything goes through the services the API routes call, as the people concerned, on a clock
 * set back to when they acted; the emails take the hub's own pipeline (the updates' planning and
 * sending run in the background, like any send). Each piece is looked for first, so a second run
 * adds nothing and a run after an interrupted one adds only what is missing; once all is there a
 * marker lets later starts skip the look.
 */
export async function seedLivingDemo(deps: Deps, options: { now?: Date } = {}): Promise<LivingDemoResult> {
  if (await isComplete(deps)) return { added: 0, kept: 0, complete: true };
  const base = (options.now ?? deps.now()).getTime();
  const tally = { added: 0, kept: 0 };
  const seed: Seeding = { deps, base, tally, at: (ms) => ({ ...deps, now: () => new Date(ms) }), sessions: new Map() };

  await inLanes(groupedByAction(demoThreads), 4, async (threads) => {
    for (const thread of threads) await seedThread(seed, thread);
  });
  await seedUpdates(seed);
  for (const event of demoEvents) await seedEvent(seed, event);
  await seedOutsideMeetings(seed);
  await seedExperts(seed);

  await putIfAbsent(deps.table, { ...LIVING_DEMO_MARKER, seededAt: new Date(base).toISOString() });
  return { ...tally, complete: false };
}

async function isComplete(deps: Deps) {
  const { Item } = await deps.table.documents.send(new GetCommand({ TableName: deps.table.name, Key: LIVING_DEMO_MARKER }));
  return Item !== undefined;
}

interface Seeding {
  deps: Deps;
  base: number;
  tally: { added: number; kept: number };
  /** The hub's services on a clock stopped at `ms`. */
  at: (ms: number) => Deps;
  sessions: Map<string, Promise<Session>>;
}

/** The member as if signed in (their groups and roles as the store has them). */
function sessionOf(seed: Seeding, email: string): Promise<Session> {
  let session = seed.sessions.get(email);
  if (!session) {
    session = sessionSnapshot(seed.deps, email).then((snapshot) => {
      if (!snapshot) throw new Error(`The living demo needs the member ${email}: seed the demo partnership first.`);
      const now = seed.deps.now();
      return { ...snapshot, idHash: 'living-demo', createdAt: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + 3600 };
    });
    seed.sessions.set(email, session);
  }
  return session;
}

/** Tallies a piece: found already there, or added now. */
const count = (seed: Seeding, found: boolean) => {
  if (found) seed.tally.kept++;
  else seed.tally.added++;
};

function groupedByAction(threads: DemoThread[]) {
  const groups = new Map<number, DemoThread[]>();
  for (const thread of threads) groups.set(thread.action, [...(groups.get(thread.action) ?? []), thread]);
  return [...groups.values()];
}

async function findThread(deps: Deps, groupId: string, title: string, author: string) {
  let cursor: string | undefined;
  do {
    const page = await deps.forums.threadsOf(groupId, 100, cursor);
    const found = page.threads.find((t) => t.title === title && t.authorEmail === author);
    if (found) return found;
    cursor = page.nextCursor;
  } while (cursor);
  return undefined;
}

async function postsOf(deps: Deps, threadId: string): Promise<Post[]> {
  const posts: Post[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.forums.threadPage(threadId, 100, cursor);
    posts.push(...page.posts);
    cursor = page.nextCursor;
  } while (cursor);
  return posts;
}

/** A thread, its replies a few hours apart, the leader's decision and pin. */
async function seedThread(seed: Seeding, demo: DemoThread) {
  const groupId = `action-${demo.action}`;
  const [opening, ...replies] = demo.posts;
  const opened = seed.base - demo.daysAgo * DAY;
  const timeOf = (index: number) => opened + index * 5 * HOUR;
  const leader = await sessionOf(seed, emailOf(demo.action, 'leader'));

  let thread = await findThread(seed.deps, groupId, demo.title, emailOf(demo.action, opening!.by));
  count(seed, thread !== undefined);
  if (!thread) {
    const author = await sessionOf(seed, emailOf(demo.action, opening!.by));
    thread = (await startThread(seed.at(timeOf(0)), author, groupId, { title: demo.title, body: opening!.body, attachments: [] })).thread;
  }
  const threadId = thread.id;

  let posts = await postsOf(seed.deps, threadId);
  const stored = (p: { by: DemoThread['posts'][number]['by']; body: string }) => posts.find((s) => s.authorEmail === emailOf(demo.action, p.by) && s.body === p.body);
  for (const [i, demoReply] of replies.entries()) {
    const found = stored(demoReply) !== undefined;
    count(seed, found);
    if (!found) await reply(seed.at(timeOf(i + 1)), await sessionOf(seed, emailOf(demo.action, demoReply.by)), threadId, { body: demoReply.body, attachments: [] });
  }

  posts = await postsOf(seed.deps, threadId);
  for (const [i, demoPost] of demo.posts.entries()) {
    if (!demoPost.decision) continue;
    const post = stored(demoPost);
    if (!post) throw new Error(`The post to record as a decision in "${demo.title}" is missing.`);
    count(seed, post.decision !== undefined);
    if (!post.decision) await recordDecision(seed.at(timeOf(i) + HOUR), leader, threadId, post.id, true);
  }
  if (demo.pinned) {
    const header = await seed.deps.forums.getThread(threadId);
    count(seed, header?.pinned === true);
    if (!header?.pinned) await moderateThread(seed.at(timeOf(0) + HOUR), leader, threadId, { pinned: true });
  }
}

/** Each update written and sent by the secretariat; its emails go through the background pipeline. */
async function seedUpdates(seed: Seeding) {
  const mine = await seed.deps.updates.createdBy(secretariat.email);
  for (const demo of demoUpdates) {
    const content = updateInputSchema.parse(demo.content);
    const sentAt = seed.base - demo.daysAgo * DAY;
    const found = mine.find((u) => u.title === content.title);
    const update = found ?? (await createUpdate(seed.at(sentAt - HOUR), content, secretariat.email));
    count(seed, update.status !== 'draft');
    if (update.status === 'draft') await sendUpdate(seed.at(sentAt), secretariat, update.id);
  }
}

const wallClock = (day: number, time: string) => `${new Date(day).toISOString().slice(0, 10)}T${time}`;

/** The event; registrations before it; after it, reports and the secretariat's review. */
async function seedEvent(seed: Seeding, demo: DemoEvent) {
  const day = seed.base + demo.inDays * DAY;
  const input = eventInputSchema.parse({
    title: demo.title,
    description: demo.description,
    start: wallClock(day, demo.start),
    end: wallClock(day, demo.end),
    timeZone: demo.timeZone,
    ...(demo.place ? { place: demo.place } : {}),
    ...(demo.online ? { online: demo.online } : {}),
    visibility: 'members',
    capacity: demo.capacity,
    actions: demo.actions,
  });
  const admin = await sessionOf(seed, secretariat.email);
  const known = await seed.deps.events.eventsStartingBetween(new Date(seed.base - 400 * DAY).toISOString(), '9999-12-31T23:59:59.999Z');
  let event = known.find((e) => e.title === demo.title);
  count(seed, event !== undefined);
  // Put on the agenda a month ahead, or a few days ago for an event still to come.
  if (!event) event = await createEvent(seed.at(Math.min(day - 30 * DAY, seed.base - 5 * DAY)), admin, input);
  const startsAt = Date.parse(event.startsAt);
  const endsAt = Date.parse(event.endsAt);

  const registered = new Set((await seed.deps.registrations.registrationsOf(event.id)).map((r) => r.email));
  for (const [i, person] of demo.registrants.entries()) {
    const email = emailOf(person.action, person.voice);
    count(seed, registered.has(email));
    if (registered.has(email)) continue;
    const when = Math.min(startsAt - 14 * DAY, seed.base - 2 * DAY) + i * 3 * HOUR;
    await register(seed.at(when), await sessionOf(seed, email), event.id);
  }

  for (const [i, demoReport] of demo.reports.entries()) {
    const email = emailOf(demoReport.by.action, demoReport.by.voice);
    let report = await seed.deps.reports.getReport(reportId(event.id, email));
    count(seed, report !== undefined);
    if (!report) {
      const input = reportInputSchema.parse({ whatHappened: demoReport.whatHappened, actions: demoReport.actions, links: demoReport.links ?? [], followUp: demoReport.followUp ?? '' });
      report = await submitReport(seed.at(endsAt + DAY + i * 2 * HOUR), await sessionOf(seed, email), event.id, input);
    }
    if (!demoReport.review) continue;
    count(seed, report.status !== 'pending');
    if (report.status === 'pending') await reviewReport(seed.at(endsAt + 4 * DAY + i * HOUR), admin, report.id, reviewInputSchema.parse(demoReport.review));
  }
}

/** Outside meetings members reported, each accepted by the secretariat: found again by their author and title. */
async function seedOutsideMeetings(seed: Seeding) {
  const admin = await sessionOf(seed, secretariat.email);
  for (const demo of demoOutsideMeetings) {
    const email = emailOf(demo.by.action, demo.by.voice);
    const met = seed.base - demo.daysAgo * DAY;
    let report = (await seed.deps.reports.naming(email)).find((r) => r.author.email === email && r.outside && r.eventTitle === demo.meetingTitle);
    count(seed, report !== undefined);
    if (!report) {
      const { by: _by, daysAgo: _days, note: _note, ...fields } = demo;
      const input = outsideInputSchema.parse({ ...fields, date: new Date(met).toISOString().slice(0, 10) });
      report = await submitOutsideReport(seed.at(met + 2 * DAY), await sessionOf(seed, email), input);
    }
    count(seed, report.status !== 'pending');
    if (report.status === 'pending') await reviewReport(seed.at(met + 3 * DAY), admin, report.id, reviewInputSchema.parse({ decision: 'accepted', note: demo.note }));
  }
}

/**
 * Experts join the pool from its public form and confirm from the link emailed to them; here the
 * seed holds the link's secret (stored hashed, as the service stores it), since it cannot read mail.
 */
async function linkFor(seed: Seeding, value: { purpose: 'confirm' | 'answer'; expertId: string; callId?: string }) {
  const token = newSecret();
  await seed.deps.experts.putToken(hashSecret(token), { ...value, expiresAt: Math.floor((seed.base + 30 * DAY) / 1000) });
  return token;
}

async function seedExperts(seed: Seeding) {
  const ids = new Map<string, string>();
  for (const demo of demoExperts) {
    const { email } = demo.application;
    const joined = seed.base - demo.daysAgo * DAY;
    let id = await seed.deps.experts.expertIdByEmail(email);
    if (!id) {
      await applyToPool(seed.at(joined), demo.application, 'living-demo');
      id = (await seed.deps.experts.expertIdByEmail(email))!;
    }
    const expert = await seed.deps.experts.getExpert(id);
    count(seed, expert?.status === 'confirmed');
    if (expert?.status === 'pending') await confirmEntry(seed.at(joined + 2 * HOUR), await linkFor(seed, { purpose: 'confirm', expertId: id }));
    ids.set(email, id);
  }

  const groupId = `action-${demoCall.action}`;
  const leader = await sessionOf(seed, emailOf(demoCall.action, 'leader'));
  const written = seed.base - demoCall.daysAgo * DAY;
  let call = (await seed.deps.experts.callsOfGroup(groupId)).find((c) => c.title === demoCall.draft.title);
  count(seed, call !== undefined);
  if (!call) {
    const draft = callDraftSchema.parse({ ...demoCall.draft, deadline: new Date(seed.base + demoCall.closesInDays * DAY).toISOString() });
    call = await writeCall(seed.at(written), leader, groupId, draft);
  }
  count(seed, call.status === 'sent');
  if (call.status === 'draft') await sendCall(seed.at(written + HOUR), leader, groupId, call.id);
  const answered = new Set((await seed.deps.experts.callWithAnswers(call.id)).responses.map((r) => r.expertId));
  for (const answer of demoCall.answers) {
    const expertId = ids.get(answer.expert)!;
    count(seed, answered.has(expertId));
    if (answered.has(expertId)) continue;
    const token = await linkFor(seed, { purpose: 'answer', expertId, callId: call.id });
    await answerCall(seed.at(seed.base - answer.daysAgo * DAY), token, { interested: answer.interested, message: answer.message }, call.id);
  }
}
