import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientOptions } from './aws-options.ts';
import type { Config } from './config.ts';
import { localDiskAttachments } from './attachments/local-disk.ts';
import { s3Attachments } from './attachments/s3.ts';
import { agreementStore } from './dynamodb/agreement-store.ts';
import { auditStore } from './dynamodb/audit-store.ts';
import { authStore } from './dynamodb/auth-store.ts';
import { forumStore } from './dynamodb/forum-store.ts';
import { ledgerStore } from './dynamodb/ledger-store.ts';
import { privacyStore } from './dynamodb/privacy-store.ts';
import { groupAdminStore } from './dynamodb/group-admin-store.ts';
import { notificationStore } from './dynamodb/notification-store.ts';
import { eventStore } from './dynamodb/event-store.ts';
import { registrationStore } from './dynamodb/registration-store.ts';
import { reportStore } from './dynamodb/report-store.ts';
import { outsideRequestStore } from './dynamodb/outside-request-store.ts';
import { expertStore } from './dynamodb/expert-store.ts';
import type { Table } from './dynamodb/items.ts';
import { partnershipStore } from './dynamodb/partnership-store.ts';
import { rateLimiter } from './dynamodb/rate-limiter.ts';
import { visibilityStore } from './dynamodb/visibility-store.ts';
import { localInboundMail, readInboundObject } from './mail/inbound-objects.ts';
import { localViewLogs } from './visibility/local-view-logs.ts';
import { s3ViewLogs } from './visibility/s3-view-logs.ts';
import { dynamoProbe, sesProbe } from './health.ts';
import { accountSendQuota } from './ses/account.ts';
import { createSesClients } from './ses/client.ts';
import { createRawMailer } from './ses/raw-mailer.ts';
import { createMailPipeline } from './sqs/send-pipeline.ts';
import { jobStore } from './dynamodb/job-store.ts';
import { inProcessJobQueue } from './jobs/in-process-job-queue.ts';
import { sqsJobQueue } from './sqs/job-queue.ts';
import { minutePollTimer, oneTimeScheduleTimer } from './scheduler/update-timer.ts';
import type { JobQueue } from '../core/jobs/job.ts';

/** Where the inbound-mail function reads replies off AWS, one folder per table (as the bucket holds them on AWS). */
export const localInboundDir = (tableName: string) => `.data/inbound/${tableName}`;

/** Where the local hub writes its request log, one folder per table, as its attachments are kept. */
export const localViewLogDir = (tableName: string) => `.data/views/${tableName}`;

/** The AWS clients of one process, built once from configuration, behind the ports core declares. */
export function createAwsAdapters(config: Config) {
  const dynamodb = new DynamoDBClient(awsClientOptions(config, config.DYNAMODB_ENDPOINT));
  const documents = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const ses = createSesClients(config);
  const table: Table = { documents, name: config.TABLE_NAME };
  const s3 = config.ATTACHMENTS_BUCKET || config.VIEW_LOGS_BUCKET || config.INBOUND_MAIL_BUCKET ? new S3Client(awsClientOptions(config, undefined)) : undefined;
  // The job queue: SQS when JOB_QUEUE_URL is set; otherwise in-process, its worker attached by createDeps.
  const jobQueue: JobQueue & Partial<Pick<ReturnType<typeof inProcessJobQueue>, 'attach' | 'idle' | 'busy'>> = config.JOB_QUEUE_URL
    ? sqsJobQueue(new SQSClient(awsClientOptions(config, undefined)), config.JOB_QUEUE_URL)
    : inProcessJobQueue();
  // A scheduled update's wake-up: a one-time Scheduler schedule on AWS, the local minute poll otherwise.
  const { UPDATE_SCHEDULE_GROUP: group, UPDATE_SCHEDULE_TARGET_ARN: functionArn, UPDATE_SCHEDULE_ROLE_ARN: roleArn } = config;
  const updateTimer =
    group && functionArn && roleArn ? oneTimeScheduleTimer(new SchedulerClient(awsClientOptions(config, undefined)), { group, functionArn, roleArn }) : minutePollTimer();
  return {
    table,
    updateTimer,
    partnership: partnershipStore(table),
    auth: authStore(table),
    experts: expertStore(table),
    rateLimiter: rateLimiter(table),
    ledger: ledgerStore(table),
    privacy: privacyStore(table),
    forums: forumStore(table),
    agreements: agreementStore(table),
    audit: auditStore(table),
    groupAdmin: groupAdminStore(table),
    notifications: notificationStore(table),
    // A bucket when one is configured (AWS); otherwise local disk, one folder per table.
    attachments: s3 && config.ATTACHMENTS_BUCKET ? s3Attachments(s3, config.ATTACHMENTS_BUCKET) : localDiskAttachments(`.data/attachments/${config.TABLE_NAME}`),
    // Contact files for import jobs: the same bucket under imports/, or local disk beside the attachments.
    importFiles: s3 && config.ATTACHMENTS_BUCKET ? s3Attachments(s3, config.ATTACHMENTS_BUCKET, { uploadSeconds: 900, downloadSeconds: 60 }, 'imports/') : localDiskAttachments(`.data/imports/${config.TABLE_NAME}`),
    jobs: jobStore(table),
    visibility: visibilityStore(table),
    // CloudFront's standard logs on AWS; locally the folder the hub's server writes its request log to.
    viewLogs: s3 && config.VIEW_LOGS_BUCKET ? s3ViewLogs(s3, config.VIEW_LOGS_BUCKET) : localViewLogs(localViewLogDir(config.TABLE_NAME)),
    jobQueue,
    // On AWS the replies SES's receipt rule stored; locally the SMTP listener hands them over itself, and
    // the inbound-mail function (off AWS) reads a folder laid out as the bucket.
    inboundMail: s3 && config.INBOUND_MAIL_BUCKET ? readInboundObject(s3, config.INBOUND_MAIL_BUCKET, config.INBOUND_MAIL_PREFIX) : localInboundMail(localInboundDir(config.TABLE_NAME)),
    events: eventStore(table),
    registrations: registrationStore(table),
    reports: reportStore(table),
    outsideRequests: outsideRequestStore(table),
    mailer: createRawMailer(ses, { sender: config.SENDER, configurationSet: config.SES_CONFIGURATION_SET }),
    probes: { dynamodb: dynamoProbe(dynamodb, config.TABLE_NAME), ses: sesProbe(ses) },
    ...createMailPipeline(config, table, createRawMailer(ses, { sender: config.SENDER, configurationSet: config.SES_CONFIGURATION_SET }), accountSendQuota(ses)),
  };
}
export type AwsAdapters = ReturnType<typeof createAwsAdapters>;
