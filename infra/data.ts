import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Bucket, HttpMethods, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { tableDefinition } from '../functions/adapters/dynamodb/table-definition.ts';
import { privateBucketProps } from './buckets.ts';

/** How long an import's contact file is kept in the bucket. */
export const importFileDays = Duration.days(7);

const key = (name: string) => ({ name, type: AttributeType.STRING });

export interface HubDataProps {
  /** The public origin whose pages upload attachments straight to S3 with presigned PUTs. */
  siteOrigin: string;
  accessLogs: IBucket;
}

/** The hub's one table, from the same key-schema definition the local hub creates, and its attachments. */
export class HubData extends Construct {
  readonly table: TableV2;
  readonly attachments: Bucket;
  constructor(scope: Construct, id: string, props: HubDataProps) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: key(tableDefinition.partitionKey),
      sortKey: key(tableDefinition.sortKey),
      billing: Billing.onDemand(),
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
      })),
    });

    this.attachments = new Bucket(this, 'Attachments', {
      ...privateBucketProps,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'attachments/',
      // Browsers PUT files to presigned URLs directly, so the bucket must answer the site's preflight.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: [props.siteOrigin],
          allowedHeaders: ['content-type', 'content-length', 'content-md5', 'x-amz-*'],
          maxAge: 3000,
        },
      ],
      // A presigned upload that never completes, or whose file is never confirmed (still tagged
      // upload=pending, see functions/adapters/attachments/s3.ts), would otherwise be kept forever.
      // A contact file is read only while its import job runs (minutes); the job and its report stay in
      // the table, so the file goes after a week, started or not.
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { prefix: 'attachments/', tagFilters: { upload: 'pending' }, expiration: Duration.days(1) },
        { prefix: 'imports/', expiration: importFileDays },
      ],
    });
  }
}
