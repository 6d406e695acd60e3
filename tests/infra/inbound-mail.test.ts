import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HubStack } from '../../infra/hub-stack.ts';
import { inboundMailKeptDays, inboundMailPrefix } from '../../infra/inbound-mail.ts';
import { asArray, hubTemplate, logicalId, only, statements } from './synth.ts';

describe('replies by email', () => {
  let template: Template;
  let stack: HubStack;
  beforeAll(async () => {
    ({ template, stack } = await hubTemplate());
  }, 120_000);

  it('has one receipt rule for the reply subdomain: TLS required, scanned, stored under the prefix, then the function', () => {
    // Prepare
    const rule = only(template, 'AWS::SES::ReceiptRule');
    const bucket = logicalId(stack, stack.inboundMail.bucket);
    const fn = logicalId(stack, stack.inboundMail.function);
    // Assess
    expect(rule.Properties.RuleSetName).toEqual({ Ref: logicalId(stack, stack.inboundMail.ruleSet) });
    expect(rule.Properties.Rule).toMatchObject({ Enabled: true, Recipients: ['reply.partnership.example.org'], ScanEnabled: true, TlsPolicy: 'Require' });
    expect(rule.Properties.Rule.Actions).toEqual([
      { S3Action: { BucketName: { Ref: bucket }, ObjectKeyPrefix: inboundMailPrefix } },
      { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [fn, 'Arn'] }, InvocationType: 'Event' } },
    ]);
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'ses.amazonaws.com', FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] } });
  });

  it('activates the rule set with an SDK call, and deactivates it when the stack goes', () => {
    const activations = Object.values(template.findResources('Custom::AWS')).filter((r) => JSON.stringify(r).includes('SetActiveReceiptRuleSet'));
    expect(activations).toHaveLength(1);
    const activation = activations[0] as { Properties: { Create: unknown; Delete: unknown } };
    const create = JSON.stringify(activation.Properties.Create);
    expect(create).toContain(logicalId(stack, stack.inboundMail.ruleSet));
    expect(JSON.stringify(activation.Properties.Delete)).toContain('SetActiveReceiptRuleSet');
    expect(JSON.stringify(activation.Properties.Delete)).not.toContain('RuleSetName');
  });

  it('keeps the raw replies in a private, encrypted bucket for three days, writable by SES of this account only', () => {
    // Prepare
    const bucketId = logicalId(stack, stack.inboundMail.bucket);
    const bucket = template.toJSON().Resources[bucketId];
    const policy = only(template, 'AWS::S3::BucketPolicy', { Bucket: { Ref: bucketId } });
    const sesWrite = policy.Properties.PolicyDocument.Statement.find((s: { Principal?: { Service?: string } }) => s.Principal?.Service === 'ses.amazonaws.com');
    // Assess
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: inboundMailKeptDays, Status: 'Enabled' })]);
    expect(sesWrite.Action).toBe('s3:PutObject');
    expect(sesWrite.Condition).toMatchObject({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
  });

  it("lets the function read the stored replies, put the replies' files under attachments/, write the table and queue mail, and send none itself", () => {
    // Prepare
    const fn = stack.inboundMail.function;
    const role = { Ref: stack.getLogicalId(fn.role!.node.defaultChild as never) };
    const own = statements(template).filter((s) => s.roles.some((r) => JSON.stringify(r) === JSON.stringify(role)));
    const actions = own.flatMap((s) => asArray(s.Action));
    const s3 = own.filter((s) => asArray(s.Action).some((a) => a.startsWith('s3:')));
    const attachments = logicalId(stack, stack.data.attachments);
    const replies = logicalId(stack, stack.inboundMail.bucket);
    // Assess: exactly two S3 grants, each one action on one prefix of one bucket.
    expect(s3.map((s) => ({ action: s.Action, resource: s.Resource }))).toEqual([
      { action: 's3:GetObject', resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [replies, 'Arn'] }, `/${inboundMailPrefix}*`]] } },
      { action: 's3:PutObject', resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [attachments, 'Arn'] }, '/attachments/*']] } },
    ]);
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(actions).toContain('sqs:SendMessage');
    expect(actions).toContain('dynamodb:PutItem');
    expect(actions.filter((a) => a.startsWith('ses:'))).toEqual([]);
    expect(fn.timeout?.toSeconds()).toBe(60);
  });

  it('gives every function the reply domain, and the inbound function its bucket and prefix and the attachments bucket', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('Replies by email'),
      Environment: {
        Variables: Match.objectLike({
          REPLY_DOMAIN: 'reply.partnership.example.org',
          INBOUND_MAIL_BUCKET: { Ref: logicalId(stack, stack.inboundMail.bucket) },
          INBOUND_MAIL_PREFIX: inboundMailPrefix,
          ATTACHMENTS_BUCKET: { Ref: logicalId(stack, stack.data.attachments) },
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ REPLY_DOMAIN: 'reply.partnership.example.org', ORIGIN_VERIFY: Match.anyValue() }) } });
  });

  it('refuses a reply domain equal to the site\'s', async () => {
    await expect(hubTemplate({ 'hub:replyDomain': 'partnership.example.org' })).rejects.toThrow(/hub:replyDomain/);
  });
});
