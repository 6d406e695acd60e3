import { z } from 'zod';
import { groupIdSchema } from '../groups/group.ts';
import { timeZoneSchema, wallClockSchema, zonedToUtc } from './time.ts';

export const visibilities = ['public', 'members', 'group'] as const;
export const visibilitySchema = z.enum(visibilities);
export type Visibility = z.infer<typeof visibilitySchema>;

/** The partnership's Actions are numbered 1 to 8. */
export const actionNumberSchema = z.number().int().min(1, 'field.actionNumber').max(8, 'field.actionNumber');

/** What the secretariat types in the console to put an event on the agenda. */
export const eventInputSchema = z
  .object({
    title: z.string().trim().min(3, 'field.titleMin3').max(160),
    description: z.string().trim().max(4000).default(''),
    start: wallClockSchema,
    end: wallClockSchema,
    timeZone: timeZoneSchema,
    place: z.string().trim().min(2).max(200).optional(),
    online: z.url({ protocol: /^https?$/, error: 'field.onlineLink' }).optional(),
    visibility: visibilitySchema,
    /** The one group that sees a `group` event. */
    groupId: groupIdSchema.optional(),
    capacity: z.number().int('field.wholeSeats').min(1, 'field.seats').max(100_000).optional(),
    registrationDeadline: wallClockSchema.optional(),
    actions: z.array(actionNumberSchema).max(8).default([]),
  })
  .superRefine((input, ctx) => {
    if (input.end <= input.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'field.endAfterStart' });
    if (!input.place && !input.online) ctx.addIssue({ code: 'custom', path: ['place'], message: 'field.place' });
    if (input.visibility === 'group' && !input.groupId) ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'field.eventGroup' });
    if (input.visibility !== 'group' && input.groupId) ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'field.groupEventOnly' });
    if (input.registrationDeadline && input.registrationDeadline > input.end) {
      ctx.addIssue({ code: 'custom', path: ['registrationDeadline'], message: 'field.deadlineBeforeEnd' });
    }
  });
export type EventInput = z.input<typeof eventInputSchema>;
export type ParsedEventInput = z.output<typeof eventInputSchema>;

/** An event as stored: wall-clock times for people, UTC instants for ordering and reminders. */
export interface AgendaEvent {
  id: string;
  slug: string;
  title: string;
  description: string;
  start: string;
  end: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  place?: string | undefined;
  online?: string | undefined;
  visibility: Visibility;
  groupId?: string | undefined;
  capacity?: number | undefined;
  registrationDeadline?: string | undefined;
  deadlineAt?: string | undefined;
  actions: number[];
  /** Seats taken and people waiting; kept on the event item so a conditional write can guard them. */
  registered: number;
  waitlisted: number;
  createdAt: string;
  createdBy: string;
}

export function slugify(title: string, startsAt: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return `${words || 'event'}-${startsAt.slice(0, 10)}`;
}

/** Builds the stored event from parsed input; the counters start at zero. */
export function newEvent(input: ParsedEventInput, meta: { id: string; createdBy: string; now: Date }): AgendaEvent {
  const startsAt = zonedToUtc(input.start, input.timeZone).toISOString();
  return {
    id: meta.id,
    slug: slugify(input.title, startsAt),
    title: input.title,
    description: input.description,
    start: input.start,
    end: input.end,
    timeZone: input.timeZone,
    startsAt,
    endsAt: zonedToUtc(input.end, input.timeZone).toISOString(),
    place: input.place,
    online: input.online,
    visibility: input.visibility,
    groupId: input.groupId,
    capacity: input.capacity,
    registrationDeadline: input.registrationDeadline,
    deadlineAt: input.registrationDeadline ? zonedToUtc(input.registrationDeadline, input.timeZone).toISOString() : undefined,
    actions: [...new Set(input.actions)].sort((a, b) => a - b),
    registered: 0,
    waitlisted: 0,
    createdAt: meta.now.toISOString(),
    createdBy: meta.createdBy,
  };
}
