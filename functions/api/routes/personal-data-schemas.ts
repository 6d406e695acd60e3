import { z } from '@hono/zod-openapi';
import { consentSchema, contactSchema } from '../../core/contacts/contact.ts';
import { expertApplicationSchema, expertStatuses } from '../../core/experts/expert.ts';
import { membershipSchema } from '../../core/groups/group.ts';
import { memberSchema } from '../../core/members/member.ts';
import { mailingChannels, outboxStatuses } from '../../core/outbox/message.ts';
import { sectionNames, type SectionName } from '../../core/privacy/personal-data.ts';
import { attachmentRefSchema, threadSchema } from './forum-schemas.ts';
import { reportSchema } from './reports.ts';

/**
 * The personal-data export, record by record: each section's records as the hub holds them, keys,
 * hashes and secrets left out (core/privacy/personal-data.ts `exportable`), times to live as dates.
 * Where a section holds several kinds of record, `kind` says which. The contract test closes every
 * object, so a field a store starts keeping must be declared here before an export may carry it.
 */
const at = z.string().openapi({ description: 'an ISO 8601 instant' });
const groupName = { group: z.string().openapi({ description: "the group's name, or its id if the group is gone" }) };
const kind = <K extends string>(name: K) => z.literal(name);

const contactRecords = z.discriminatedUnion('kind', [
  contactSchema.partial().extend({ kind: kind('contact') }),
  z.object({ kind: kind('pending-subscription'), email: z.string(), audience: z.string(), language: z.string(), country: z.string().optional(), topics: z.array(z.string()), requestedAt: at, wordingVersion: z.string(), expiresAt: at }),
  z.object({ kind: kind('relay-contact'), networkId: z.string(), network: z.string(), name: z.string(), email: z.string() }),
  z.object({ kind: kind('mail-links'), about: z.string() }),
]);

const notificationRecords = z.discriminatedUnion('kind', [
  z.object({ kind: kind('group-setting'), groupId: z.string(), ...groupName, setting: z.enum(['immediate', 'digest', 'off']).optional(), lastSeen: at.optional() }),
  z.object({ kind: kind('settings-link'), groupId: z.string(), ...groupName, expiresAt: at }),
  z.object({ kind: kind('reply-address'), groupId: z.string(), ...groupName, threadId: z.string(), expiresAt: at }),
]);

const sessionRecords = z.discriminatedUnion('kind', [
  z.object({ kind: kind('session'), name: z.string(), secretariat: z.boolean(), contributorUntil: at.optional(), createdAt: at, expiresAt: at, lastSeenAt: z.number().int().optional().openapi({ description: 'epoch seconds' }) }),
  z.object({ kind: kind('sign-in'), expiresAt: at }),
  z.object({ kind: kind('invitation'), expiresAt: at }),
  z.object({ kind: kind('calendar-feed'), createdAt: at }),
]);

const { type: _threadType, ...threadFields } = threadSchema.shape;
const threadRecord = z.object({ ...threadFields, ...groupName });

const postRecord = z.object({
  id: z.string(),
  threadId: z.string(),
  groupId: z.string(),
  ...groupName,
  threadTitle: z.string(),
  authorEmail: z.string(),
  authorName: z.string(),
  createdAt: at,
  body: z.string(),
  attachments: z.array(attachmentRefSchema),
  editedAt: at.optional(),
  revisions: z.array(z.object({ body: z.string(), editedAt: at })).optional(),
  deletedAt: at.optional(),
  decision: z.object({ recordedAt: at, recordedBy: z.string() }).optional(),
  hidden: z.object({ at, reason: z.string() }).optional(),
});

const attachmentRecord = attachmentRefSchema.extend({
  groupId: z.string(),
  uploadedBy: z.string(),
  uploadedAt: at,
  pending: z.boolean().optional(),
  expiresAt: at.optional(),
  storedAt: at.optional(),
  hidden: z.boolean().optional(),
});

