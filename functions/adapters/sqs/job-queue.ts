import { z } from 'zod';
import { jobMessageSchema, type JobMessage } from '../../core/jobs/job.ts';

const sqsEventSchema = z.object({
  Records: z.array(z.object({ messageId: z.string(), body: z.string(), attributes: z.object({ ApproximateReceiveCount: z.coerce.number().optional() }).partial().optional() })),
});

/** The messages of a job-queue invocation: each with its job message (undefined when unreadable) and how often SQS handed it out. */
export function parseJobEvent(event: unknown): { messageId: string; message: JobMessage | undefined; receives: number }[] {
  return sqsEventSchema.parse(event).Records.map((record) => {
    let message: JobMessage | undefined;
    try {
      message = jobMessageSchema.parse(JSON.parse(record.body));
    } catch {
      message = undefined;
    }
    return { messageId: record.messageId, message, receives: record.attributes?.ApproximateReceiveCount ?? 1 };
  });
}
