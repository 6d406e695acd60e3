import { DeleteCommand, GetCommand, PutCommand } from './document-client.ts';
import type { Network } from '../../core/networks/network.ts';
import { putIfAbsent, queryAll, withoutKeys, type Table } from './items.ts';
import { keys } from './partnership-store.ts';

/** A network's feed key and when it was issued (who issued it is in the audit log, which erasure rewrites). */
export interface FeedKey {
  key: string;
  createdAt: string;
}

/**
 * Multiplier networks (the same items the seed writes), and the key of each network's feed.
 *
 * | access pattern      | key condition                    |
 * |---------------------|----------------------------------|
 * | network by id       | pk = NETWORK#<id>, sk = NETWORK  |
 * | all networks        | gsi1pk = NETWORKS                |
 * | a network's feed key| pk = NETWORK#<id>, sk = FEEDKEY  |
 *
 * The feed key is an item of its own, so saving the network (a whole put) leaves it as it is.
 */
const feedKeyOf = (id: string) => ({ pk: `NETWORK#${id}`, sk: 'FEEDKEY' });

export function networkStore(table: Table) {
  const send = table.documents.send.bind(table.documents);
  return {
    get: async (id: string) => withoutKeys<Network>((await send(new GetCommand({ TableName: table.name, Key: { pk: `NETWORK#${id}`, sk: 'NETWORK' } }))).Item),
    save: (network: Network) => send(new PutCommand({ TableName: table.name, Item: { ...keys.network(network.id), type: 'network', ...network } })),
    /** The network and its feed key: a network added again later starts without a feed. */
    remove: async (id: string) => {
      await Promise.all([
        send(new DeleteCommand({ TableName: table.name, Key: { pk: `NETWORK#${id}`, sk: 'NETWORK' } })),
        send(new DeleteCommand({ TableName: table.name, Key: feedKeyOf(id) })),
      ]);
    },
    async list(): Promise<Network[]> {
      return (await queryAll(table, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'NETWORKS' } })).map((i) => withoutKeys<Network>(i)!);
    },
    feedKey: async (id: string) => {
      const item = (await send(new GetCommand({ TableName: table.name, Key: feedKeyOf(id), ConsistentRead: true }))).Item;
      return item ? ({ key: item.key, createdAt: item.createdAt } as FeedKey) : undefined;
    },
    /** Puts a new key in place of the old one, in one write: the old key stops working at once. */
    replaceFeedKey: (id: string, feedKey: FeedKey) => send(new PutCommand({ TableName: table.name, Item: { ...feedKeyOf(id), type: 'network-feed-key', ...feedKey } })),
    /** A key only where the network has none (the demo seed, run again, keeps the keys it gave). */
    addFeedKey: (id: string, feedKey: FeedKey) => putIfAbsent(table, { ...feedKeyOf(id), type: 'network-feed-key', ...feedKey }),
  };
}
export type NetworkStore = ReturnType<typeof networkStore>;
