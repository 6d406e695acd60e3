import { z } from 'zod';
import { PayloadTooLargeError, RuleViolationError } from '../errors.ts';
import { MAX_ATTACHMENT_BYTES } from './attachment-limits.ts';

/** The files one post may carry, from the post form or by email. */
export const MAX_ATTACHMENTS_PER_POST = 5;

/** The file types a working group exchanges; nothing a browser would run. */
export const attachmentTypes: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  txt: 'text/plain',
  csv: 'text/csv',
};

export const attachmentFilenameSchema = z
  .string()
  .trim()
  .min(1, 'field.fileName')
  .max(150, 'field.atMost150')
  .refine((name) => !/[\\/"<>:|?*]/.test(name) && ![...name].some((ch) => ch.charCodeAt(0) < 32), 'field.plainFileName');

/**
 * Checks an upload against the allowlist: the extension decides the type, and the declared type
 * must agree, so a renamed file is not served as something else.
 */
export function checkAttachment(filename: string, declaredType: string, size: number): { contentType: string } {
  if (size > MAX_ATTACHMENT_BYTES) throw new PayloadTooLargeError('attachment.tooLarge', { size: Math.round((size / 1024 / 1024) * 10) / 10 });
  if (size === 0) throw new RuleViolationError('attachment.empty', {}, { field: 'file' });
  const extension = filename.toLowerCase().split('.').at(-1) ?? '';
  const contentType = attachmentTypes[extension];
  const declared = declaredType.split(';')[0]!.trim().toLowerCase();
  if (!contentType) {
    throw new RuleViolationError('attachment.typeRefused', { extension, allowed: Object.keys(attachmentTypes).join(', ') }, { field: 'filename' });
  }
  if (declared !== contentType && declared !== 'application/octet-stream') {
    throw new RuleViolationError('attachment.typeMismatch', { filename, extension, declared }, { field: 'content-type' });
  }
  return { contentType };
}

/** What a member declares before sending a file: the API checks it, then says where to send the bytes. */
export const uploadRequestSchema = z.object({
  filename: attachmentFilenameSchema,
  contentType: z.string().trim().min(1, 'field.fileType').max(200),
  size: z.number({ error: 'field.sizeBytes' }).int('field.wholeBytes').min(1, 'field.fileNotEmpty'),
});

/** Where the browser sends a file's bytes: a short-lived signed URL, or the hub's own route. */
export interface UploadTarget {
  method: 'PUT';
  url: string;
  /** Headers the PUT must carry as they are (the signature covers them). */
  headers: Record<string, string>;
}

/** How a member gets a file: its bytes through the hub, or a short-lived signed URL to go to. */
export type AttachmentDownload = { bytes: Uint8Array } | { redirect: string };

/**
 * Where attachment bytes live: local disk, or (on AWS) a bucket. Both take the same three steps:
 * the API asks for an upload target, the browser PUTs the bytes there, the API checks what arrived.
 */
export interface AttachmentStorage {
  uploadTarget(id: string, file: { contentType: string; size: number }): Promise<UploadTarget>;
  /**
   * Only for storages whose upload target is the hub itself; a bucket takes the bytes directly.
   * Writes the body as it arrives, never holding it whole. Once more than `maxBytes` have arrived
   * it stops reading, deletes what it wrote and answers `tooLarge`; else how many bytes it kept.
   */
  receive?(id: string, body: ReadableStream<Uint8Array>, maxBytes: number): Promise<{ bytes: number } | { tooLarge: true }>;
  /**
   * Stores bytes the hub received whole (a file attached to a reply by email) under the same key as
   * an upload, kept at once (nothing pending). Writing the same id again replaces the bytes, so a
   * retried delivery that derives its ids from the message stores each file once.
   */
  store(id: string, file: { bytes: Uint8Array; contentType: string }): Promise<void>;
  /** Forgets received bytes the hub will not keep (not the size the upload request declared). */
  discard?(id: string): Promise<void>;
  /** The size of what arrived, or undefined when nothing did. */
  storedSize(id: string): Promise<number | undefined>;
  /**
   * The upload is confirmed: bytes a storage keeps as pending until then (a bucket tags them, and a
   * lifecycle rule deletes what stays pending) are kept from now on.
   */
  markStored?(id: string): Promise<void>;
  download(id: string, file: { filename: string; contentType: string }): Promise<AttachmentDownload | undefined>;
}
