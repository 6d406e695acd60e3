import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  UpdateScheduleCommand,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { atExpression, updateScheduleName, type UpdateTimer } from '../../core/updates/timer.ts';

export interface OneTimeScheduleTarget {
  /** The schedule group the hub's one-time schedules live in (the IAM grant is scoped to it). */
  group: string;
  /** The scheduler Lambda, invoked with `{ "job": "scheduled-updates" }`. */
  functionArn: string;
  /** The role Scheduler assumes to invoke it. */
  roleArn: string;
}

/**
 * One EventBridge Scheduler schedule per scheduled update, run once at its time and then deleted by
 * Scheduler itself (ActionAfterCompletion DELETE). Rescheduling moves it; cancelling deletes it.
 */
export function oneTimeScheduleTimer(client: SchedulerClient, target: OneTimeScheduleTarget): UpdateTimer {
  const definition = (updateId: string, at: Date) => ({
    Name: updateScheduleName(updateId),
    GroupName: target.group,
    ScheduleExpression: atExpression(at),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' as const },
    ActionAfterCompletion: 'DELETE' as const,
    Description: `Partnership Hub: send update ${updateId} at its scheduled time`,
    Target: {
      Arn: target.functionArn,
      RoleArn: target.roleArn,
      Input: JSON.stringify({ job: 'scheduled-updates' }),
      RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 },
    },
  });
  return {
    kind: 'one-time-schedules',
    async set(updateId, at) {
      try {
        await client.send(new CreateScheduleCommand(definition(updateId, at)));
      } catch (error) {
        // Scheduled again before its time: the schedule exists, so it moves (UpdateSchedule takes the whole definition).
        if (!(error instanceof ConflictException)) throw error;
        await client.send(new UpdateScheduleCommand(definition(updateId, at)));
      }
    },
    async clear(updateId) {
      try {
        await client.send(new DeleteScheduleCommand({ Name: updateScheduleName(updateId), GroupName: target.group }));
      } catch (error) {
        // Already run (and deleted by Scheduler) or never created.
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    },
  };
}
