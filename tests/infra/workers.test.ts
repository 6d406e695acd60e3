import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HubStack } from '../../infra/hub-stack.ts';
import { jobSchedules } from '../../functions/jobs/schedules.ts';
import { JOB_MAX_RECEIVES } from '../../functions/api/services/jobs.ts';
import { perInstanceRate, sendWorkerConcurrency, sendWorkerRate } from '../../infra/send-rate.ts';
import { jobWorkerConcurrency, updateScheduleNamePrefix } from '../../infra/workers.ts';
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
    // So each instance also keeps under its share of the account's MaxSendRate.
    expect(worker.Properties.Environment.Variables.SEND_WORKERS).toBe(String(sendWorkerConcurrency(14)));
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
    expect(fns).toHaveLength(5);
    for (const fn of fns) expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
  });

  it('starts the scheduler for each job with its name as input', () => {
    // Prepare
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((rule) => rule.Properties.ScheduleExpression);
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
      'scheduled-updates': 'rate(15 minutes)',
      sweeper: 'rate(15 minutes)',
      reminders: 'rate(1 hour)',
      visibility: 'rate(1 hour)',
      'outside-request': 'cron(0 7 * * ? *)',
    });
    expect(rules).toHaveLength(jobSchedules.length);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [scheduler, 'Arn'] },
    });
  });

  it('gives each scheduled update a one-time schedule of its own: a group, a role Scheduler alone assumes that may invoke the scheduler only', () => {
    // Prepare
    const group = only(template, 'AWS::Scheduler::ScheduleGroup');
    const role = logicalId(stack, stack.workers.updateSchedules.role);
    const roles = template.findResources('AWS::IAM::Role');
    const scheduler = logicalId(stack, stack.workers.scheduler);
    const own = statements(template).filter((s) => JSON.stringify(s.roles) === JSON.stringify([{ Ref: role }]));
    // Assess: only EventBridge Scheduler, for this account, takes the role.
    expect(group.logicalId).toBe(logicalId(stack, stack.workers.updateSchedules.group));
    expect(roles[role]!.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } },
    ]);
    // It may invoke the scheduler function (and its versions), nothing else.
    expect(own.flatMap((s) => asArray(s.Action))).toEqual(['lambda:InvokeFunction']);
    expect(own.flatMap((s) => asArray(s.Resource)).map((r) => JSON.stringify(r)).every((r) => r.includes(scheduler))).toBe(true);
    // The stack makes no schedule itself: the API makes one per scheduled update, at run time.
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
  });

  it('lets the API create, move and delete update schedules in that group only, and pass the role to Scheduler only', () => {
    // Prepare
    const api = only(template, 'AWS::Lambda::Function', { Description: 'Partnership Hub API (Hono)' });
    const apiRole = { Ref: logicalId(stack, stack.api.function.role as never) };
    const groupName = stack.resolve(stack.workers.updateSchedules.group.scheduleGroupName) as string;
    const role = logicalId(stack, stack.workers.updateSchedules.role);
    const scheduling = statements(template).filter((s) => asArray(s.Action).some((a) => a.startsWith('scheduler:')));
    const passing = statements(template).filter((s) => asArray(s.Action).includes('iam:PassRole'));
    // Assess: the group's own name, so no other schedule of the account is reachable.
    expect(only(template, 'AWS::Scheduler::ScheduleGroup').Properties.Name).toBe(groupName);
    expect(scheduling).toHaveLength(1);
    expect(scheduling[0]).toMatchObject({ Effect: 'Allow', roles: [apiRole] });
    expect([...asArray(scheduling[0]!.Action)].sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:UpdateSchedule']);
    expect(scheduling[0]!.Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:eu-west-1:', { Ref: 'AWS::AccountId' }, `:schedule/${groupName}/${updateScheduleNamePrefix}*`]],
    });
    expect(passing).toEqual([
      expect.objectContaining({
        roles: [apiRole],
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': [role, 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    ]);
    // And the API knows where to put them and what they invoke.
    expect(api.Properties.Environment.Variables).toMatchObject({
      UPDATE_SCHEDULE_GROUP: groupName,
      UPDATE_SCHEDULE_TARGET_ARN: { 'Fn::GetAtt': [logicalId(stack, stack.workers.scheduler), 'Arn'] },
      UPDATE_SCHEDULE_ROLE_ARN: { 'Fn::GetAtt': [role, 'Arn'] },
    });
  });

  it('lets the API, the scheduler, the job worker (send planning) and the inbound-mail function enqueue mail, and tells them where', () => {
    // Prepare
    const queueArn = { 'Fn::GetAtt': [logicalId(stack, stack.sendQueue.queue), 'Arn'] };
    const senders = statements(template).filter(
      (s) => asArray(s.Action).includes('sqs:SendMessage') && asArray(s.Resource).some((r) => JSON.stringify(r) === JSON.stringify(queueArn)),
    );
    const roleOf = (fn: { role?: unknown }) => ({ Ref: logicalId(stack, fn.role as never) });
    // Assess
    expect(senders.flatMap((s) => s.roles)).toEqual(
      expect.arrayContaining([roleOf(stack.api.function), roleOf(stack.workers.scheduler), roleOf(stack.workers.jobWorker), roleOf(stack.inboundMail.function)]),
    );
    expect(senders.flatMap((s) => s.roles)).toHaveLength(4);
    const scheduler = fnOf('Partnership Hub: digests, scheduled updates, reminders, sweeper');
    expect(scheduler.Properties.Environment.Variables.SEND_QUEUE_URL).toEqual({ Ref: logicalId(stack, stack.sendQueue.queue) });
    expect(fnOf('Partnership Hub: runs job chunks (contact imports, send planning)').Properties.Environment.Variables.SEND_QUEUE_URL).toEqual({ Ref: logicalId(stack, stack.sendQueue.queue) });
  });
});

describe('job worker', () => {
  let template: Template;
  let stack: HubStack;
  const description = 'Partnership Hub: runs job chunks (contact imports, send planning)';
  beforeAll(async () => {
    ({ template, stack } = await hubTemplate());
  }, 120_000);

  it('feeds the job worker from its queue one chunk at a time, reporting failed items, two at most at once', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack, stack.jobQueue.queue), 'Arn'] },
      FunctionName: { Ref: logicalId(stack, stack.workers.jobWorker) },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: jobWorkerConcurrency },
    });
    const worker = only(template, 'AWS::Lambda::Function', { Description: description });
    expect(worker.Properties).toMatchObject({ Timeout: 60, MemorySize: 1024, Handler: 'index.handler' });
  });

  it('gives the job queue SSE, a visibility timeout of at least six times the worker timeout, and a DLQ after the receives the worker allows', () => {
    // Prepare
    const deadLetters = logicalId(stack, stack.jobQueue.deadLetters);
    const queue = only(template, 'AWS::SQS::Queue', { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLetters, 'Arn'] }, maxReceiveCount: JOB_MAX_RECEIVES } });
    const worker = only(template, 'AWS::Lambda::Function', { Description: description });
    const queues = template.findResources('AWS::SQS::Queue');
    // Assess
    expect(queue.logicalId).toBe(logicalId(stack, stack.jobQueue.queue));
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * worker.Properties.Timeout);
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    expect(queues[deadLetters]!.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('tells the API, the job worker and the scheduler (scheduled sends) where the job queue is, and lets only them send to it', () => {
    // Prepare
    const queueRef = { Ref: logicalId(stack, stack.jobQueue.queue) };
    const queueArn = { 'Fn::GetAtt': [logicalId(stack, stack.jobQueue.queue), 'Arn'] };
    const senders = statements(template).filter(
      (s) => asArray(s.Action).includes('sqs:SendMessage') && asArray(s.Resource).some((r) => JSON.stringify(r) === JSON.stringify(queueArn)),
    );
    const roleOf = (fn: { role?: unknown }) => ({ Ref: logicalId(stack, fn.role as never) });
    const worker = only(template, 'AWS::Lambda::Function', { Description: description });
    const api = only(template, 'AWS::Lambda::Function', { Description: 'Partnership Hub API (Hono)' });
    // Assess
    expect(senders.flatMap((s) => s.roles)).toEqual(
      expect.arrayContaining([roleOf(stack.api.function), roleOf(stack.workers.jobWorker), roleOf(stack.workers.scheduler)]),
    );
    expect(senders.flatMap((s) => s.roles)).toHaveLength(3);
    const queues = [queueArn, { 'Fn::GetAtt': [logicalId(stack, stack.sendQueue.queue), 'Arn'] }].map((arn) => JSON.stringify(arn));
    for (const statement of statements(template).filter((s) => asArray(s.Action).includes('sqs:SendMessage'))) {
      for (const resource of asArray(statement.Resource)) expect(queues).toContain(JSON.stringify(resource));
    }
    expect(api.Properties.Environment.Variables.JOB_QUEUE_URL).toEqual(queueRef);
    expect(worker.Properties.Environment.Variables).toMatchObject({
      JOB_QUEUE_URL: queueRef,
      ATTACHMENTS_BUCKET: { Ref: logicalId(stack, stack.data.attachments) },
      TABLE_NAME: { Ref: logicalId(stack, stack.data.table) },
    });
  });

  it('lets the job worker read and write the table, and send no email', () => {
    // Prepare
    const role = { Ref: logicalId(stack, stack.workers.jobWorker.role as never) };
    const own = statements(template).filter((s) => JSON.stringify(s.roles).includes(JSON.stringify(role)));
    const actions = own.flatMap((s) => asArray(s.Action));
    // Assess
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:GetItem']));
    expect(actions.filter((a) => a.startsWith('ses:'))).toEqual([]);
  });
});
