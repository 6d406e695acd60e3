import { documentClient } from './dynamodb/document-client.ts';
import { awsClientOptions } from './aws-options.ts';
import type { Config } from './config.ts';
import { localDiskAttachments } from './attachments/local-disk.ts';
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
import { localInboundMail } from './mail/inbound-objects.ts';
import { localViewLogs } from './visibility/local-view-logs.ts';
import { dynamoProbe } from './health.ts';
import type { Mailer } from '../core/mail/message.ts';
import { createMailPipeline } from './sqs/send-pipeline.ts';
import { jobStore } from './dynamodb/job-store.ts';
import { inProcessJobQueue } from './jobs/in-process-job-queue.ts';
import { minutePollTimer } from './scheduler/minute-poll.ts';
import { once, onFirstUse } from './on-first-use.ts';
import type { ViewLogs } from '../core/visibility/page-views.ts';
import type { UpdateTimer } from '../core/updates/timer.ts';
import type { JobQueue } from '../core/jobs/job.ts';

/** Where the inbound-mail function reads replies off AWS, one folder per table (as the bucket holds them on AWS). */
export const localInboundDir = (tableName: string) => `.data/inbound/${tableName}`;

/** Where the local hub writes its request log, one folder per table, as its attachments are kept. */
export const localViewLogDir = (tableName: string) => `.data/views/${tableName}`;

/** Every operation of the attachment storages (the bucket's and the local disk's). */
const storageOperations = ['uploadTarget', 'markStored', 'storedSize', 'store', 'keep', 'read', 'download'] as const;

/** The table, through the document client. */
function documentTable(config: Config): Table {
  return { documents: documentClient(awsClientOptions(config, config.DYNAMODB_ENDPOINT)), name: config.TABLE_NAME };
}

/**
 * SES v2 behind its ports: the mailer, the probe and the account's limits. The client, its commands and
 * the MIME builder are loaded at the first email or SES call: the API sends only when someone signs in
 * or writes, and its start does not pay for them.
 */
function sesPorts(config: Config) {
  const clients = once(async () => (await import('./ses/client.ts')).createSesClients(config));
  const account = once(() => import('./ses/account.ts'));
  const mailer = onFirstUse<Mailer, 'send'>(
    async () => (await import('./ses/raw-mailer.ts')).createRawMailer(await clients(), { sender: config.SENDER, configurationSet: config.SES_CONFIGURATION_SET }),
    ['send'],
    {},
  );
  return {
    mailer,
    probe: async () => (await account()).sesProbe(await clients())(),
    readAccountQuota: async () => (await account()).accountSendQuota(await clients())(),
  };
}

/** The send worker's adapters alone: the mail pipeline over the table and SES, and no other store. */
export function mailPipelineAdapters(config: Config) {
  const ses = sesPorts(config);
  return createMailPipeline(config, documentTable(config), ses.mailer, ses.readAccountQuota);
}

/** The SES events handler's adapters alone: the mail pipeline, the consent ledger, the partnership and the mailer. */
export function sesEventAdapters(config: Config) {
  const table = documentTable(config);
  const ses = sesPorts(config);
  return {
    mailer: ses.mailer,
    ledger: ledgerStore(table),
    partnership: partnershipStore(table),
    ...createMailPipeline(config, table, ses.mailer, ses.readAccountQuota),
  };
}

