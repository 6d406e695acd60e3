import { GetCommand, PutCommand, UpdateCommand } from './document-client.ts';
import type { ImportReportLine } from '../../core/contacts/import-job.ts';
import type { Job, JobAdvance, JobPosition, JobStore } from '../../core/jobs/job.ts';
import { expiresAfter } from '../../core/privacy/retention.ts';
import { batchWriteAll, queryAll, sendIf, withoutKeys, type Table } from './items.ts';

/** A job and its report are forgotten this long after it was recorded. */
export const JOB_RETENTION_DAYS = 30;

/** One line of a job's report (an import's rejected row, its issue kept to be written in a reader's language), named so that writing it again replaces it; its key is unique within the job and sortable: the report reads back in key order. */
export type JobReportLine = ImportReportLine;

/**
 * Jobs: long work advanced chunk by chunk (see core/jobs/job.ts), and their reports.
 *
 * | access pattern             | key condition                                  |
 * |----------------------------|------------------------------------------------|
 * | a job                      | pk = JOB#<id>, sk = JOB                         |
 * | its report, in key order   | pk = JOB#<id>, sk begins_with LINE#             |
 * | its report, a chunk's rows | pk = JOB#<id>, sk between LINE#<from> and <to>  |
 */
export function jobStore(table: Table): JobStore & {
  putReport(id: string, lines: readonly JobReportLine[]): Promise<void>;
  report(id: string, range?: { from: string; to: string }): Promise<JobReportLine[]>;
} {
  const TableName = table.name;
  const key = (id: string) => ({ pk: `JOB#${id}`, sk: 'JOB' });
  const expiresAtOf = (createdAt: string) => expiresAfter(new Date(createdAt), JOB_RETENTION_DAYS, 'days');

  const conditional = (command: UpdateCommand) => sendIf(table, command);

  const get = async (id: string) => {
    const { Item } = await table.documents.send(new GetCommand({ TableName, Key: key(id), ConsistentRead: true }));
    if (!Item) return undefined;
    const { type: _type, expiresAt: _expiresAt, ...job } = withoutKeys<Job & { type: string; expiresAt: number }>(Item)!;
    return job as Job;
  };

  return {
    get,
    async create(job: Job) {
      await table.documents.send(
        new PutCommand({ TableName, Item: { ...key(job.id), type: 'job', ...job, expiresAt: expiresAtOf(job.createdAt) }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    },
    start(id, params, at, first: JobPosition) {
      return conditional(
        new UpdateCommand({
          TableName,
          Key: key(id),
          UpdateExpression: 'SET #state = :running, params = :params, startedAt = :at, updatedAt = :at, phase = :phase, #cursor = :cursor',
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state', '#cursor': 'cursor' },
          ExpressionAttributeValues: { ':running': 'running', ':pending': 'pending', ':params': params, ':at': at, ':phase': first.phase, ':cursor': first.cursor },
        }),
      );
    },
    advance(id, from: JobPosition, next: JobAdvance, at) {
      const names: Record<string, string> = { '#state': 'state', '#cursor': 'cursor', '#resume': 'resume' };
      const values: Record<string, unknown> = { ':running': 'running', ':fromPhase': from.phase, ':fromCursor': from.cursor, ':phase': next.phase, ':cursor': next.cursor, ':at': at };
      const sets = ['phase = :phase', '#cursor = :cursor', 'updatedAt = :at'];
      Object.entries(next.add ?? {}).forEach(([counter, amount], i) => {
        names[`#c${i}`] = counter;
        values[`:c${i}`] = amount;
        values[':zero'] = 0;
        sets.push(`counters.#c${i} = if_not_exists(counters.#c${i}, :zero) + :c${i}`);
      });
      if (next.total !== undefined) {
        values[':total'] = next.total;
        sets.push('#total = :total');
        names['#total'] = 'total';
      }
      if (next.state && next.state !== 'running') {
        values[':state'] = next.state;
        sets.push('#state = :state');
      }
      if (next.resume !== undefined) {
        values[':resume'] = next.resume;
        sets.push('#resume = :resume');
        names['#resume'] = 'resume';
      }
      if (next.error) {
        values[':error'] = next.error;
        sets.push('#error = :error');
        names['#error'] = 'error';
      }
      return conditional(
        new UpdateCommand({
          TableName,
          Key: key(id),
          UpdateExpression: `SET ${sets.join(', ')}${next.resume === undefined ? ' REMOVE #resume' : ''}`,
          // Named conditions: still running, and still where the chunk started.
          ConditionExpression: '#state = :running AND phase = :fromPhase AND #cursor = :fromCursor',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    },
    async fail(id, error, at) {
      await conditional(
        new UpdateCommand({
          TableName,
          Key: key(id),
          UpdateExpression: 'SET #state = :failed, #error = :error, updatedAt = :at',
          ConditionExpression: '#state = :running',
          ExpressionAttributeNames: { '#state': 'state', '#error': 'error' },
          ExpressionAttributeValues: { ':failed': 'failed', ':running': 'running', ':error': error, ':at': at },
        }),
      );
    },
    async putReport(id, lines) {
      const job = await get(id);
      const expiresAt = expiresAfter(job ? new Date(job.createdAt) : new Date(), JOB_RETENTION_DAYS, 'days');
      await batchWriteAll(table, lines.map((line) => ({ PutRequest: { Item: { pk: `JOB#${id}`, sk: `LINE#${line.key}`, type: 'job-line', ...line, expiresAt } } })));
    },
    async report(id, range) {
      const items = await queryAll(
        table,
        range
          ? { KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':p': `JOB#${id}`, ':from': `LINE#${range.from}`, ':to': `LINE#${range.to}` } }
          : { KeyConditionExpression: 'pk = :p AND begins_with(sk, :l)', ExpressionAttributeValues: { ':p': `JOB#${id}`, ':l': 'LINE#' } },
      );
      return items.map((item) => ({ key: String(item.key), row: Number(item.row), field: String(item.field), issue: (item.issue as JobReportLine['issue'] | undefined) ?? writtenIssue(item) }));
    },
  };
}
export type JobReportStore = ReturnType<typeof jobStore>;

/** A line kept before lines kept their issue holds its reason written out, in English: it is read as that sentence. */
const writtenIssue = (item: Record<string, unknown>): JobReportLine['issue'] => ({ code: 'custom', message: 'field.asWritten', params: { reason: String(item.reason ?? '') }, path: [String(item.field)], input: undefined });
