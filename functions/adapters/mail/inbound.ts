import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import type { InboundMail } from '../../core/forums/reply-by-email.ts';

/** What the receiving side knew of a mail beyond its text: the SMTP envelope, and on AWS SES's verdicts. */
export interface Envelope {
  /** MAIL FROM; an empty string for a bounce (`MAIL FROM:<>`). */
  mailFrom?: string | undefined;
  /** RCPT TO, each. */
  recipients: string[];
  /** SES: both SPF and DKIM failed. */
  authenticationFailed?: boolean;
}

const addressesOf = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) => group.value.map((a) => a.address?.toLowerCase()).filter((a): a is string => Boolean(a)));

/**
 * An inbound MIME message as the reply rule reads it (mailparser: headers, the text part, or the
 * HTML's text when there is none, and the attachments: names, types, bytes, and whether each is an
 * inline part the HTML shows by its Content-ID).
 */
export async function parseInboundMail(raw: Buffer, envelope: Envelope): Promise<InboundMail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    // The first of a repeated header wins (Received lines are not read).
    if (!(key in headers)) headers[key] = line.slice(line.indexOf(':') + 1).replace(/\s+/g, ' ').trim();
  }
  const contentType = parsed.headers.get('content-type');
  // The HTML's cid: references, to tell a picture of the mail itself from a file (core: isPictureInMail).
  const html = typeof parsed.html === 'string' ? parsed.html.toLowerCase() : '';
  const messageId = parsed.messageId?.replace(/^<|>$/g, '').trim();
  return {
    // A message without an id is known by its bytes: the same delivery twice is still one.
    messageId: messageId || `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    from: addressesOf(parsed.from)[0],
    returnPath: envelope.mailFrom ?? headers['return-path'],
    recipients: [...envelope.recipients, ...addressesOf(parsed.to), ...addressesOf(parsed.cc)],
    headers,
    contentType: typeof contentType === 'object' && contentType && 'value' in contentType ? String(contentType.value) : String(contentType ?? 'text/plain'),
    text: parsed.text ?? '',
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: new Uint8Array(a.content.buffer, a.content.byteOffset, a.content.byteLength),
      inline: a.contentDisposition === 'inline',
      shownByCid: a.cid !== undefined && html.includes(`cid:${a.cid.toLowerCase()}`),
    })),
    size: raw.length,
    ...(envelope.authenticationFailed ? { authenticationFailed: true } : {}),
  };
}
