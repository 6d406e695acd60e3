import { readFile } from 'node:fs/promises';
import path from 'node:path';

/*
 * Where the inbound-mail function reads a reply's bytes from. Kept apart from the parser
 * (./inbound.ts, mailparser and its charsets) so the functions that never parse mail do not carry it.
 */

export const SES_MESSAGE_ID = /^[A-Za-z0-9._-]{1,200}$/;

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
