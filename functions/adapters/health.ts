import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

export type Probe = () => Promise<void>;

/** A real round trip to the table: it exists and answers. */
export function dynamoProbe(client: DynamoDBClient, tableName: string): Probe {
  return async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus !== 'ACTIVE') throw new Error(`table ${tableName} is ${Table?.TableStatus}`);
  };
}
