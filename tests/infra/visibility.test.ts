import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logFields } from '../../functions/core/visibility/page-views.ts';
import type { HubStack } from '../../infra/hub-stack.ts';
import { viewLogsKeptDays } from '../../infra/visibility.ts';
import { asArray, hubTemplate, logicalId, statements, type Cfn } from './synth.ts';

/**
 * The SDK calls of each AwsCustomResource, read back: CDK writes each as a JSON string, joined with the
 * tokens it holds; a token is read as `<logical id>` (or `<Ref>`), so the calls compare as plain text.
 */
function sdkCalls(template: Template): { Create: string; Update: string; Delete: string }[] {
  const token = (part: Cfn) => `<${part['Fn::GetAtt']?.[0] ?? part.Ref ?? 'token'}>`;
  const text = (value: Cfn): string => (value === undefined ? '' : typeof value === 'string' ? value : (value['Fn::Join'][1] as Cfn[]).map((part) => (typeof part === 'string' ? part : token(part))).join(''));
  return Object.values(template.findResources('Custom::AWS')).map((r: Cfn) => ({ Create: text(r.Properties.Create), Update: text(r.Properties.Update), Delete: text(r.Properties.Delete) }));
}

describe('visibility: the site’s request logs', () => {
  let template: Template;
  let stack: HubStack;
  beforeAll(async () => {
    ({ template, stack } = await hubTemplate());
  }, 120_000);

  it('go to a private bucket of their own that forgets every file after three days', () => {
    const bucket = template.toJSON().Resources[logicalId(stack, stack.views.bucket)].Properties;
    expect(bucket.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: viewLogsKeptDays, Status: 'Enabled' })]);
    expect(viewLogsKeptDays).toBeLessThanOrEqual(3);
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const [policy] = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: logicalId(stack, stack.views.bucket) } } })) as Cfn[];
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject', Condition: expect.objectContaining({ StringEquals: expect.objectContaining({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }) }) }),
    );
  });

  it('are delivered by CloudFront (standard logging v2, made in us-east-1) with the fields the counts read and no viewer address', () => {
    const calls = sdkCalls(template);
    const create = calls.find((c) => c.Create.includes('CreateDelivery'))!;
    expect(create.Create).toContain('"region":"us-east-1"');
    expect(create.Create).toContain(JSON.stringify({ recordFields: [...logFields] }).slice(1, -1));
    expect(create.Delete).toContain('DeleteDelivery');
    for (const field of ['c-ip', 'x-forwarded-for', 'cs(Cookie)', 'cs-uri-query']) expect(logFields).not.toContain(field);
    const source = calls.find((c) => c.Update.includes('PutDeliverySource'))!;
    expect(source.Update).toContain('ACCESS_LOGS');
    expect(source.Update).toContain(logicalId(stack, stack.site.distribution));
    expect(calls.find((c) => c.Update.includes('PutDeliveryDestination'))!.Update).toContain('"outputFormat":"w3c"');
  });

  it('are counted by the scheduler, which may list, read and remove them and nothing else there', () => {
    const scheduler = template.toJSON().Resources[logicalId(stack, stack.workers.scheduler)].Properties;
    expect(scheduler.Environment.Variables.VIEW_LOGS_BUCKET).toEqual({ Ref: logicalId(stack, stack.views.bucket) });
    const bucketArn = { 'Fn::GetAtt': [logicalId(stack, stack.views.bucket), 'Arn'] };
    const onBucket = statements(template).filter((s) => JSON.stringify(s.Resource).includes(logicalId(stack, stack.views.bucket)));
    const actions = onBucket.flatMap((s) => asArray(s.Action)).sort();
    expect(actions).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:ListBucket']);
    expect(onBucket.find((s) => asArray(s.Action).includes('s3:ListBucket'))!.Resource).toEqual(bucketArn);
    expect(new Set(onBucket.flatMap((s) => s.roles.map((r) => JSON.stringify(r))))).toEqual(new Set([JSON.stringify({ Ref: logicalId(stack, stack.workers.scheduler.role!) })]));
  });
});
