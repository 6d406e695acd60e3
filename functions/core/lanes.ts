/**
 * Runs `work` on every item with at most `lanes` at once, in order of the list. DynamoDB calls
 * and SES sends wait on the network, so a few lanes go much faster than one; a bound keeps a
 * request or a worker from flooding the table or the pacer.
 */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(0, Math.min(lanes, items.length)) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
