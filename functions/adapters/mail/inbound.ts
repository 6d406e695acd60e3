import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
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

const SES_MESSAGE_ID = /^[A-Za-z0-9._-]{1,200}$/;

/**
 * Where the inbound-mail function finds a message without a bucket: a folder, one per table, holding
 * each message under SES's message id as the rule's S3 action would. The local hub's SMTP listener
 * does not need it (it hands the bytes over itself); it lets the bundled handler run off AWS.
 */
export function localInboundMail(root: string) {
  return async (sesMessageId: string): Promise<Buffer> => {
    if (!SES_MESSAGE_ID.test(sesMessageId) || sesMessageId.startsWith('.')) throw new Error('not an SES message id');
    return readFile(path.join(root, sesMessageId));
  };
}

/** The raw messages SES's receipt rule wrote to the bucket, each under the prefix and SES's message id. */
export function readInboundObject(client: S3Client, bucket: string, prefix: string) {
  return async (sesMessageId: string): Promise<Buffer> => {
    if (!SES_MESSAGE_ID.test(sesMessageId)) throw new Error('not an SES message id');
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${sesMessageId}` }));
    if (!object.Body) throw new Error('the inbound mail object is empty');
    return Buffer.from(await object.Body.transformToByteArray());
  };
}
