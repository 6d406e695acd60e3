import { z } from 'zod';
import type { SesEvent } from '../../core/ses-events/event.ts';

/** The SES event record (configuration-set event publishing), as the `detail` of its EventBridge event. */
const sesMessageSchema = z.object({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: z.object({
    messageId: z.string(),
    destination: z.array(z.string()).default([]),
    headers: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
    tags: z.record(z.string(), z.array(z.string())).default({}),
  }),
  bounce: z
    .object({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string(), diagnosticCode: z.string().optional() })),
    })
    .optional(),
  complaint: z
    .object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })), complaintFeedbackType: z.string().optional() })
    .optional(),
  delivery: z.object({ recipients: z.array(z.string()), smtpResponse: z.string().optional() }).optional(),
});

/**
 * The EventBridge event SES puts on the default bus for one email event (EventBridge's reference,
 * "Amazon Simple Email Service events"): `source` is `aws.ses`, `detail-type` names the event
 * (`Email Delivered`, `Email Bounced`, `Email Complaint Received`, …) and `detail` is the SES event record.
 */
const eventBridgeSchema = z.object({
  source: z.literal('aws.ses'),
  'detail-type': z.string().min(1),
  detail: z.unknown(),
});

/** What `detail-type` each SES `eventType` arrives with; an event whose two disagree is refused. */
const detailTypes: Record<string, string> = {
  delivery: 'Email Delivered',
  bounce: 'Email Bounced',
  complaint: 'Email Complaint Received',
  reject: 'Email Rejected',
  'rendering failure': 'Email Rendering Failed',
  send: 'Email Sent',
  deliverydelay: 'Email Delivery Delayed',
};

const lower = (email: string) => email.trim().toLowerCase();

/**
 * Parses the EventBridge event SES published into the domain's events (one per EventBridge event);
 * throws a ZodError naming the field on anything else: an SNS payload, a bare record, a record
 * without its mail, or a `detail-type` that contradicts the record's `eventType`.
 */
export function parseSesNotifications(payload: unknown): SesEvent[] {
  const event = eventBridgeSchema.parse(payload);
  return [event.detail].map((raw) => {
    const message = sesMessageSchema.parse(raw);
    const type = (message.eventType ?? message.notificationType ?? '').toLowerCase();
    const expected = detailTypes[type];
    if (expected && expected !== event['detail-type']) {
      throw new z.ZodError([{ code: 'custom', path: ['detail-type'], message: `expected "${expected}" for a ${message.eventType ?? type} event, got "${event['detail-type']}"`, input: event['detail-type'] }]);
    }
    const tag =
      message.mail.tags['hub-delivery']?.[0] ??
      message.mail.headers.find((h) => h.name.toLowerCase() === 'x-hub-delivery')?.value;
    const base = { messageId: message.mail.messageId, ...(tag ? { tag } : {}) };
    if (type === 'bounce' && message.bounce) {
      return {
        ...base,
        kind: 'bounce',
        bounceType: message.bounce.bounceType,
        recipients: message.bounce.bouncedRecipients.map((r) => lower(r.emailAddress)),
        detail: message.bounce.bouncedRecipients.map((r) => r.diagnosticCode ?? message.bounce!.bounceSubType ?? '').join('; '),
      } satisfies SesEvent;
    }
    if (type === 'complaint' && message.complaint) {
      return {
        ...base,
        kind: 'complaint',
        recipients: message.complaint.complainedRecipients.map((r) => lower(r.emailAddress)),
        detail: message.complaint.complaintFeedbackType ?? 'complaint',
      } satisfies SesEvent;
    }
    if (type === 'delivery' && message.delivery) {
      return { ...base, kind: 'delivery', recipients: message.delivery.recipients.map(lower), detail: message.delivery.smtpResponse ?? 'delivered' } satisfies SesEvent;
    }
    return { ...base, kind: 'other', recipients: message.mail.destination.map(lower), detail: type } satisfies SesEvent;
  });
}
