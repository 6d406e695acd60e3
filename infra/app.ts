import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { bundleFunctions, projectRoot } from './bundle.ts';
import { readContext } from './context.ts';
import { HubStack } from './hub-stack.ts';

const app = new App();
// Every synth and deploy is checked against the AWS Solutions rules; findings stop it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

// The site is built here, for the public origin, into its own folder: site/dist is the local hub's
// build, whose canonical URLs and feeds point at localhost.
const siteDir = path.join(projectRoot, 'dist', 'site');
execFileSync('npx', ['astro', 'build', '--outDir', siteDir], {
  cwd: path.join(projectRoot, 'site'),
  env: { ...process.env, BASE_URL: `https://${readContext(app).domain}` },
  stdio: ['ignore', 'inherit', 'inherit'],
});
await bundleFunctions();

new HubStack(app, 'PartnershipHub', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1' },
  siteDir,
});
app.synth();
