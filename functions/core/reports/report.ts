import { z } from 'zod';
import { actionNumberSchema } from '../agenda/event.ts';
import type { OutsideMeeting } from './outside.ts';

/** The short form a registrant fills in after an event. */
export const reportInputSchema = z.object({
  whatHappened: z.string().trim().min(10, 'field.whatHappened').max(4000),
  actions: z.array(actionNumberSchema).max(8).default([]),
  links: z.array(z.url({ protocol: /^https?$/, error: 'field.httpLinks' })).max(10).default([]),
  followUp: z.string().trim().max(2000).default(''),
});
export type ReportInput = z.input<typeof reportInputSchema>;
export type ParsedReportInput = z.output<typeof reportInputSchema>;

export const reportStatuses = ['pending', 'accepted', 'rejected'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

/** What the secretariat decides: accept (possibly edited) or reject, with a note either way. */
export const reviewInputSchema = z.object({
  decision: z.enum(['accepted', 'rejected']),
  note: z.string().trim().max(1000).default(''),
  /** Only the fields the secretariat changed: no defaults here, or an edit would blank the rest. */
  edits: z
    .object({
      whatHappened: reportInputSchema.shape.whatHappened.optional(),
      actions: z.array(actionNumberSchema).max(8).optional(),
      links: z.array(z.url({ protocol: /^https?$/, error: 'field.httpLinks' })).max(10).optional(),
      followUp: z.string().trim().max(2000).optional(),
    })
    .optional(),
});
export type ReviewInput = z.input<typeof reviewInputSchema>;

/** A developments report, with the event facts the brief needs copied in (the brief reads one index). */
export interface DevelopmentsReport extends ParsedReportInput {
  id: string;
  eventId: string;
  eventTitle: string;
  eventStartsAt: string;
  eventTimeZone: string;
  /** Set on the report of a meeting outside the hub (its eventId then starts with `outside-`). */
  outside?: OutsideMeeting | undefined;
  author: { email: string; name: string; organisation: string };
  status: ReportStatus;
  submittedAt: string;
  review?: { decision: 'accepted' | 'rejected'; note: string; by: string; at: string; edited: boolean } | undefined;
  /** What the author wrote, kept when the secretariat edits. */
  original?: ParsedReportInput | undefined;
}

/** Applies the secretariat's edits; the author's words are kept beside them. */
export function applyReview(report: DevelopmentsReport, review: z.output<typeof reviewInputSchema>, by: string, now: Date): DevelopmentsReport {
  const edits = Object.fromEntries(Object.entries(review.edits ?? {}).filter(([, v]) => v !== undefined)) as Partial<ParsedReportInput>;
  const edited = Object.keys(edits).length > 0;
  const { id: _id, eventId: _e, eventTitle: _t, eventStartsAt: _s, eventTimeZone: _z, outside: _out, author: _a, status: _st, submittedAt: _at, review: _r, original: _o, ...content } = report;
  return {
    ...report,
    ...edits,
    status: review.decision,
    review: { decision: review.decision, note: review.note, by, at: now.toISOString(), edited },
    ...(edited ? { original: report.original ?? content } : {}),
  };
}
