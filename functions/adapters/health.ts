import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetAccountCommand } from '@aws-sdk/client-sesv2';
import type { SesClients } from './ses/client.ts';

export type Probe = () => Promise<void>;

/** A real round trip to the table: it exists and answers. */
export function dynamoProbe(client: DynamoDBClient, tableName: string): Probe {
  return async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus !== 'ACTIVE') throw new Error(`table ${tableName} is ${Table?.TableStatus}`);
  };
}

/** A real round trip to SES: the account answers and may send. */
export function sesProbe(clients: SesClients): Probe {
  return async () => {
    const account = await clients.sesv2.send(new GetAccountCommand({}));
    if (account.SendingEnabled === false) throw new Error('sending is disabled on the SES account');
  };
}
