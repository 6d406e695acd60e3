import { GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AttachmentStorage } from '../../core/forums/attachments.ts';

/**
 * Every upload arrives tagged pending (the presigned PUT signs the tag, so the browser must send it);
 * confirming it re-tags it stored. The bucket's lifecycle rule deletes objects still pending after a
 * day: a file asked for and never confirmed is not kept.
 */
export const UPLOAD_TAG = 'upload';
export const PENDING_TAG = `${UPLOAD_TAG}=pending`;

export interface S3AttachmentOptions {
  /** Long enough to send 10 MB on a slow connection; the upload request is made right before. */
  uploadSeconds: number;
  /** A download link is followed at once; a short life keeps a forwarded link from working later. */
  downloadSeconds: number;
}

/**
 * Attachments in a private bucket. The browser sends the bytes straight to S3 with a presigned
 * PUT (Lambda's payload limit is below 10 MB) and fetches them with a presigned GET the API
 * redirects to after checking membership. The PUT signs the content type and the exact length
 * the API accepted, so S3 refuses any other file; the GET forces a download under the file's name.
 */
export function s3Attachments(
  client: S3Client,
  bucket: string,
  options: S3AttachmentOptions = { uploadSeconds: 300, downloadSeconds: 60 },
  /** The key prefix: `attachments/`, or `imports/` for contact files a job reads. */
  prefix = 'attachments/',
): AttachmentStorage & { read(id: string): Promise<string | undefined>; keep(id: string, text: string): Promise<void> } {
  const key = (id: string) => {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`not an attachment id: ${id}`);
    return `${prefix}${id}`;
  };
  return {
    async uploadTarget(id, { contentType, size }) {
      const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: key(id), ContentType: contentType, ContentLength: size, Tagging: PENDING_TAG }), {
        expiresIn: options.uploadSeconds,
        // Signed as headers, not hoisted into the query: S3 then checks what the browser actually sends.
        signableHeaders: new Set(['content-type', 'content-length', 'x-amz-tagging']),
        unhoistableHeaders: new Set(['content-type', 'content-length', 'x-amz-tagging']),
      });
      return { method: 'PUT', url, headers: { 'Content-Type': contentType, 'x-amz-tagging': PENDING_TAG } };
    },
    async markStored(id) {
      await client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: key(id), Tagging: { TagSet: [{ Key: UPLOAD_TAG, Value: 'stored' }] } }));
    },
    async storedSize(id) {
      try {
        return (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key(id) }))).ContentLength;
      } catch (error) {
        if (error instanceof NotFound) return undefined;
        throw error;
      }
    },
    /**
     * A file the hub received whole (attached to a reply by email): the upload's key and the bucket's
     * encryption (SSE-S3, named so it holds whatever the bucket's default), not tagged pending, so
     * the lifecycle rule leaves it. A second PutObject of the same id replaces the first.
     */
    async store(id, { bytes, contentType }) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key(id), Body: bytes, ContentType: contentType, ContentLength: bytes.byteLength, ServerSideEncryption: 'AES256' }),
      );
    },
    /** Stores a file the API received whole (a contact file sent to the import route), not pending. */
    async keep(id, text) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key(id), Body: text, ContentType: 'text/csv' }));
    },
    /** The file as text, for a worker that reads it (a contact import); undefined when absent. */
    async read(id) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key(id) }));
        return await object.Body?.transformToString('utf-8');
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
    async download(id, { filename, contentType }) {
      const url = await getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key(id),
          ResponseContentType: contentType,
          ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
          ResponseCacheControl: 'private, no-store',
        }),
        { expiresIn: options.downloadSeconds },
      );
      return { redirect: url };
    },
  };
}
