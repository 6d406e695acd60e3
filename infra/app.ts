import { App } from 'aws-cdk-lib';
import { bundleFunctions } from './bundle.ts';
import { HubStack } from './hub-stack.ts';

const app = new App();
await bundleFunctions();
new HubStack(app, 'PartnershipHub', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1' },
});
app.synth();
