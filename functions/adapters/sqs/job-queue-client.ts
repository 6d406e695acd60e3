import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { jobMessageSchema, type JobQueue } from '../../core/jobs/job.ts';

/** The job queue on AWS: one message per chunk, `{job, phase, cursor}`. */
export function sqsJobQueue(client: SQSClient, queueUrl: string): JobQueue {
  return {
    kind: 'sqs',
    async enqueue(message) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(jobMessageSchema.parse(message)) }));
    },
  };
}