/** The AWS clients of one process, built once from configuration, behind the ports core declares. */
export function createAwsAdapters(config: Config) {
  const table = documentTable(config);
  const ses = sesPorts(config);
  // S3, SQS and Scheduler are loaded at their first use, each in a chunk of the bundle of its own
  // (on-first-use.ts): most requests never touch them, and a function's start does not pay for them.
  const s3 = once(async () => new (await import('@aws-sdk/client-s3')).S3Client(awsClientOptions(config, undefined)));
  const inBucket = (bucket: string, prefix: string, options?: { uploadSeconds: number; downloadSeconds: number }) =>
    onFirstUse(async () => (await import('./attachments/s3.ts')).s3Attachments(await s3(), bucket, options, prefix), storageOperations, {});
  // The job queue: SQS when JOB_QUEUE_URL is set; otherwise in-process, its worker attached by createDeps.
  const jobQueue: JobQueue & Partial<Pick<ReturnType<typeof inProcessJobQueue>, 'attach' | 'idle' | 'busy'>> = config.JOB_QUEUE_URL
    ? onFirstUse(
        async () => {
          const [{ SQSClient }, { sqsJobQueue }] = await Promise.all([import('@aws-sdk/client-sqs'), import('./sqs/job-queue-client.ts')]);
          return sqsJobQueue(new SQSClient(awsClientOptions(config, undefined)), config.JOB_QUEUE_URL!);
        },
        ['enqueue'],
        { kind: 'sqs' },
      )
    : inProcessJobQueue();
  // A scheduled update's wake-up: a one-time Scheduler schedule on AWS, the local minute poll otherwise.
  const { UPDATE_SCHEDULE_GROUP: group, UPDATE_SCHEDULE_TARGET_ARN: functionArn, UPDATE_SCHEDULE_ROLE_ARN: roleArn } = config;
  const updateTimer: UpdateTimer =
    group && functionArn && roleArn
      ? onFirstUse(
          async () => {
            const [{ SchedulerClient }, { oneTimeScheduleTimer }] = await Promise.all([import('@aws-sdk/client-scheduler'), import('./scheduler/update-timer.ts')]);
            return oneTimeScheduleTimer(new SchedulerClient(awsClientOptions(config, undefined)), { group, functionArn, roleArn });
          },
          ['set', 'clear'],
          { kind: 'one-time-schedules' },
        )
      : minutePollTimer();
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
    attachments: config.ATTACHMENTS_BUCKET ? inBucket(config.ATTACHMENTS_BUCKET, 'attachments/') : localDiskAttachments(`.data/attachments/${config.TABLE_NAME}`),
    // Contact files for import jobs: the same bucket under imports/, or local disk beside the attachments.
    importFiles: config.ATTACHMENTS_BUCKET ? inBucket(config.ATTACHMENTS_BUCKET, 'imports/', { uploadSeconds: 900, downloadSeconds: 60 }) : localDiskAttachments(`.data/imports/${config.TABLE_NAME}`),
    jobs: jobStore(table),
    visibility: visibilityStore(table),
    // CloudFront's standard logs on AWS; locally the folder the hub's server writes its request log to.
    viewLogs: config.VIEW_LOGS_BUCKET
      ? onFirstUse<ViewLogs, keyof ViewLogs>(async () => (await import('./visibility/s3-view-logs.ts')).s3ViewLogs(await s3(), config.VIEW_LOGS_BUCKET!), ['waiting', 'read', 'remove'], {})
      : localViewLogs(localViewLogDir(config.TABLE_NAME)),
    jobQueue,
    // On AWS the replies SES's receipt rule stored; locally the SMTP listener hands them over itself, and
    // the inbound-mail function (off AWS) reads a folder laid out as the bucket.
    inboundMail: config.INBOUND_MAIL_BUCKET
      ? async (sesMessageId: string) => (await import('./mail/inbound-s3.ts')).readInboundObject(await s3(), config.INBOUND_MAIL_BUCKET!, config.INBOUND_MAIL_PREFIX)(sesMessageId)
      : localInboundMail(localInboundDir(config.TABLE_NAME)),
    events: eventStore(table),
    registrations: registrationStore(table),
    reports: reportStore(table),
    outsideRequests: outsideRequestStore(table),
    mailer: ses.mailer,
    probes: { dynamodb: dynamoProbe(table), ses: ses.probe },
    ...createMailPipeline(config, table, ses.mailer, ses.readAccountQuota),
  };
}
export type AwsAdapters = ReturnType<typeof createAwsAdapters>;
