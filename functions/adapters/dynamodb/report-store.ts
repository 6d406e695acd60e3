import { ConditionalCheckFailedException, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from './document-client.ts';
import { ConflictError } from '../../core/errors.ts';
import type { DevelopmentsReport, ReportStatus } from '../../core/reports/report.ts';
import { countAll, queryAll, withoutKeys, type Table } from './items.ts';
import type { RefusalKey } from '../../core/refusals.ts';

/**
 * Developments reports: one per registrant and event, reviewed by the secretariat.
 * A report id is `<eventId>.<authorKey>` (authorKey: a short hash of the author's address).
 *
 * | access pattern                        | key condition                                                 |
 * |---------------------------------------|---------------------------------------------------------------|
 * | report by id                          | pk = EVENT#<eventId>, sk = REPORT#<authorKey>                 |
 * | review queue, oldest first            | gsi2pk = REPORTS#pending, gsi2sk = <submittedAt>#<id>         |
 * | accepted/rejected reports of a period | gsi2pk = REPORTS#<status>, gsi2sk BETWEEN <from> AND <to> (event startsAt#id) |
 * | reports naming a person (erasure)     | each REPORTS#<status>, filtered on the author's or reviewer's address |
 */
export const reportKeys = {
  report: (id: string) => {
    const [eventId, authorKey] = id.split('.') as [string, string];
    return { pk: `EVENT#${eventId}`, sk: `REPORT#${authorKey}` };
  },
  queue: (report: DevelopmentsReport) => ({
    gsi2pk: `REPORTS#${report.status}`,
    gsi2sk: report.status === 'pending' ? `${report.submittedAt}#${report.id}` : `${report.eventStartsAt}#${report.id}`,
  }),
};

export function reportStore(table: Table) {
  const T = table.name;
  const query = async (input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) => {
    return (await queryAll(table, input)).map((item) => withoutKeys<DevelopmentsReport>(item)!);
  };
  const put = async (report: DevelopmentsReport, condition: string, values: Record<string, unknown>, conflict: RefusalKey) => {
    try {
      await table.documents.send(
        new PutCommand({
          TableName: T,
          Item: { ...reportKeys.report(report.id), ...reportKeys.queue(report), type: 'developments-report', ...report },
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConflictError(conflict, {}, { status: 'reviewed' }, { cause: error });
      throw error;
    }
  };
  return {
    async getReport(id: string) {
      if (!/^[^.]+\.[^.]+$/.test(id)) return undefined;
      const { Item } = await table.documents.send(new GetCommand({ TableName: T, Key: reportKeys.report(id), ConsistentRead: true }));
      return withoutKeys<DevelopmentsReport>(Item);
    },
    /** A new report, or a new version of one still waiting for review. */
    submit: (report: DevelopmentsReport) =>
      put(report, 'attribute_not_exists(pk) OR #status = :pending', { ':pending': 'pending' }, 'report.reviewedNoChange'),
    /** Records a review; only a pending report can be reviewed, so two reviewers cannot overwrite each other. */
    review: (report: DevelopmentsReport) =>
      put(report, '#status = :pending', { ':pending': 'pending' }, 'report.reviewed'),
    /** Reports a person wrote or reviewed: every status's index, filtered (erasure and export are rare). */
    async naming(email: string) {
      const found = await Promise.all(
        (['pending', 'accepted', 'rejected'] as const).map((status) =>
          query({
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :p',
            FilterExpression: 'author.email = :e OR review.#by = :e',
            ExpressionAttributeNames: { '#by': 'by' },
            ExpressionAttributeValues: { ':p': `REPORTS#${status}`, ':e': email },
          }),
        ),
      );
      return found.flat();
    },
    /**
     * Erasure: the report stays for the plenary brief, rewritten without the person. A new id (its
     * key was derived from the author's address) replaces the old item in one transaction.
     */
    async replace(previousId: string, report: DevelopmentsReport) {
      const item = { ...reportKeys.report(report.id), ...reportKeys.queue(report), type: 'developments-report', ...report };
      if (previousId === report.id) {
        await table.documents.send(new PutCommand({ TableName: T, Item: item, ConditionExpression: 'attribute_exists(pk)' }));
        return;
      }
      await table.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: T, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Delete: { TableName: T, Key: reportKeys.report(previousId), ConditionExpression: 'attribute_exists(pk)' } },
          ],
        }),
      );
    },
    pending: () =>
      query({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': 'REPORTS#pending' } }),
    /** The review queue's length, counted by DynamoDB (the console's attention count). */
    pendingCount: () => countAll(table, { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': 'REPORTS#pending' } }),
    /** Reviewed reports whose event started in [from, to] (ISO instants). */
    reviewedBetween: (status: Exclude<ReportStatus, 'pending'>, from: string, to: string) =>
      query({
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':p': `REPORTS#${status}`, ':from': from, ':to': to },
      }),
  };
}
export type ReportStore = ReturnType<typeof reportStore>;
