import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SES_MESSAGE_ID } from './inbound-objects.ts';

/** The raw messages SES's receipt rule wrote to the bucket, each under the prefix and SES's message id. */
export function readInboundObject(client: S3Client, bucket: string, prefix: string) {
  return async (sesMessageId: string): Promise<Buffer> => {
    if (!SES_MESSAGE_ID.test(sesMessageId)) throw new Error('not an SES message id');
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${sesMessageId}` }));
    if (!object.Body) throw new Error('the inbound mail object is empty');
    return Buffer.from(await object.Body.transformToByteArray());
  };
}
