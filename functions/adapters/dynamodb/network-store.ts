import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Network } from '../../core/networks/network.ts';
import { queryAll, withoutKeys, type Table } from './items.ts';
import { keys } from './partnership-store.ts';

/**
 * Multiplier networks (the same items the seed writes).
 *
 * | access pattern  | key condition                    |
 * |-----------------|----------------------------------|
 * | network by id   | pk = NETWORK#<id>, sk = NETWORK  |
 * | all networks    | gsi1pk = NETWORKS                |
 */
export function networkStore(table: Table) {
  const send = table.documents.send.bind(table.documents);
  return {
    get: async (id: string) => withoutKeys<Network>((await send(new GetCommand({ TableName: table.name, Key: { pk: `NETWORK#${id}`, sk: 'NETWORK' } }))).Item),
    save: (network: Network) => send(new PutCommand({ TableName: table.name, Item: { ...keys.network(network.id), type: 'network', ...network } })),
    remove: (id: string) => send(new DeleteCommand({ TableName: table.name, Key: { pk: `NETWORK#${id}`, sk: 'NETWORK' } })),
    async list(): Promise<Network[]> {
      return (await queryAll(table, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'NETWORKS' } })).map((i) => withoutKeys<Network>(i)!);
    },
  };
}
export type NetworkStore = ReturnType<typeof networkStore>;
