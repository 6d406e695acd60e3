import { ConditionalCheckFailedException, DeleteCommand, GetCommand, PutCommand, UpdateCommand } from './document-client.ts';
import type { AttachmentRef } from '../../core/forums/forum.ts';
import { FORMER_MEMBER } from '../../core/privacy/personal-data.ts';
import { ignoreMissing, personIndex, personItems, sendIf, withoutKeys, type Table } from './items.ts';

/**
 * The records of files attached to forum posts (the bytes are in the attachment storage).
 *
 * | access pattern                | key condition                                      |
 * |-------------------------------|----------------------------------------------------|
 * | attachment record             | pk = ATTACHMENT#<id>, sk = ATTACHMENT              |
 * | attachments a member uploaded | gsi1pk = MEMBER#<email>, gsi1sk begins ATTACHMENT# |
 */
export const attachmentKey = (id: string) => ({ pk: `ATTACHMENT#${id}`, sk: 'ATTACHMENT' });

export interface AttachmentRecord extends AttachmentRef {
  groupId: string;
  uploadedBy: string;
  uploadedAt: string;
  /** Asked for, bytes not yet checked: such a file cannot be attached or downloaded. */
  pending?: boolean;
  /** TTL of a pending record: an upload never confirmed is forgotten after a day. */
  expiresAt?: number;
  storedAt?: string;
  /** Set while the post the file belongs to is hidden: only its uploader and the moderators download it. */
  hidden?: boolean;
}

export function attachmentRecords(table: Table) {
  const send = table.documents.send.bind(table.documents);
  const TableName = table.name;
  return {
    /** Marks the files of a hidden post (or clears the mark); a file already forgotten is skipped. */
    async setAttachmentsHidden(ids: readonly string[], hidden: boolean) {
      for (const id of ids) {
        await sendIf(
          table,
          new UpdateCommand({
            TableName,
            Key: attachmentKey(id),
            ExpressionAttributeNames: { '#hidden': 'hidden' },
            ...(hidden ? { UpdateExpression: 'SET #hidden = :yes', ExpressionAttributeValues: { ':yes': true } } : { UpdateExpression: 'REMOVE #hidden' }),
            ConditionExpression: 'attribute_exists(pk)',
          }),
        );
      }
    },

    async saveAttachment(record: AttachmentRecord) {
      await send(
        new PutCommand({
          TableName,
          Item: { ...attachmentKey(record.id), ...personIndex(record.uploadedBy, 'ATTACHMENT', record.id), type: 'attachment', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async attachmentsOf(email: string) {
      return (await personItems(table, email, 'ATTACHMENT')).map((item) => withoutKeys<AttachmentRecord>(item)!);
    },

    /** Erasure: a file that is part of a post stays with it, no longer naming who uploaded it. */
    async attributeAttachmentToFormerMember(id: string) {
      await send(
        new UpdateCommand({
          TableName,
          Key: attachmentKey(id),
          UpdateExpression: 'SET uploadedBy = :former REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':former': FORMER_MEMBER },
        }),
      ).catch(ignoreMissing);
    },

    async forgetAttachment(id: string) {
      await send(new DeleteCommand({ TableName, Key: attachmentKey(id) }));
    },

    async getAttachment(id: string) {
      const { Item } = await send(new GetCommand({ TableName, Key: attachmentKey(id) }));
      return withoutKeys<AttachmentRecord>(Item);
    },

    /** Marks the bytes as arrived; a second confirmation changes nothing (false). */
    async confirmAttachment(id: string, storedAt: string) {
      try {
        await send(
          new UpdateCommand({
            TableName,
            Key: attachmentKey(id),
            UpdateExpression: 'SET storedAt = :at REMOVE pending, expiresAt',
            ConditionExpression: 'pending = :yes',
            ExpressionAttributeValues: { ':at': storedAt, ':yes': true },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}
