import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/*
 * Where the inbound-mail function reads a reply's bytes from. Kept apart from the parser
 * (./inbound.ts, mailparser and its charsets) so the functions that never parse mail do not carry it.
 */

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
