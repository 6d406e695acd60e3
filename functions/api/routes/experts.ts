import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { callDraftSchema, responseSchema } from '../../core/experts/call.ts';
import { expertApplicationSchema, expertChangesSchema, expertStatuses, organisationTypeSchema } from '../../core/experts/expert.ts';
import { contributorInvitationSchema } from '../../core/groups/administration.ts';
import { groupIdSchema } from '../../core/groups/group.ts';
import { countrySchema, languageSchema, topicSchema } from '../../core/partnership/vocabulary.ts';
import type { Env } from '../env.ts';
import { wordsOf } from '../errors.ts';
import { currentSession } from '../middleware/session.ts';
import {
  answerCall,
  assertLeads,
  applyToPool,
  callForAnswer,
  callSendStatus,
  callWithResponses,
  changeEntry,
  confirmEntry,
  inviteContributor,
  leavePool,
  previewCall,
  searchPool,
  sendCall,
  stopCalls,
  viewEntry,
  writeCall,
} from '../services/experts.ts';
import { clientAddress } from '../middleware/client-address.ts';
import { error, errors, json, jsonBody, messageSchema, storedKind } from './schemas.ts';

const tokenBody = z.object({ token: z.string().min(20).max(200) });
/** An entry of the pool as its expert (and the pool's users) see it: no consent record, no proposer. */
const entrySchema = expertApplicationSchema
  .extend({
    type: storedKind('expert'),
    id: z.string(),
    status: z.enum(expertStatuses),
    acceptsCalls: z.boolean(),
    calledCount: z.number().int(),
    answeredCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ExpertEntry');
/** An entry as a search finds it. */
const foundSchema = entrySchema.pick({ id: true, email: true, name: true, organisation: true, organisationType: true, audience: true, country: true, languages: true, topics: true, profile: true, status: true, calledCount: true, answeredCount: true });
/** A call for cooperation as stored. */
const callSchema = callDraftSchema
  .extend({
    type: storedKind('call'),
    id: z.string(),
    groupId: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    status: z.enum(['draft', 'sent']),
    sentAt: z.string().optional(),
    sentCount: z.number().int(),
    answeredCount: z.number().int(),
  })
  .openapi('ExpertCall');
const callWithResponsesSchema = z.object({
  call: callSchema,
  sentCount: z.number().int(),
  responses: z.array(
    z.object({ expertId: z.string(), name: z.string(), organisation: z.string(), organisationType: organisationTypeSchema, country: z.string(), email: z.string(), interested: z.boolean(), message: z.string(), at: z.string() }),
  ),
});
const callForAnswerSchema = z.object({
  call: z.object({ id: z.string(), title: z.string(), body: z.string(), topics: z.array(topicSchema), deadline: z.string(), group: z.string(), open: z.boolean() }),
  expert: z.object({ name: z.string() }),
  answer: z.object({ interested: z.boolean(), message: z.string(), at: z.string() }).nullable(),
});
const consented = expertApplicationSchema.extend({
  consent: z.literal(true, { error: 'field.expertConsent' }),
});
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value), z.array(item).optional());
const callParams = z.object({ group: groupIdSchema, id: z.uuid() });
/** A call's send as a job, as its leaders follow it. */
const callSendJobSchema = z
  .object({
    id: z.string(),
    kind: z.literal('call-send'),
    state: z.enum(['pending', 'running', 'done', 'failed']),
    phase: z.string(),
    processed: z.number().int().openapi({ description: 'Experts gone through so far' }),
    total: z.number().int().openapi({ description: 'Experts matching (as the send goes, it counts any who matched since it was asked for)' }),
    callId: z.string(),
    matches: z.number().int(),
    sent: z.number().int().openapi({ description: 'Experts this send recorded an email for' }),
    alreadySent: z.number().int().openapi({ description: 'Experts an earlier send had reached' }),
    suppressed: z.number().int().openapi({ description: 'Experts who asked not to be mailed' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .openapi('CallSendJob');
const accepted = 'Accepted: a confirmation email is on its way (the same answer whether or not the address is known)';

export const experts = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/experts',
      summary: 'Join the expert pool (double opt-in: the person is in only after confirming)',
      request: jsonBody(consented),
      responses: { 202: json(messageSchema, accepted), ...errors(400) },
    }),
    async (c) => {
      const { consent: _consent, ...application } = c.req.valid('json');
      await applyToPool(c.var.deps, application, clientAddress(c));
      return c.json({ message: 'Thank you. Check your inbox and confirm your entry: until then you are not in the pool.' }, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/experts/proposals',
      summary: 'A member proposes an expert, who is asked to confirm',
      request: jsonBody(expertApplicationSchema),
      responses: { 202: json(messageSchema, accepted), ...errors(400, 401) },
    }),
    async (c) => {
      const session = currentSession(c);
      await applyToPool(c.var.deps, c.req.valid('json'), clientAddress(c), session);
      return c.json({ message: 'Thank you. We asked the expert to confirm their entry.' }, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/experts/confirm',
      summary: "The confirmation page's button: the person joins the pool",
      request: jsonBody(tokenBody),
      responses: { ...errors(400), 200: json(entrySchema, 'Confirmed'), ...errors(404) },
    }),
    async (c) => c.json(await confirmEntry(c.var.deps, c.req.valid('json').token), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/experts/entry',
      summary: 'See one\'s own entry (token from any email); changes nothing',
      request: jsonBody(tokenBody),
      responses: { ...errors(400), 200: json(entrySchema, 'The entry'), ...errors(404) },
    }),
    async (c) => c.json(await viewEntry(c.var.deps, c.req.valid('json').token), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/experts/entry/update',
      summary: 'Change one\'s own entry',
      request: jsonBody(tokenBody.extend({ changes: expertChangesSchema })),
      responses: { 200: json(entrySchema, 'The changed entry'), ...errors(400, 404) },
    }),
    async (c) => {
      const { token, changes } = c.req.valid('json');
      return c.json(await changeEntry(c.var.deps, token, changes), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/experts/entry/leave',
      summary: 'Leave the pool: no more calls, the profile is deleted',
      request: jsonBody(tokenBody),
      responses: { ...errors(400), 200: json(entrySchema, 'Left'), ...errors(404) },
    }),
    async (c) => c.json(await leavePool(c.var.deps, c.req.valid('json').token), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/experts/calls-off/{token}',
      summary: 'RFC 8058 one-click: stop receiving calls (mail clients post this themselves)',
      request: { params: z.object({ token: z.string().min(20).max(200) }) },
      responses: { ...errors(400), 200: json(messageSchema, 'No more calls'), ...errors(404) },
    }),
    async (c) => {
      await stopCalls(c.var.deps, c.req.valid('param').token);
      return c.json({ message: 'You will receive no more calls for cooperation. Your entry stays in the pool.' }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/experts',
      summary: 'Search the pool (secretariat and group leaders)',
      request: {
        query: z.object({
          topics: list(topicSchema),
          countries: list(countrySchema),
          types: list(organisationTypeSchema),
          languages: list(languageSchema),
          status: z.enum(['pending', 'confirmed', 'left']).optional(),
        }),
      },
      responses: { ...errors(400), 200: json(z.object({ experts: z.array(foundSchema) }), 'Matching entries'), ...errors(401, 403) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const found = await searchPool(c.var.deps, currentSession(c), {
        topics: query.topics ?? [],
        countries: query.countries,
        types: query.types,
        languages: query.languages,
        ...(query.status ? { status: query.status } : {}),
      });
      return c.json({ experts: found }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/groups/{group}/calls',
      summary: 'Write a call for cooperation for a group (leaders, secretariat)',
      request: { params: z.object({ group: groupIdSchema }), ...jsonBody(callDraftSchema) },
      responses: { 201: json(z.object({ id: z.string() }), 'Written (not sent yet)'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const call = await writeCall(c.var.deps, currentSession(c), c.req.valid('param').group, c.req.valid('json'));
      return c.json({ id: call.id }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/groups/{group}/calls/{id}/matches',
      summary: 'How many experts the call would reach, before sending',
      request: { params: callParams },
      responses: { ...errors(400), 200: json(z.object({ matches: z.number(), byCountry: z.record(z.string(), z.number()), byType: z.record(z.string(), z.number()) }), 'Match count'), ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { group, id } = c.req.valid('param');
      return c.json(await previewCall(c.var.deps, currentSession(c), group, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/groups/{group}/calls/{id}/send',
      summary: 'Send the call: one email per matching expert, never twice; answers 202 at once, with the job to follow in Location',
      description:
        'Checks the call (the caller leads the group or is the secretariat, the call is still open) and records a job that records one email per matching expert in the outbox; the send worker sends them at the SES rate. Follow `location` (also the `Location` header) until `state` is `done` or `failed`: it counts the experts `processed` of `total`, and those `sent`, `alreadySent` (by an earlier send) and `suppressed` (asked not to be mailed). Pressing again starts another job, which mails only experts who matched since.',
      request: { params: callParams },
      responses: {
        ...errors(400),
        202: {
          ...json(
            z.object({ call: z.string(), job: z.string(), state: z.literal('running'), location: z.string().openapi({ description: 'Where to follow the send' }), matches: z.number().int().openapi({ description: 'Experts matching when the send was asked for' }) }),
            'Sending; follow Location',
          ),
          headers: z.object({ Location: z.string().openapi({ description: 'The send job’s status' }) }),
        },
        ...errors(401, 403, 404),
        ...error(422, 'The call has closed (its deadline has passed)'),
      },
    }),
    async (c) => {
      const { group, id } = c.req.valid('param');
      const started = await sendCall(c.var.deps, currentSession(c), group, id);
      c.header('Location', started.location);
      return c.json(started, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/groups/{group}/calls/{id}/jobs/{job}',
      summary: "A call's send job: its state, the experts processed of those matching, and what became of them (leaders, secretariat)",
      request: { params: callParams.extend({ job: z.string().regex(/^[A-Za-z0-9_-]{10,40}$/, 'field.jobId') }) },
      responses: { ...errors(400), 200: json(callSendJobSchema, 'The send job'), ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { group, id, job } = c.req.valid('param');
      c.header('Cache-Control', 'no-store');
      return c.json(await callSendStatus(c.var.deps, currentSession(c), group, id, job, wordsOf(c)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/groups/{group}/calls/{id}',
      summary: 'A call with the answers (leaders, secretariat; 404 to non-members)',
      request: { params: callParams },
      responses: { ...errors(400), 200: json(callWithResponsesSchema, 'The call and its answers'), ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { group, id } = c.req.valid('param');
      return c.json(await callWithResponses(c.var.deps, currentSession(c), group, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/groups/{group}/calls',
      summary: 'The calls of a group (leaders, secretariat)',
      request: { params: z.object({ group: groupIdSchema }) },
      responses: { ...errors(400), 200: json(z.object({ calls: z.array(callSchema) }), 'Calls, newest first'), ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { group } = c.req.valid('param');
      const session = currentSession(c);
      assertLeads(session, group, c.var.deps.now());
      return c.json({ calls: await c.var.deps.experts.callsOfGroup(group) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/groups/{group}/calls/{id}/contributors',
      summary: 'Invite a respondent into the group as a contributor until a date',
      request: { params: callParams, ...jsonBody(contributorInvitationSchema) },
      responses: { 201: json(z.object({ email: z.string(), role: z.string(), until: z.string() }), 'Invited'), ...errors(400, 401, 403, 404), ...error(409, 'Already in the group') },
    }),
    async (c) => {
      const { group, id } = c.req.valid('param');
      const { expertId, until } = c.req.valid('json');
      const invited = await inviteContributor(c.var.deps, currentSession(c), group, id, expertId, until);
      return c.json({ email: invited.email, role: invited.role, until: invited.until }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/calls/answer-page',
      summary: "What the expert's answer page shows (token from the call email); changes nothing",
      request: jsonBody(tokenBody),
      responses: { ...errors(400), 200: json(callForAnswerSchema, 'The call and the answer so far'), ...errors(404) },
    }),
    async (c) => c.json(await callForAnswer(c.var.deps, c.req.valid('json').token), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/calls/{id}/responses',
      summary: 'An expert answers a call: interested (with a message) or not this time',
      request: { params: z.object({ id: z.uuid() }), ...jsonBody(responseSchema) },
      responses: { 201: json(z.object({ interested: z.boolean() }), 'Answer recorded'), ...errors(400, 404), ...error(422, 'The call is closed') },
    }),
    async (c) => {
      const { token, interested, message } = c.req.valid('json');
      const result = await answerCall(c.var.deps, token, { interested, message }, c.req.valid('param').id);
      return c.json(result, 201);
    },
  );
