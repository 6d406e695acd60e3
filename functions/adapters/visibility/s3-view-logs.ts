import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import type { ViewLogs } from '../../core/visibility/page-views.ts';

/**
 * CloudFront's standard logs in their private bucket (gzip-compressed W3C files). S3 lists keys in
 * UTF-8 order and CloudFront's names carry the hour, so the oldest come first. Counting removes a file;
 * the bucket's lifecycle rule removes whatever was never counted after a few days.
 */
export function s3ViewLogs(client: S3Client, bucket: string, prefix = ''): ViewLogs {
  return {
    async waiting(limit) {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: limit }));
      return (page.Contents ?? []).map((o) => o.Key!).filter((key) => key && !key.endsWith('/'));
    },
    async read(name) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: name }));
      const bytes = Buffer.from(await object.Body!.transformToByteArray());
      // gzip's magic number: CloudFront compresses every file it delivers.
      return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
    },
    async remove(name) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: name }));
    },
  };
}
