import { DescribeTableCommand } from './dynamodb/document-client.ts';
import type { Table } from './dynamodb/items.ts';

export type Probe = () => Promise<void>;

/** A real round trip to the table: it exists and answers. */
export function dynamoProbe(table: Table): Probe {
  return async () => {
    const { Table: described } = await table.documents.send(new DescribeTableCommand({ TableName: table.name }));
    if (described?.TableStatus !== 'ACTIVE') throw new Error(`table ${table.name} is ${described?.TableStatus}`);
  };
}
