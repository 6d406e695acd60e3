import { createMimeMessage, Mailbox } from 'mimetext';
import { outgoingEmailSchema, type Mailer, type OutgoingEmail } from '../../core/mail/message.ts';
import type { SesClients } from './client.ts';

/** Builds the MIME text of one email: text and HTML parts, one-click unsubscribe headers. */
export function toMime(email: OutgoingEmail, sender: string): string {
  const parsed = outgoingEmailSchema.parse(email);
  const message = createMimeMessage();
  message.setSender(sender);
  message.setTo(parsed.to);
  message.setSubject(parsed.subject);
  if (parsed.unsubscribeUrl) {
    message.setHeader('List-Unsubscribe', `<${parsed.unsubscribeUrl}>`);
    message.setHeader('List-Unsubscribe-Post', 'List-Unsubscribe=One-Click');
  }
  if (parsed.replyTo) message.setHeader('Reply-To', new Mailbox(parsed.replyTo));
  if (parsed.autoSubmitted) message.setHeader('Auto-Submitted', 'auto-replied');
  for (const [name, value] of Object.entries(parsed.headers)) message.setHeader(name, value);
  message.addMessage({ contentType: 'text/plain', data: parsed.text });
  message.addMessage({ contentType: 'text/html', data: parsed.html });
  for (const attachment of parsed.attachments) {
    message.addAttachment({
      filename: attachment.filename,
      contentType: attachment.contentType,
      data: Buffer.from(attachment.content).toString('base64'),
    });
  }
  return message.asRaw();
}

export function createRawMailer(
  clients: SesClients,
  options: { sender: string; configurationSet?: string | undefined },
): Mailer {
  return {
    async send(email) {
      const raw = toMime(email, options.sender);
      const result = await clients.sesv2.sendEmail(raw, options.configurationSet);
      return { messageId: result.MessageId ?? '' };
    },
  };
}
