import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../functions/local/engines/dynamodb.ts';
import { startSesEmulator } from '../../functions/local/engines/ses.ts';
import { freePort } from '../../functions/local/ports.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    sesEndpoint: string;
  }
}

/** Global setup: DynamoDB Local in memory and the SES emulator on free ports, for every test file. */
export default async function setup(project: TestProject) {
  const [dynamoPort, emulatorPort, proxyPort] = [await freePort(), await freePort(), await freePort()];
  const dynamodb = await startDynamoDbLocal({ port: dynamoPort });
  // An account roomy enough for every file's sends, at the rates tests ask for (up to 1000/s);
  // a test of the account's limits starts a local SES of its own.
  const ses = await startSesEmulator({ emulatorPort, proxyPort, account: { maxSendRate: 1000, max24HourSend: 1_000_000 } });
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  return async () => {
    await Promise.all([dynamodb.stop(), ses.stop()]);
  };
}
