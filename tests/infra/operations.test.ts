import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { bounceRateThreshold, complaintRateThreshold } from '../../infra/alarms.ts';
import { importFileDays } from '../../infra/data.ts';
import type { HubStack } from '../../infra/hub-stack.ts';
import { asArray, hubTemplate, logicalId, statements, type Cfn } from './synth.ts';

describe('data, secrets and alarms', () => {
  let template: Template;
  let stack: HubStack;
  beforeAll(async () => {
    ({ template, stack } = await hubTemplate());
  }, 120_000);

  it('keeps attachments private and TLS-only, retained, open to PUTs from the site origin only', () => {
    // Prepare
    const bucket = logicalId(stack, stack.data.attachments);
    const attachments = template.findResources('AWS::S3::Bucket')[bucket]!;
    // Assess
    expect(attachments.DeletionPolicy).toBe('Retain');
    expect(attachments.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      CorsConfiguration: { CorsRules: [expect.objectContaining({ AllowedMethods: ['PUT'], AllowedOrigins: ['https://partnership.example.org'] })] },
    });
    // Files asked for and never confirmed keep their upload=pending tag, and go after a day.
    expect(attachments.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Prefix: 'attachments/', TagFilters: [{ Key: 'upload', Value: 'pending' }], ExpirationInDays: 1, Status: 'Enabled' }),
    );
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });

  it('grants the attachments bucket by prefix: the API attachments/ and imports/ (no delete there), the job worker reads imports/, the inbound-mail function puts to attachments/, only the API lists', () => {
    const bucketArn = { 'Fn::GetAtt': [logicalId(stack, stack.data.attachments), 'Arn'] };
    const under = (prefix: string) => JSON.stringify({ 'Fn::Join': ['', [bucketArn, `/${prefix}*`]] });
    const apiRole = JSON.stringify({ Ref: logicalId(stack, stack.api.function.role as never) });
    const workerRole = JSON.stringify({ Ref: logicalId(stack, stack.workers.jobWorker.role as never) });
    const inboundRole = JSON.stringify({ Ref: logicalId(stack, stack.inboundMail.function.role as never) });
    // Every (role, action, resource) the policies grant on the bucket, however CDK groups them into statements.
    const grants = statements(template)
      .filter((s) => JSON.stringify(s.Resource).includes(logicalId(stack, stack.data.attachments)))
      .flatMap((s) => {
        expect(s.Effect).toBe('Allow');
        expect(s.Condition).toBeUndefined();
        return s.roles.flatMap((role) =>
          asArray(s.Action).flatMap((action) => asArray(s.Resource).map((resource: Cfn) => `${JSON.stringify(role)} ${action} ${JSON.stringify(resource)}`)),
        );
      });
    const expected = [
      ...['s3:DeleteObject', 's3:GetObject', 's3:PutObject', 's3:PutObjectTagging'].map((a) => `${apiRole} ${a} ${under('attachments/')}`),
      // Import files: the API presigns their PUT and heads them (GetObject); the job worker only reads them.
      ...['s3:GetObject', 's3:PutObject', 's3:PutObjectTagging'].map((a) => `${apiRole} ${a} ${under('imports/')}`),
      `${workerRole} s3:GetObject ${under('imports/')}`,
      // The files of replies by email, written whole: no read, tag or delete.
      `${inboundRole} s3:PutObject ${under('attachments/')}`,
      `${apiRole} s3:ListBucket ${JSON.stringify(bucketArn)}`,
    ];
    expect([...grants].sort()).toEqual([...expected].sort());
  });

  it('deletes import files a week after upload: the job and its report live in the table', () => {
    const attachments = template.findResources('AWS::S3::Bucket')[logicalId(stack, stack.data.attachments)]!;
    const rules = attachments.Properties.LifecycleConfiguration.Rules as Cfn[];
    expect(importFileDays.toDays()).toBe(7);
    expect(rules.filter((r) => String(r.Prefix).startsWith('imports/'))).toEqual([{ Prefix: 'imports/', ExpirationInDays: 7, Status: 'Enabled' }]);
    // The attachments' pending-upload rule does not reach import files, nor this one attachments.
    expect(rules.find((r) => r.TagFilters)).toMatchObject({ Prefix: 'attachments/' });
  });

  it('holds no secret: the origin-verify value is a no-echo parameter both its readers take at deploy, with no grant, other variable or output', () => {
    // Prepare
    const reference = JSON.stringify({ Ref: 'OriginVerify' });
    const readers = Object.entries(template.toJSON().Resources as Record<string, Cfn>)
      .filter(([, resource]) => JSON.stringify(resource).includes(reference))
      .map(([id, resource]) => ({ id, type: resource.Type as string }));
    // Assess: sessions and emailed tokens are random values stored hashed, so there is no signing key to
    // keep; the one value that must stay private is what CloudFront proves itself to the API with.
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(template.toJSON().Parameters.OriginVerify).toMatchObject({ NoEcho: true });
    expect(readers).toEqual(
      expect.arrayContaining([
        { id: logicalId(stack, stack.site.distribution), type: 'AWS::CloudFront::Distribution' },
        { id: logicalId(stack, stack.api.function), type: 'AWS::Lambda::Function' },
      ]),
    );
    expect(readers).toHaveLength(2);
    expect(statements(template).filter((s) => asArray(s.Action).some((a) => a.startsWith('secretsmanager:')))).toEqual([]);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(Object.keys(fn.Properties.Environment?.Variables ?? {})).not.toContain('SESSION_SECRET_ARN');
    }
    expect(Object.keys(template.findOutputs('*'))).not.toContain('SessionSecretArn');
    expect(JSON.stringify(template.findOutputs('*'))).not.toContain('OriginVerify');
  });

  it('emails the alarm address from context', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'operations@partnership.example.org',
      TopicArn: { Ref: logicalId(stack, stack.alarms.topic) },
    });
  });

  it('alarms on dead letters (send and job queues), worker and inbound-mail errors, API 5xx and the SES bounce and complaint rates', () => {
    // Prepare
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const find = (namespace: string, metric: string) => alarms.find((a) => a.Namespace === namespace && a.MetricName === metric);
    const topic = { Ref: logicalId(stack, stack.alarms.topic) };
    // Assess
    const deadLetterAlarms = alarms.filter((a) => a.Namespace === 'AWS/SQS' && a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(deadLetterAlarms.map((a) => a.Dimensions)).toEqual([
      [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack, stack.sendQueue.deadLetters), 'QueueName'] } }],
      [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack, stack.jobQueue.deadLetters), 'QueueName'] } }],
    ]);
    for (const alarm of deadLetterAlarms) expect(alarm.Threshold).toBe(0);
    const errorAlarms = alarms.filter((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === 'Errors');
    expect(errorAlarms.map((a) => a.Dimensions)).toEqual([
      [{ Name: 'FunctionName', Value: { Ref: logicalId(stack, stack.workers.sendWorker) } }],
      [{ Name: 'FunctionName', Value: { Ref: logicalId(stack, stack.inboundMail.function) } }],
    ]);
    for (const alarm of errorAlarms) expect(alarm.Threshold).toBe(0);
    expect(find('AWS/ApiGateway', '5xx')).toMatchObject({
      Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(stack, stack.api.httpApi) } }],
      Threshold: 0,
    });
    expect(find('AWS/SES', 'Reputation.BounceRate')).toMatchObject({ Threshold: 0.02 });
    expect(find('AWS/SES', 'Reputation.ComplaintRate')).toMatchObject({ Threshold: 0.0005 });
    expect([bounceRateThreshold, complaintRateThreshold]).toEqual([0.02, 0.0005]);
    expect(alarms).toHaveLength(7);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [topic] });
    }
  });
});

