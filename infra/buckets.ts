import { Duration, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type BucketProps } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** What every bucket of the hub shares: no public access, TLS only, encrypted at rest. */
export const privateBucketProps = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  encryption: BucketEncryption.S3_MANAGED,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
} satisfies BucketProps;

/** Where S3 server access logs and CloudFront standard logs go, kept for 90 days. */
export function accessLogsBucket(scope: Construct, id: string) {
  const bucket = new Bucket(scope, id, {
    ...privateBucketProps,
    // CloudFront standard logging writes with ACLs, so this one bucket keeps them enabled.
    objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(90) }],
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This is the access-log bucket itself; logging its own accesses would log the log writes.',
  });
  return bucket;
}
