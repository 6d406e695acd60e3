import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId, PhysicalResourceIdReference, type AwsSdkCall } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { logFields } from '../functions/core/visibility/page-views.ts';
import { privateBucketProps } from './buckets.ts';

/** CloudFront's log deliveries (standard logging v2) are made through CloudWatch Logs in this region only. */
export const deliveryRegion = 'us-east-1';
/** Raw logs the visibility job has not counted are removed after this, counted or not. */
export const viewLogsKeptDays = 3;

export interface SiteViewsProps {
  distribution: Distribution;
  accessLogs: IBucket;
}

/**
 * The site's request logs for the visibility counts: CloudFront's standard logging (v2) delivers the
 * fields the counts need (logFields: no viewer address, no cookie, no query string) to a private
 * bucket of their own; the hourly job counts and removes each file, and the bucket's lifecycle rule
 * removes whatever is left after three days. CloudFormation cannot make a delivery of a distribution
 * from another region than us-east-1, so three SDK calls in us-east-1 make the source, the
 * destination and the delivery, and undo them when the stack goes.
 */
export class SiteViews extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: SiteViewsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.bucket = new Bucket(this, 'Logs', {
      ...privateBucketProps,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'view-logs/',
      lifecycleRules: [{ expiration: Duration.days(viewLogsKeptDays) }],
    });
    // CloudWatch Logs' delivery service writes the files, for this account's delivery sources only.
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: {
          StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:logs:${deliveryRegion}:${stack.account}:delivery-source:*` },
        },
      }),
    );

    const name = `${stack.stackName}-site-views`.slice(0, 60);
    const logsArn = (kind: string, id = name) => `arn:${stack.partition}:logs:${deliveryRegion}:${stack.account}:${kind}:${id}`;
    const call = (action: string, parameters: Record<string, unknown>, physicalResourceId?: PhysicalResourceId): AwsSdkCall => ({
      service: 'CloudWatchLogs',
      action,
      region: deliveryRegion,
      parameters,
      ...(physicalResourceId ? { physicalResourceId } : {}),
    });
    const policy = (actions: string[], resources: string[]) => AwsCustomResourcePolicy.fromStatements([new PolicyStatement({ effect: Effect.ALLOW, actions, resources })]);

    const source = new AwsCustomResource(this, 'DeliverySource', {
      onUpdate: call('PutDeliverySource', { name, resourceArn: props.distribution.distributionArn, logType: 'ACCESS_LOGS' }, PhysicalResourceId.of(name)),
      onDelete: call('DeleteDeliverySource', { name }),
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ effect: Effect.ALLOW, actions: ['logs:PutDeliverySource', 'logs:DeleteDeliverySource'], resources: [logsArn('delivery-source')] }),
        new PolicyStatement({ effect: Effect.ALLOW, actions: ['cloudfront:AllowVendedLogDeliveryForResource'], resources: [props.distribution.distributionArn] }),
      ]),
      installLatestAwsSdk: false,
    });
    const destination = new AwsCustomResource(this, 'DeliveryDestination', {
      onUpdate: call('PutDeliveryDestination', { name, outputFormat: 'w3c', deliveryDestinationConfiguration: { destinationResourceArn: this.bucket.bucketArn } }, PhysicalResourceId.of(name)),
      onDelete: call('DeleteDeliveryDestination', { name }),
      policy: policy(['logs:PutDeliveryDestination', 'logs:DeleteDeliveryDestination'], [logsArn('delivery-destination')]),
      installLatestAwsSdk: false,
    });
    const delivery = new AwsCustomResource(this, 'Delivery', {
      onCreate: call(
        'CreateDelivery',
        {
          deliverySourceName: name,
          deliveryDestinationArn: destination.getResponseField('deliveryDestination.arn'),
          recordFields: [...logFields],
          fieldDelimiter: '\t',
        },
        PhysicalResourceId.fromResponse('delivery.id'),
      ),
      onUpdate: call('UpdateDeliveryConfiguration', { id: new PhysicalResourceIdReference(), recordFields: [...logFields], fieldDelimiter: '\t' }),
      onDelete: call('DeleteDelivery', { id: new PhysicalResourceIdReference() }),
      policy: policy(['logs:CreateDelivery', 'logs:UpdateDeliveryConfiguration', 'logs:DeleteDelivery', 'logs:GetDelivery', 'logs:GetDeliverySource', 'logs:GetDeliveryDestination'], [logsArn('delivery', '*'), logsArn('delivery-source'), logsArn('delivery-destination')]),
      installLatestAwsSdk: false,
    });
    Validations.of(delivery).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:${deliveryRegion}:<AWS::AccountId>:delivery:*]`,
      reason: 'CloudWatch Logs generates the delivery id when the delivery is created; the calls are limited to deliveries of this account in us-east-1.',
    });
    delivery.node.addDependency(source, this.bucket.policy ?? this.bucket);
  }

  /** What the visibility job needs: list the waiting logs, read each, remove it once counted. */
  grantCounting(fn: { addToRolePolicy(statement: PolicyStatement): void }) {
    fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject', 's3:DeleteObject'], resources: [this.bucket.arnForObjects('*')] }));
  }
}

/** The SDK-call function CDK makes for AwsCustomResource: its runtime and managed policy are CDK's. */
export function acknowledgeSdkCalls(stack: Stack) {
  const provider = stack.node.children.find((c) => c.node.id.startsWith('AWS679f53fac002430cb0da5b7982bd2287'));
  if (!provider) return;
  Validations.of(provider).acknowledge({ id: 'AwsSolutions-L1', reason: 'CDK chooses the runtime of the AwsCustomResource function.' });
  Validations.of(provider).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'The AwsCustomResource function logs to CloudWatch with the basic execution role, as CDK sets it.',
  });
}
