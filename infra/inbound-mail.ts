import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { ReceiptRuleSet, TlsPolicy, type ReceiptRule } from 'aws-cdk-lib/aws-ses';
import { Lambda as LambdaAction, LambdaInvocationType, S3 as S3Action } from 'aws-cdk-lib/aws-ses-actions';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId, type AwsSdkCall } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { privateBucketProps } from './buckets.ts';
import { hubFunction } from './functions.ts';

/** Raw replies are read once, within seconds; whatever is left goes after this. */
export const inboundMailKeptDays = 3;
/** The key prefix SES's S3 action writes under; the function reads `<prefix><SES message id>`. */
export const inboundMailPrefix = 'replies/';

export interface InboundMailProps {
  /** The reply subdomain (`reply+<token>@replyDomain`); its MX record points at SES's inbound endpoint. */
  replyDomain: string;
  environment: Record<string, string>;
  accessLogs: IBucket;
}

/**
 * Replies by email on AWS: a receipt rule set (made the account's active one in this region) whose
 * one rule takes mail to the reply subdomain over TLS, has SES scan it for spam and viruses, stores
 * the raw message in a private bucket (kept three days) and then invokes the inbound-mail function,
 * which reads it from there and posts it, or refuses it (functions/api/services/inbound-mail.ts).
 */
export class InboundMail extends Construct {
  readonly bucket: Bucket;
  readonly function: LambdaFunction;
  readonly ruleSet: ReceiptRuleSet;
  readonly rule: ReceiptRule;

  constructor(scope: Construct, id: string, props: InboundMailProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Replies', {
      ...privateBucketProps,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'inbound-mail/',
      lifecycleRules: [{ expiration: Duration.days(inboundMailKeptDays) }],
    });
    this.function = hubFunction(this, 'Function', 'inbound-mail', {
      description: 'Replies by email: SES receipt rule → S3 → a post in the thread, or a refusal',
      environment: { ...props.environment, REPLY_DOMAIN: props.replyDomain, INBOUND_MAIL_BUCKET: this.bucket.bucketName, INBOUND_MAIL_PREFIX: inboundMailPrefix },
      timeout: Duration.seconds(60),
    });
    // It reads the messages the rule stored, nothing else of the bucket.
    this.function.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${inboundMailPrefix}*`)] }));

    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet');
    this.rule = this.ruleSet.addRule('Replies', {
      recipients: [props.replyDomain],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      actions: [
        // The S3 action grants SES PutObject on the bucket (for this account only) and is done before the function runs.
        new S3Action({ bucket: this.bucket, objectKeyPrefix: inboundMailPrefix }),
        new LambdaAction({ function: this.function, invocationType: LambdaInvocationType.EVENT }),
      ],
    });

    // A region has one active rule set per account; CloudFormation cannot choose it, so an SDK call does, and undoes it when the stack goes.
    const call = (parameters: Record<string, unknown>): AwsSdkCall => ({
      service: 'SES',
      action: 'SetActiveReceiptRuleSet',
      parameters,
      physicalResourceId: PhysicalResourceId.of(`${Stack.of(this).stackName}-active-receipt-rule-set`),
    });
    const activation = new AwsCustomResource(this, 'Activate', {
      onUpdate: call({ RuleSetName: this.ruleSet.receiptRuleSetName }),
      onDelete: call({}),
      policy: AwsCustomResourcePolicy.fromStatements([new PolicyStatement({ effect: Effect.ALLOW, actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] })]),
      installLatestAwsSdk: false,
    });
    // Deactivated before the rule set is deleted (SES refuses to delete the active one).
    activation.node.addDependency(this.rule);
    Validations.of(activation).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ses:SetActiveReceiptRuleSet has no resource type; the call only names this stack\'s rule set.',
    });
  }
}
