import { z } from 'zod';
import type { SesEvent } from '../../core/ses-events/event.ts';

/** The SES event (configuration-set event publishing) or notification, as SNS carries it. */
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

/** A Lambda SNS event, an SNS HTTP notification body, or the bare SES message. */
const lambdaSnsSchema = z.object({ Records: z.array(z.object({ Sns: z.object({ Message: z.string() }) })).min(1) });
const snsNotificationSchema = z.object({ Type: z.literal('Notification'), Message: z.string() });

function messagesOf(payload: unknown): unknown[] {
  const lambda = lambdaSnsSchema.safeParse(payload);
  if (lambda.success) return lambda.data.Records.map((r) => JSON.parse(r.Sns.Message));
  const notification = snsNotificationSchema.safeParse(payload);
  if (notification.success) return [JSON.parse(notification.data.Message)];
  return [payload];
}

const lower = (email: string) => email.trim().toLowerCase();

/** Parses what SNS delivered into the domain's events; throws a ZodError naming the field on a malformed one. */
export function parseSesNotifications(payload: unknown): SesEvent[] {
  return messagesOf(payload).map((raw) => {
    const message = sesMessageSchema.parse(raw);
    const type = (message.eventType ?? message.notificationType ?? '').toLowerCase();
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