describe('context', () => {
  it('takes domain, sender, alarm email and send rate from context', async () => {
    // Act
    const { template } = await hubTemplate({
      'hub:domain': 'hub.example.eu',
      'hub:sender': 'news@hub.example.eu',
      'hub:alarmEmail': 'ops@example.eu',
      'hub:sesMaxSendRate': 100,
    });
    // Assess
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'hub.example.eu' });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.eu' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SENDER: 'news@hub.example.eu', BASE_URL: 'https://hub.example.eu', SES_MAX_SEND_RATE: '100' }) },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: 20 } });
  }, 120_000);

  it('serves the domain over TLS 1.2 when a certificate is given', async () => {
    const arn = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';
    const { template } = await hubTemplate({ 'hub:certificateArn': arn });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['partnership.example.org'],
        ViewerCertificate: { AcmCertificateArn: arn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
  }, 120_000);

  it('reaches the API at hub:apiOriginDomain with the regional certificate hub:apiCertificateArn names', async () => {
    // Prepare
    const arn = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-1111-1111-1111-111111111111';
    // Act
    const { template } = await hubTemplate({ 'hub:apiOriginDomain': 'origin.hub.example.eu', 'hub:apiCertificateArn': arn });
    // Assess: an existing certificate is used as given; none is requested.
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'origin.hub.example.eu',
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: arn, EndpointType: 'REGIONAL' })],
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Origins: Match.arrayWith([Match.objectLike({ DomainName: 'origin.hub.example.eu' })]) }),
    });
  }, 120_000);

  it('refuses an API origin domain equal to the public domain, which would loop through CloudFront', async () => {
    await expect(hubTemplate({ 'hub:apiOriginDomain': 'partnership.example.org' })).rejects.toThrow(/hub:apiOriginDomain/);
  });

  it('refuses a send rate that is not a positive number', async () => {
    await expect(hubTemplate({ 'hub:sesMaxSendRate': 'fast' })).rejects.toThrow(/hub:sesMaxSendRate/);
  });
});
