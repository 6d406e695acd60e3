import { TransactionCanceledException, TransactWriteCommand } from './document-client.ts';
import type { DailyCounts, PageDay, ReferrerDay } from '../../core/visibility/counts.ts';
import { queryAll, type Table } from './items.ts';

/** A counter item per page per day, and per referring site per day; a month a partition. */
const monthOf = (date: string) => `VIEWS#${date.slice(0, 7)}`;
const pageKey = (day: PageDay) => ({ pk: monthOf(day.date), sk: `${day.date}#P#${day.path}` });
const referrerKey = (day: ReferrerDay) => ({ pk: monthOf(day.date), sk: `${day.date}#R#${day.domain}` });
const LANGUAGE = 'lang:';
const COUNTRY = 'country:';

/** Counter updates a transaction holds besides the chunk's marker (DynamoDB allows 100 actions). */
export const COUNTERS_PER_CHUNK = 99;

/**
 * The site's daily page views: counters only, each with the audit log's retention as its TTL.
 *
 * | access pattern                   | key condition                                              |
 * |----------------------------------|------------------------------------------------------------|
 * | a page's views on a day          | pk = VIEWS#<yyyy-mm>, sk = <date>#P#<path>                 |
 * | a referring site's views on a day| pk = VIEWS#<yyyy-mm>, sk = <date>#R#<domain>               |
 * | the days of a period             | pk = VIEWS#<month> for each month, sk BETWEEN <from> AND <to>~ |
 * | a log chunk already counted      | pk = VIEWLOG#<log file>, sk = CHUNK#<n>                    |
 *
 * The counters of a page keep its views by language and by country as top-level numbers
 * (`lang:fr`, `country:DE`), so one UpdateItem ADDs to all of them and creates what is missing.
 */
export function visibilityStore(table: Table) {
  return {
    /**
     * Adds one chunk of a log file's counts, at most COUNTERS_PER_CHUNK counters, in one transaction
     * with the chunk's marker: a chunk is counted once however often its file is read again (a job that
     * died before removing the file). Answers 'already' when the marker was there.
     */
    async addChunk(chunk: { log: string; index: number; pages: PageDay[]; referrers: ReferrerDay[] }, expiry: { countersUntil: (date: string) => number; markerUntil: number }): Promise<'added' | 'already'> {
      if (chunk.pages.length + chunk.referrers.length > COUNTERS_PER_CHUNK) throw new Error(`a chunk holds at most ${COUNTERS_PER_CHUNK} counters`);
      const pageUpdate = (day: PageDay) => {
        const names: Record<string, string> = { '#views': 'views', '#date': 'date', '#path': 'path', '#type': 'type', '#expiresAt': 'expiresAt' };
        const values: Record<string, unknown> = { ':views': day.views, ':date': day.date, ':path': day.path, ':type': 'page-views', ':expiresAt': expiry.countersUntil(day.date) };
        const adds = ['#views :views'];
        Object.entries(day.byLanguage).forEach(([language, n], i) => {
          names[`#l${i}`] = `${LANGUAGE}${language}`;
          values[`:l${i}`] = n;
          adds.push(`#l${i} :l${i}`);
        });
        Object.entries(day.byCountry).forEach(([country, n], i) => {
          names[`#c${i}`] = `${COUNTRY}${country}`;
          values[`:c${i}`] = n;
          adds.push(`#c${i} :c${i}`);
        });
        return {
          Update: {
            TableName: table.name,
            Key: pageKey(day),
            UpdateExpression: `SET #date = :date, #path = :path, #type = :type, #expiresAt = :expiresAt ADD ${adds.join(', ')}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        };
      };
      const referrerUpdate = (day: ReferrerDay) => ({
        Update: {
          TableName: table.name,
          Key: referrerKey(day),
          UpdateExpression: 'SET #date = :date, #domain = :domain, #type = :type, #expiresAt = :expiresAt ADD #views :views',
          ExpressionAttributeNames: { '#views': 'views', '#date': 'date', '#domain': 'domain', '#type': 'type', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: { ':views': day.views, ':date': day.date, ':domain': day.domain, ':type': 'referrer-views', ':expiresAt': expiry.countersUntil(day.date) },
        },
      });
      const marker = {
        Put: {
          TableName: table.name,
          Item: { pk: `VIEWLOG#${chunk.log}`, sk: `CHUNK#${chunk.index}`, type: 'view-log-chunk', expiresAt: expiry.markerUntil },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
      const items = [marker, ...chunk.pages.map(pageUpdate), ...chunk.referrers.map(referrerUpdate)];
      for (let attempt = 1; ; attempt++) {
        try {
          await table.documents.send(new TransactWriteCommand({ TransactItems: items }));
          return 'added';
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const reasons = error.CancellationReasons ?? [];
          if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'already';
          // Another run's transaction held one of the same counters: nothing was written, so try again.
          if (attempt < 5 && reasons.some((r) => r.Code === 'TransactionConflict')) {
            await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt * Math.random()));
            continue;
          }
          throw error;
        }
      }
    },

    /** Every counter of the days from `from` to `to` (UTC dates, both included). */
    async between(from: string, to: string): Promise<DailyCounts> {
      const months: string[] = [];
      for (let month = from.slice(0, 7); month <= to.slice(0, 7); ) {
        months.push(month);
        const [y, m] = month.split('-').map(Number) as [number, number];
        month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
      }
      const items = (
        await Promise.all(
          months.map((month) =>
            queryAll(table, {
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
              ExpressionAttributeValues: { ':pk': `VIEWS#${month}`, ':from': `${from}#`, ':to': `${to}#~` },
            }),
          ),
        )
      ).flat();
      const counts: DailyCounts = { pages: [], referrers: [] };
      for (const item of items) {
        if (item.type === 'page-views') {
          const day: PageDay = { date: String(item.date), path: String(item.path), views: Number(item.views), byLanguage: {}, byCountry: {} };
          for (const [name, value] of Object.entries(item)) {
            if (name.startsWith(LANGUAGE)) day.byLanguage[name.slice(LANGUAGE.length)] = Number(value);
            else if (name.startsWith(COUNTRY)) day.byCountry[name.slice(COUNTRY.length)] = Number(value);
          }
          counts.pages.push(day);
        } else if (item.type === 'referrer-views') {
          counts.referrers.push({ date: String(item.date), domain: String(item.domain), views: Number(item.views) });
        }
      }
      return counts;
    },
  };
}
export type VisibilityStore = ReturnType<typeof visibilityStore>;
