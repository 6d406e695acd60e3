import { ArnFormat, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { hubFunction } from './functions.ts';
import { sesEventTypes } from './mail.ts';
import { schedules } from './schedules.ts';
import { sendWorkerConcurrency, sendWorkerRate } from './send-rate.ts';
import { MESSAGES_PER_BATCH } from '../functions/adapters/sqs/send-queue.ts';

/** The send worker's limit; a batch of 10 at its share of the SES rate takes a few seconds. */
export const sendWorkerTimeout = Duration.seconds(60);
/** SQS hands a message to another worker only after this; AWS advises 6 × the function timeout. */
export const sendQueueVisibilityTimeout = Duration.seconds(sendWorkerTimeout.toSeconds() * 6);

/** The job worker's limit; one chunk (a thousand rows of a contact file) takes a few seconds. */
export const jobWorkerTimeout = Duration.seconds(60);
/** As for the send queue: 6 × the worker's timeout. */
export const jobQueueVisibilityTimeout = Duration.seconds(jobWorkerTimeout.toSeconds() * 6);
/** At most this many job workers at once (the SQS event source's maximum concurrency, Lambda's minimum). */
export const jobWorkerConcurrency = 2;

/** An SSE, TLS-only queue whose messages go to a dead-letter queue after five failed receives. */
function deadLetteredQueue(scope: Construct, visibilityTimeout: Duration, of: string) {
  const deadLetters = new Queue(scope, 'DeadLetters', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(deadLetters).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This is the dead-letter queue of the ${of} queue; an alarm watches its depth.`,
  });
  const queue = new Queue(scope, 'Queue', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout,
    deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
  });
  return { queue, deadLetters };
}

/** The queue the API and the scheduler enqueue deliveries to, with its dead-letter queue. */
export class SendQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    ({ queue: this.queue, deadLetters: this.deadLetters } = deadLetteredQueue(this, sendQueueVisibilityTimeout, 'send'));
  }
}

/**
 * The queue of job chunks (contact imports), one message per chunk: the API queues a job's first,
 * the job worker each next one. After five failed receives the worker marks the job failed itself
 * (JOB_MAX_RECEIVES); a message reaches the dead-letter queue only when the worker could not even do that.
 */
export class JobQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    ({ queue: this.queue, deadLetters: this.deadLetters } = deadLetteredQueue(this, jobQueueVisibilityTimeout, 'job'));
  }
}

export interface HubWorkersProps {
  sendQueue: SendQueue;
  jobQueue: JobQueue;
  /** The configuration set whose events (on the default event bus) the events handler records. */
  configurationSetName: string;
  sesMaxSendRate: number;
  /** Environment shared by every function (table, sender, base URL, SES settings). */
  environment: Record<string, string>;
  /** The bucket the job worker reads contact files from (under imports/). */
  attachmentsBucket: string;
}

/** The functions that run without a person waiting: send worker, job worker, SES events handler, scheduler. */
export class HubWorkers extends Construct {
  readonly sendWorker: LambdaFunction;
  readonly jobWorker: LambdaFunction;
  readonly sesEvents: LambdaFunction;
  readonly sesEventsRule: Rule;
  readonly scheduler: LambdaFunction;
  readonly updateSchedules: UpdateSchedules;

  constructor(scope: Construct, id: string, props: HubWorkersProps) {
    super(scope, id);
    this.sendWorker = hubFunction(this, 'SendWorker', 'send-worker', {
      description: 'Partnership Hub: sends queued deliveries with SES',
      // Each instance keeps under its share of the configured rate and of the account's MaxSendRate.
      environment: { ...props.environment, SES_MAX_SEND_RATE: String(sendWorkerRate(props.sesMaxSendRate)), SEND_WORKERS: String(sendWorkerConcurrency(props.sesMaxSendRate)) },
      timeout: sendWorkerTimeout,
      memorySize: 512,
    });
    this.sendWorker.addEventSource(
      new SqsEventSource(props.sendQueue.queue, {
        batchSize: MESSAGES_PER_BATCH,
        reportBatchItemFailures: true,
        maxConcurrency: sendWorkerConcurrency(props.sesMaxSendRate),
      }),
    );

    // 1 GB: a chunk parses the whole contact file (up to 50,000 rows) before writing its thousand.
    this.jobWorker = hubFunction(this, 'JobWorker', 'job-worker', {
      description: 'Partnership Hub: runs job chunks (contact imports, send planning)',
      environment: { ...props.environment, JOB_QUEUE_URL: props.jobQueue.queue.queueUrl, ATTACHMENTS_BUCKET: props.attachmentsBucket },
      timeout: jobWorkerTimeout,
      memorySize: 1024,
    });
    // One chunk per invocation; a small maximum concurrency keeps imports from crowding the table's writes.
    this.jobWorker.addEventSource(
      new SqsEventSource(props.jobQueue.queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: jobWorkerConcurrency,
      }),
    );

    this.sesEvents = hubFunction(this, 'SesEvents', 'ses-events', {
      description: 'Partnership Hub: records SES deliveries, bounces and complaints',
      environment: props.environment,
      timeout: Duration.seconds(30),
      memorySize: 512,
    });
    // SES publishes to the default bus; the rule takes the events of the hub's configuration set only
    // (its name rides in every event's mail tags), of the kinds the handler records.
    this.sesEventsRule = new Rule(this, 'SesEventsRule', {
      description: 'Partnership Hub: SES deliveries, bounces and complaints to the events handler',
      eventPattern: {
        source: ['aws.ses'],
        detailType: sesEventTypes.map((t) => t.detailType),
        detail: { mail: { tags: { 'ses:configuration-set': [props.configurationSetName] } } },
      },
      targets: [new LambdaTarget(this.sesEvents)],
    });

    this.scheduler = hubFunction(this, 'Scheduler', 'scheduler', {
      description: 'Partnership Hub: digests, scheduled updates, reminders, sweeper',
      environment: props.environment,
      timeout: Duration.minutes(5),
    });
    for (const { job, schedule, description } of schedules) {
      new Rule(this, `Schedule-${job}`, {
        description: `Partnership Hub: ${description}`,
        schedule,
        targets: [new LambdaTarget(this.scheduler, { event: RuleTargetInput.fromObject({ job }), retryAttempts: 2 })],
      });
    }
    this.updateSchedules = new UpdateSchedules(this, 'UpdateSchedules', { scheduler: this.scheduler });
  }
}

/** The one-time schedules' names: `update-<id>` (functions/core/updates/timer.ts). */
export const updateScheduleNamePrefix = 'update-';

/**
 * Where each scheduled update's one-time EventBridge Scheduler schedule lives (its own group, so the
 * API's grant reaches no other schedule) and the role Scheduler invokes the scheduler Lambda with.
 * Scheduler deletes each schedule once it has run; a schedule costs nothing while it waits.
 */
export class UpdateSchedules extends Construct {
  readonly group: ScheduleGroup;
  readonly role: Role;
  private readonly scheduleArns: string;

  constructor(scope: Construct, id: string, props: { scheduler: LambdaFunction }) {
    super(scope, id);
    this.group = new ScheduleGroup(this, 'Group', {});
    const stack = Stack.of(this);
    this.role = new Role(this, 'Role', {
      description: 'Partnership Hub: EventBridge Scheduler invokes the scheduler function at a scheduled update\'s time',
      // Only Scheduler acting for this account's schedules may take the role (the confused deputy).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    // The function itself, unqualified: what a schedule's target names (grantInvoke would add its versions too).
    this.role.addToPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['lambda:InvokeFunction'], resources: [props.scheduler.functionArn] }));
    this.scheduleArns = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.scheduleGroupName}/${updateScheduleNamePrefix}*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /** Create, move and delete the update schedules of this group, and hand Scheduler the role; nothing wider. */
  grantManage(grantee: IGrantable & Construct) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
        resources: [this.scheduleArns],
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    const stack = Stack.of(this);
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${region}:<AWS::AccountId>:schedule/${stack.resolve(this.group.scheduleGroupName)}/${updateScheduleNamePrefix}*]`,
      reason: "Each scheduled update's one-time schedule is named after it when it is scheduled; the grant reaches those names only, in the hub's own schedule group.",
    });
  }

  /** What the API's configuration reads to create a schedule (functions/adapters/config.ts). */
  environment(scheduler: LambdaFunction) {
    return { UPDATE_SCHEDULE_GROUP: this.group.scheduleGroupName, UPDATE_SCHEDULE_TARGET_ARN: scheduler.functionArn, UPDATE_SCHEDULE_ROLE_ARN: this.role.roleArn };
  }
}
