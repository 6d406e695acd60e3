import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HubStack } from '../../infra/hub-stack.ts';
import { jobSchedules } from '../../functions/api/jobs/schedules.ts';
import { perInstanceRate, sendWorkerConcurrency, sendWorkerRate } from '../../infra/send-rate.ts';
import { asArray, hubTemplate, logicalId, only, statements } from './synth.ts';

describe('send rate', () => {
  it('runs at least two workers, one more per share of the SES rate', () => {
    expect(sendWorkerConcurrency(1)).toBe(2);
    expect(sendWorkerConcurrency(14)).toBe(2);
    expect(sendWorkerConcurrency(200)).toBe(200 / perInstanceRate);
    expect(sendWorkerConcurrency(1_000_000)).toBe(1000);
  });

  it('keeps the workers together at the account rate', () => {
    for (const rate of [1, 14, 50, 200, 3000]) {
      expect(sendWorkerRate(rate) * sendWorkerConcurrency(rate)).toBeCloseTo(rate);
    }
  });
});

describe('workers', () => {
  let template: Template;
  let stack: HubStack;
  const fnOf = (description: string) => only(template, 'AWS::Lambda::Function', { Description: description });
  beforeAll(async () => {
    ({ template, stack } = await hubTemplate());
  }, 120_000);

  it('feeds the send worker from SQS, reporting failed items, at a concurrency derived from the SES rate', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack, stack.sendQueue.queue), 'Arn'] },
      FunctionName: { Ref: logicalId(stack, stack.workers.sendWorker) },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: sendWorkerConcurrency(14) },
    });
    const worker = fnOf('Partnership Hub: sends queued deliveries with SES');
    expect(worker.Properties.Environment.Variables.SES_MAX_SEND_RATE).toBe(String(sendWorkerRate(14)));
  });

  it('gives the send queue a visibility timeout of at least six times the worker timeout, and a DLQ', () => {
    // Prepare
    const queue = only(template, 'AWS::SQS::Queue', { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stack, stack.sendQueue.deadLetters), 'Arn'] }, maxReceiveCount: 5 } });
    const worker = fnOf('Partnership Hub: sends queued deliveries with SES');
    // Assess
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * worker.Properties.Timeout);
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true });
  });

  it('runs every function on Node 22 and ARM64 from its own bundle', () => {
    const fns = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => String(fn.Properties.Description).startsWith('Partnership Hub'),
    );
    expect(fns).toHaveLength(4);
    for (const fn of fns) expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
  });

  it('starts the scheduler for each job with its name as input', () => {
    // Prepare
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    const scheduler = logicalId(stack, stack.workers.scheduler);
    const byJob = Object.fromEntries(
      rules.map((rule) => {
        const [target] = rule.Properties.Targets;
        expect(target.Arn).toEqual({ 'Fn::GetAtt': [scheduler, 'Arn'] });
        return [JSON.parse(target.Input).job, rule.Properties.ScheduleExpression];
      }),
    );
    // Assess
    expect(byJob).toEqual({
      digest: 'cron(0 5 * * ? *)',
      'scheduled-updates': 'rate(1 minute)',
      sweeper: 'rate(5 minutes)',
      reminders: 'rate(1 hour)',
    });
    expect(rules).toHaveLength(jobSchedules.length);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [scheduler, 'Arn'] },
    });
  });

  it('lets the API and the scheduler enqueue deliveries, and tells them where', () => {
    // Prepare
    const queueArn = { 'Fn::GetAtt': [logicalId(stack, stack.sendQueue.queue), 'Arn'] };
    const senders = statements(template).filter((s) => asArray(s.Action).includes('sqs:SendMessage'));
    const roleOf = (fn: { role?: unknown }) => ({ Ref: logicalId(stack, fn.role as never) });
    // Assess
    expect(senders.every((s) => JSON.stringify(s.Resource) === JSON.stringify(queueArn))).toBe(true);
    expect(senders.flatMap((s) => s.roles)).toEqual(
      expect.arrayContaining([roleOf(stack.api.function), roleOf(stack.workers.scheduler)]),
    );
    expect(senders.flatMap((s) => s.roles)).toHaveLength(2);
    const scheduler = fnOf('Partnership Hub: digests, scheduled updates, reminders, sweeper');
    expect(scheduler.Properties.Environment.Variables.SEND_QUEUE_URL).toEqual({ Ref: logicalId(stack, stack.sendQueue.queue) });
  });
});
