import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { bundleDir } from './bundle.ts';
import { HubData } from './data.ts';
import path from 'node:path';

/** Everything the hub runs on, in one stack. */
export class HubStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const domain = String(this.node.tryGetContext('hub:domain') ?? 'partnership.example.org');
    const sender = String(this.node.tryGetContext('hub:sender') ?? `updates@${domain}`);
    const data = new HubData(this, 'Data');

    const api = new LambdaFunction(this, 'ApiFunction', {
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: Code.fromAsset(path.join(bundleDir, 'api')),
      memorySize: 1024,
      timeout: Duration.seconds(15),
      environment: {
        TABLE_NAME: data.table.tableName,
        SENDER: sender,
        BASE_URL: `https://${domain}`,
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    data.table.grantReadWriteData(api);
  }
}
