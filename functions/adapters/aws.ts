import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientOptions } from './aws-options.ts';
import type { Config } from './config.ts';
import { authStore } from './dynamodb/auth-store.ts';
import { expertStore } from './dynamodb/expert-store.ts';
import type { Table } from './dynamodb/items.ts';
import { partnershipStore } from './dynamodb/partnership-store.ts';
import { rateLimiter } from './dynamodb/rate-limiter.ts';
import { dynamoProbe, sesProbe } from './health.ts';
import { createSesClients } from './ses/client.ts';
import { createRawMailer } from './ses/raw-mailer.ts';
import { createMailPipeline } from './sqs/send-pipeline.ts';

/** The AWS clients of one process, built once from configuration, behind the ports core declares. */
export function createAwsAdapters(config: Config) {
  const dynamodb = new DynamoDBClient(awsClientOptions(config, config.DYNAMODB_ENDPOINT));
  const documents = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const ses = createSesClients(config);
  const table: Table = { documents, name: config.TABLE_NAME };
  return {
    table,
    partnership: partnershipStore(table),
    auth: authStore(table),
    experts: expertStore(table),
    rateLimiter: rateLimiter(table),
    mailer: createRawMailer(ses, { sender: config.SENDER, configurationSet: config.SES_CONFIGURATION_SET }),
    probes: { dynamodb: dynamoProbe(dynamodb, config.TABLE_NAME), ses: sesProbe(ses) },
    ...createMailPipeline(config, table, createRawMailer(ses, { sender: config.SENDER, configurationSet: config.SES_CONFIGURATION_SET })),
  };
}
export type AwsAdapters = ReturnType<typeof createAwsAdapters>;
