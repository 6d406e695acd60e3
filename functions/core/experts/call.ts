import { z } from 'zod';
import { RuleViolationError } from '../errors.ts';
import { countrySchema, languageSchema, topicSchema } from '../partnership/vocabulary.ts';
import { organisationTypeSchema } from './expert.ts';

/** A group's request to matching experts to contribute, as its leader writes it. */
export const callDraftSchema = z.object({
  title: z.string().trim().min(5, 'field.titleMin5').max(160),
  body: z.string().trim().min(20, 'field.description').max(8000),
  topics: z.array(topicSchema).min(1, 'field.oneTopic'),
  countries: z.array(countrySchema).optional(),
  types: z.array(organisationTypeSchema).optional(),
  languages: z.array(languageSchema).optional(),
  deadline: z.iso.datetime({ offset: true, error: 'field.deadline' }),
});
export type CallDraft = z.infer<typeof callDraftSchema>;

export interface Call extends CallDraft {
  id: string;
  groupId: string;
  createdBy: string;
  createdAt: string;
  status: 'draft' | 'sent';
  sentAt?: string;
  sentCount: number;
  answeredCount: number;
}

export const responseSchema = z.object({
  token: z.string().min(20).max(200),
  interested: z.boolean(),
  message: z.string().trim().max(4000).default(''),
});

export interface CallResponse {
  callId: string;
  expertId: string;
  interested: boolean;
  message: string;
  at: string;
}

/** Answers close at the deadline. */
export function assertOpen(call: Call, now: Date) {
  if (Date.parse(call.deadline) <= now.getTime()) {
    throw new RuleViolationError('call.closed', { deadline: call.deadline }, { deadline: call.deadline });
  }
}

/** A draft must close in the future when written. */
export function assertDeadlineAhead(draft: CallDraft, now: Date) {
  if (Date.parse(draft.deadline) <= now.getTime()) {
    throw new RuleViolationError('call.deadlineFuture', {}, { field: 'deadline' });
  }
}
