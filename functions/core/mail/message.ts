import { z } from 'zod';

/** A header value that cannot smuggle another header in (no CR or LF). */
export const headerValue = z.string().regex(/^[^\r\n]*$/, 'must not contain line breaks');

/** One email as the domain sees it; the SES adapter turns it into MIME. */
export const outgoingEmailSchema = z.object({
  to: z.email(),
  subject: headerValue.min(1).max(250),
  text: z.string().min(1),
  html: z.string().min(1),
  /** Where the one-click unsubscribe POST goes (RFC 8058); absent for transactional mail. */
  unsubscribeUrl: z.url().optional(),
  /** Where an answer goes (a forum notification's own reply address, see core/forums/reply-by-email.ts). */
  replyTo: z.email().optional(),
  /** Sent by the hub in answer to a mail (RFC 3834 `Auto-Submitted: auto-replied`), so no robot answers it. */
  autoSubmitted: z.boolean().optional(),
  /** Extra headers, e.g. the delivery tag read back from SES events. */
  headers: z.record(z.string().regex(/^X-[A-Za-z0-9-]+$/), headerValue).default({}),
  attachments: z
    .array(z.object({ filename: headerValue.min(1), contentType: headerValue.min(3), content: z.string() }))
    .default([]),
});

export type OutgoingEmail = z.input<typeof outgoingEmailSchema>;

/** The port every sender of email uses; the SES adapter implements it. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}
