import { CfnElement, CfnOutput, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import path from 'node:path';
import { HubAlarms } from './alarms.ts';
import { HubApi, originVerifyHeader } from './api.ts';
import { projectRoot } from './bundle.ts';
import { accessLogsBucket } from './buckets.ts';
import { readContext } from './context.ts';
import { HubData } from './data.ts';
import { InboundMail } from './inbound-mail.ts';
import { HubMail } from './mail.ts';
import { HubSite } from './site.ts';
import { acknowledgeSdkCalls, SiteViews } from './visibility.ts';
import { HubWorkers, JobQueue, SendQueue } from './workers.ts';

export interface HubStackProps extends StackProps {
  /** The built site to deploy; infra/app.ts builds it for the public domain. */
  siteDir?: string;
}

/** Everything the hub runs on, in one stack. Settings come from cdk.json context (hub:*). */
export class HubStack extends Stack {
  readonly data: HubData;
  readonly mail: HubMail;
  readonly api: HubApi;
  readonly site: HubSite;
  readonly sendQueue: SendQueue;
  readonly jobQueue: JobQueue;
  readonly workers: HubWorkers;
  readonly alarms: HubAlarms;
  readonly views: SiteViews;
  readonly inboundMail: InboundMail;

  constructor(scope: Construct, id: string, props: HubStackProps = {}) {
    super(scope, id, props);
    const context = readContext(this);
    const baseUrl = `https://${context.domain}`;

    const accessLogs = accessLogsBucket(this, 'AccessLogs');
    this.data = new HubData(this, 'Data', { siteOrigin: baseUrl, accessLogs });

    this.mail = new HubMail(this, 'Mail', { domain: context.domain });

    this.sendQueue = new SendQueue(this, 'Send');
    this.jobQueue = new JobQueue(this, 'Jobs');

    const environment = {
      TABLE_NAME: this.data.table.tableName,
      SENDER: context.sender,
      BASE_URL: baseUrl,
      SES_CONFIGURATION_SET: this.mail.configurationSet.configurationSetName,
      SES_MAX_SEND_RATE: String(context.sesMaxSendRate),
      // Forum notifications carry a reply address at this domain, whichever function sends them.
      REPLY_DOMAIN: context.replyDomain,
    };

    this.api = new HubApi(this, 'Api', {
      environment: {
        ...environment,
        SEND_QUEUE_URL: this.sendQueue.queue.queueUrl,
        JOB_QUEUE_URL: this.jobQueue.queue.queueUrl,
        ATTACHMENTS_BUCKET: this.data.attachments.bucketName,
      },
      originDomain: context.apiOriginDomain,
      certificateArn: context.apiCertificateArn,
    });
    this.workers = new HubWorkers(this, 'Workers', {
      sendQueue: this.sendQueue,
      jobQueue: this.jobQueue,
      configurationSetName: this.mail.configurationSet.configurationSetName,
      sesMaxSendRate: context.sesMaxSendRate,
      environment,
      attachmentsBucket: this.data.attachments.bucketName,
    });
    // The minute job re-enqueues stale deliveries and starts the planning jobs of scheduled updates.
    this.workers.scheduler.addEnvironment('SEND_QUEUE_URL', this.sendQueue.queue.queueUrl);
    this.workers.scheduler.addEnvironment('JOB_QUEUE_URL', this.jobQueue.queue.queueUrl);
    // Scheduling an update creates its one-time schedule; cancelling, or sending it early, deletes it.
    for (const [name, value] of Object.entries(this.workers.updateSchedules.environment(this.workers.scheduler))) this.api.function.addEnvironment(name, value);
    this.workers.updateSchedules.grantManage(this.api.function);
    // A send's planning job queues each page's deliveries as it writes them.
    this.workers.jobWorker.addEnvironment('SEND_QUEUE_URL', this.sendQueue.queue.queueUrl);

    // Replies by email: it posts as the API does (table), stores the files a reply carries (attachments
    // bucket), and queues the notifications and answers (send queue).
    this.inboundMail = new InboundMail(this, 'InboundMail', {
      replyDomain: context.replyDomain,
      environment: { ...environment, SEND_QUEUE_URL: this.sendQueue.queue.queueUrl, ATTACHMENTS_BUCKET: this.data.attachments.bucketName },
      accessLogs,
    });
    this.sendQueue.queue.grantSendMessages(this.inboundMail.function);
    // It writes a reply's files whole, under attachments/ like uploads; it neither reads, tags nor deletes them.
    this.inboundMail.function.addToRolePolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:PutObject'], resources: [this.data.attachments.arnForObjects('attachments/*')] }),
    );

    const { sendWorker, jobWorker, sesEvents, scheduler } = this.workers;
    for (const fn of [this.api.function, sendWorker, jobWorker, sesEvents, scheduler, this.inboundMail.function]) this.data.table.grantReadWriteData(fn);
    // The SES events function writes to the secretariat when the brake pauses a send.
    for (const fn of [this.api.function, sendWorker, sesEvents]) this.mail.grantSendRaw(fn);
    for (const fn of [this.api.function, scheduler, jobWorker]) this.sendQueue.queue.grantSendMessages(fn);
    // The API (and the minute job, for a scheduled send) queue a job's first chunk; the job worker each next one.
    for (const fn of [this.api.function, jobWorker, scheduler]) this.jobQueue.queue.grantSendMessages(fn);
    // Exactly what presigned GETs, PUTs and deletes need; the bucket's grantReadWrite would add List*, Abort* and more.
    this.api.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        // PutObjectTagging: uploads arrive tagged pending (signed into the PUT), confirmation re-tags them.
        actions: ['s3:GetObject', 's3:PutObject', 's3:PutObjectTagging', 's3:DeleteObject'],
        resources: [this.data.attachments.arnForObjects('attachments/*')],
      }),
    );
    // Contact files for import jobs: the API presigns their PUT (tagged pending, as above) and checks
    // their size (HeadObject, which GetObject allows) before starting the job; it neither reads nor deletes them.
    this.api.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:GetObject', 's3:PutObject', 's3:PutObjectTagging'],
        resources: [this.data.attachments.arnForObjects('imports/*')],
      }),
    );
    // The job worker reads the contact file of each chunk; the lifecycle rule deletes it later (infra/data.ts).
    jobWorker.addToRolePolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject'], resources: [this.data.attachments.arnForObjects('imports/*')] }),
    );
    // With ListBucket a missing object answers 404 rather than 403, so an upload confirmed before its
    // bytes arrived gets a clear refusal instead of looking like a permissions failure.
    this.api.function.addToRolePolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:ListBucket'], resources: [this.data.attachments.bucketArn] }),
    );
    // The health probe reads the SES account status, and the send worker the account's rate and
    // 24-hour quota; GetAccount has no resource to scope to.
    for (const fn of [this.api.function, sendWorker]) {
      fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['ses:GetAccount'], resources: ['*'] }));
    }

    this.acknowledgeGrants();

    this.site = new HubSite(this, 'Site', {
      siteDir: props.siteDir ?? path.join(projectRoot, 'dist', 'site'),
      apiOriginDomain: this.api.originDomain,
      apiOriginHeaders: { [originVerifyHeader]: this.api.originVerify },
      accessLogs,
      domain: context.domain,
      certificateArn: context.certificateArn,
    });

    // The site's request logs, counted hourly by the scheduler's visibility job, then removed.
    this.views = new SiteViews(this, 'Views', { distribution: this.site.distribution, accessLogs });
    this.workers.scheduler.addEnvironment('VIEW_LOGS_BUCKET', this.views.bucket.bucketName);
    this.views.grantCounting(this.workers.scheduler);
    Validations.of(this.workers.scheduler).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.views.bucket.node.defaultChild as CfnElement)}.Arn>/*]`,
      reason: 'CloudFront names each log file; the visibility job reads and removes any of them, in the view-logs bucket only.',
    });
    acknowledgeSdkCalls(this);

    this.alarms = new HubAlarms(this, 'Alarms', { email: context.alarmEmail });
    this.alarms.add('SendDeadLetters', {
      metric: this.sendQueue.deadLetters.metricApproximateNumberOfMessagesVisible(),
      threshold: 0,
      description: 'Deliveries reached the dead-letter queue: the send worker failed them five times.',
    });
    this.alarms.add('JobDeadLetters', {
      metric: this.jobQueue.deadLetters.metricApproximateNumberOfMessagesVisible(),
      threshold: 0,
      description: 'A job chunk reached the dead-letter queue: the job worker failed it five times without marking the job failed.',
    });
    this.alarms.add('SendWorkerErrors', {
      metric: sendWorker.metricErrors(),
      threshold: 0,
      description: 'The send worker failed: an invocation threw or timed out.',
    });
    this.alarms.add('InboundMailErrors', {
      metric: this.inboundMail.function.metricErrors(),
      threshold: 0,
      description: 'The inbound-mail function failed: a reply by email was not handled (Lambda retries an asynchronous invocation twice).',
    });
    this.alarms.add('ApiServerErrors', {
      metric: this.api.httpApi.metricServerError(),
      threshold: 0,
      description: 'The API answered 5xx.',
    });

    new CfnOutput(this, 'DistributionDomain', {
      value: this.site.distribution.distributionDomainName,
      description: `Point ${context.domain} here (CNAME or alias)`,
    });
    new CfnOutput(this, 'ApiOriginTarget', {
      value: this.api.domainName.regionalDomainName,
      description: `Point ${context.apiOriginDomain} here (CNAME): CloudFront reaches the API at that name`,
    });
  }

  /** The wildcards left in the functions' policies, each as narrow as the service allows. */
  private acknowledgeGrants() {
    const logicalId = (construct: Construct) => this.getLogicalId(construct.node.defaultChild as CfnElement);
    const fns = [this.api.function, this.workers.sendWorker, this.workers.jobWorker, this.workers.sesEvents, this.workers.scheduler, this.inboundMail.function];
    for (const fn of fns) {
      Validations.of(fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId(this.data.table)}.Arn>/index/*]`,
        reason: "The table's own indexes (gsi1, gsi2), which the access patterns query; nothing outside the table.",
      });
    }
    Validations.of(this.api.function).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId(this.data.attachments)}.Arn>/attachments/*]`,
      reason: 'Attachment keys are generated per upload; the API presigns GET and PUT URLs for any of them, under attachments/ of this bucket only.',
    });
    Validations.of(this.inboundMail.function).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId(this.data.attachments)}.Arn>/attachments/*]`,
      reason: 'Each file of a reply by email gets a key derived from its message; the function puts any of them, under attachments/ of this bucket only (PutObject alone).',
    });
    for (const fn of [this.api.function, this.workers.jobWorker]) {
      Validations.of(fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId(this.data.attachments)}.Arn>/imports/*]`,
        reason: 'Contact-file keys are generated per import job; the API presigns their PUT and the job worker reads them, under imports/ of this bucket only.',
      });
    }
    Validations.of(this.inboundMail.function).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId(this.inboundMail.bucket)}.Arn>/replies/*]`,
      reason: "SES names each stored reply by its message id; the function reads any of them, under replies/ of the inbound-mail bucket only.",
    });
    Validations.of(this.api.function).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ses:GetAccount (the health probe) has no resource type; SendRawEmail stays scoped to the identity and configuration set.',
    });
    Validations.of(this.workers.sendWorker).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: "ses:GetAccount (the account's send rate and 24-hour quota) has no resource type; SendRawEmail stays scoped to the identity and configuration set.",
    });
  }
}
