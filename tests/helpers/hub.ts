import { DynamoDBClient, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../functions/adapters/config.ts';
import { awsClientOptions } from '../../functions/adapters/aws-options.ts';
import { ensureTable } from '../../functions/adapters/dynamodb/table.ts';
import { createApp } from '../../functions/api/app.ts';
import { createDeps, type Deps } from '../../functions/api/deps.ts';
import { inbox } from './inbox.ts';

/** Configuration for the engines the global setup started, with a table of the caller's own. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    TABLE_NAME: `test-${randomUUID()}`,
    SENDER: 'hub@partnership.example.org',
    BASE_URL: 'http://localhost:4321',
    AWS_REGION: 'eu-west-1',
    DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
    SES_ENDPOINT: inject('sesEndpoint'),
    // The sign-in answer's floor hides timing from strangers; tests that do not look at it skip the wait.
    SIGN_IN_ANSWER_MS: '0',
    ...overrides,
  });
}

export interface TestHub {
  config: Config;
  deps: Deps;
  app: ReturnType<typeof createApp>;
  inbox: ReturnType<typeof inbox>;
  table: Deps['table'];
  dispose(): Promise<void>;
}

/** A fresh table (same definition as the stack) and the app wired to the real local engines. */
export async function createTestHub(overrides: Record<string, string> = {}, clock?: { now: () => Date }): Promise<TestHub> {
  const config = testConfig(overrides);
  const client = new DynamoDBClient(awsClientOptions(config, config.DYNAMODB_ENDPOINT));
  await ensureTable(client, config.TABLE_NAME);
  const deps = createDeps(config, clock ? () => clock.now() : undefined);
  return {
    config,
    deps,
    app: createApp(deps),
    inbox: inbox(config.SES_ENDPOINT!),
    table: deps.table,
    async dispose() {
      await client.send(new DeleteTableCommand({ TableName: config.TABLE_NAME }));
      client.destroy();
    },
  };
}

/** A unique address, so tests sharing the emulator never read each other's mail. */
export function uniqueEmail(label = 'person'): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.org`;
}