const registrationRecord = z.object({
  eventId: z.string(),
  event: z.string(),
  eventStartsAt: z.string(),
  email: z.string(),
  name: z.string(),
  organisation: z.string(),
  status: z.enum(['registered', 'waitlisted']),
  requestedAt: at,
  promotedAt: at.optional(),
  mailings: z.record(z.enum(['reminder-7d', 'reminder-1d', 'report-invitation']), at),
});

// The report's id is derived from the address: the copy names the event instead.
const { type: _reportType, id: _reportId, ...reportFields } = reportSchema.shape;
const reportRecord = z.object(reportFields);

const expertRecords = z.discriminatedUnion('kind', [
  expertApplicationSchema.extend({
    kind: kind('entry'),
    status: z.enum(expertStatuses),
    acceptsCalls: z.boolean(),
    consent: consentSchema.optional(),
    proposedBy: z.string().optional(),
    calledCount: z.number().int(),
    answeredCount: z.number().int(),
    createdAt: at,
    updatedAt: at,
  }),
  z.object({ kind: kind('link'), purpose: z.string(), expiresAt: at.optional() }),
]);

const callResponseRecord = z.object({
  callId: z.string(),
  call: z.string(),
  group: z.string(),
  receivedAt: at.optional(),
  language: z.string().optional(),
  answer: z.object({ interested: z.boolean(), message: z.string().optional(), at }).nullable(),
});

/** An update's delivery (no `kind`), or another email from the outbox (`kind: email`). */
const deliveryRecord = z.object({
  updateId: z.string(),
  update: z.string().openapi({ description: "the update's title" }),
  email: z.string(),
  name: z.string(),
  route: z.string(),
  audience: z.string(),
  country: z.string(),
  language: z.string(),
  variant: z.string(),
  networkName: z.string().optional(),
  status: z.string(),
  attempts: z.number().int(),
  queuedAt: at,
  expiresAt: at,
  messageId: z.string().optional(),
  sentAt: at.optional(),
  reason: z.string().optional(),
  relayedAt: at.optional(),
  unsubscribedAt: at.optional(),
  updatedAt: at.optional(),
});
const otherEmailRecord = z.object({
  kind: kind('email'),
  mailing: z.enum(Object.keys(mailingChannels) as [keyof typeof mailingChannels]),
  status: z.enum(outboxStatuses),
  queuedAt: at,
  subject: z.string().optional(),
  sentAt: at.optional(),
  reason: z.string().optional(),
});

const ledgerRecord = z.object({
  kind: z.enum(['consent', 'withdrawal']),
  channel: z.string(),
  reason: z.string().optional(),
  source: z.string(),
  sourceCode: z.string().optional(),
  sourceValues: z.record(z.string(), z.string()).optional(),
  at,
  wordingVersion: z.string().optional(),
  recordedBy: z.string(),
});

const privacyRequestRecord = z.object({
  id: z.string(),
  kind: z.enum(['export', 'erase']),
  state: z.enum(['awaiting-confirmation', 'completed']),
  email: z.string().nullable(),
  receivedAt: at,
  deadline: at,
  linkExpiresAt: at.optional(),
  completedAt: at.optional(),
  via: z.enum(['self-service', 'secretariat']),
  handledBy: z.string().optional(),
  language: z.enum(['en', 'fr']),
});

const recordsOf: Record<SectionName, z.ZodType> = {
  contact: contactRecords,
  member: memberSchema.partial(),
  memberships: membershipSchema.partial().extend(groupName),
  notificationSettings: notificationRecords,
  sessions: sessionRecords,
  threads: threadRecord,
  posts: postRecord,
  attachments: attachmentRecord,
  registrations: registrationRecord,
  developmentsReports: reportRecord,
  expert: expertRecords,
  callResponses: callResponseRecord,
  deliveries: z.union([deliveryRecord, otherEmailRecord]),
  consents: ledgerRecord,
  privacyRequests: privacyRequestRecord,
};

export const personalDataExportSchema = z
  .object({
    email: z.string(),
    generatedAt: at,
    noticeVersion: z.string(),
    sections: z.object(Object.fromEntries(sectionNames.map((name) => [name, z.array(recordsOf[name])]))),
  })
  .openapi('PersonalDataExport');
