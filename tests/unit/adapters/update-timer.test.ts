import { describe, expect, it } from 'vitest';
import { createAwsAdapters } from '../../../functions/adapters/aws.ts';
import { ConfigError, loadConfig } from '../../../functions/adapters/config.ts';

const local = { TABLE_NAME: 'partnership-hub', SENDER: 'updates@example.org', BASE_URL: 'https://hub.example.org/', AWS_REGION: 'eu-west-1' };
const onAws = {
  ...local,
  UPDATE_SCHEDULE_GROUP: 'Hub-Workers-UpdateSchedules-Group-CBD43649',
  UPDATE_SCHEDULE_TARGET_ARN: 'arn:aws:lambda:eu-west-1:123456789012:function:Hub-Scheduler',
  UPDATE_SCHEDULE_ROLE_ARN: 'arn:aws:iam::123456789012:role/Hub-UpdateSchedulesRole',
};

describe("what wakes a scheduled update's job", () => {
  it('is a one-time Scheduler schedule when the stack names its group, target and role', () => {
    expect(createAwsAdapters(loadConfig(onAws)).updateTimer.kind).toBe('one-time-schedules');
  });

  it('is the minute poll locally, and wherever one of the three is missing (the safety-net run still sends it)', async () => {
    const timer = createAwsAdapters(loadConfig(local)).updateTimer;
    expect(timer.kind).toBe('minute-poll');
    // Nothing to set or clear: no AWS call is made.
    await expect(timer.set('3f9a0c1be2d4', new Date(Date.now() + 60_000))).resolves.toBeUndefined();
    await expect(timer.clear('3f9a0c1be2d4')).resolves.toBeUndefined();
    const { UPDATE_SCHEDULE_ROLE_ARN: _role, ...partial } = onAws;
    expect(createAwsAdapters(loadConfig(partial)).updateTimer.kind).toBe('minute-poll');
  });

  it('refuses a target or role that is not an ARN', () => {
    expect(() => loadConfig({ ...onAws, UPDATE_SCHEDULE_TARGET_ARN: 'Hub-Scheduler' })).toThrowError(ConfigError);
    expect(() => loadConfig({ ...onAws, UPDATE_SCHEDULE_ROLE_ARN: 'role' })).toThrowError(ConfigError);
  });
});
