import { Duration, Validations } from 'aws-cdk-lib';
import { Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { hubFunction } from './functions.ts';
import { schedules } from './schedules.ts';
import { sendWorkerConcurrency, sendWorkerRate } from './send-rate.ts';

/** The send worker's limit; a batch of 10 at its share of the SES rate takes a few seconds. */
export const sendWorkerTimeout = Duration.seconds(60);
/** SQS hands a message to another worker only after this; AWS advises 6 × the function timeout. */
export const sendQueueVisibilityTimeout = Duration.seconds(sendWorkerTimeout.toSeconds() * 6);

/** The queue the API and the scheduler enqueue deliveries to, with its dead-letter queue. */
export class SendQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This is the dead-letter queue of the send queue; an alarm watches its depth.',
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: sendQueueVisibilityTimeout,
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 5 },
    });
  }
}

export interface HubWorkersProps {
  sendQueue: SendQueue;
  sesEvents: ITopic;
  sesMaxSendRate: number;
  /** Environment shared by every function (table, sender, base URL, SES settings). */
  environment: Record<string, string>;
}

/** The functions that run without a person waiting: send worker, SES events handler, scheduler. */
export class HubWorkers extends Construct {
  readonly sendWorker: LambdaFunction;
  readonly sesEvents: LambdaFunction;
  readonly scheduler: LambdaFunction;

  constructor(scope: Construct, id: string, props: HubWorkersProps) {
    super(scope, id);
    this.sendWorker = hubFunction(this, 'SendWorker', 'send-worker', {
      description: 'Partnership Hub: sends queued deliveries with SES',
      environment: { ...props.environment, SES_MAX_SEND_RATE: String(sendWorkerRate(props.sesMaxSendRate)) },
      timeout: sendWorkerTimeout,
      memorySize: 512,
    });
    this.sendWorker.addEventSource(
      new SqsEventSource(props.sendQueue.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: sendWorkerConcurrency(props.sesMaxSendRate),
      }),
    );

    this.sesEvents = hubFunction(this, 'SesEvents', 'ses-events', {
      description: 'Partnership Hub: records SES deliveries, bounces and complaints',
      environment: props.environment,
      timeout: Duration.seconds(30),
      memorySize: 512,
    });
    props.sesEvents.addSubscription(new LambdaSubscription(this.sesEvents));

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
  }
}
