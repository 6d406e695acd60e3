import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HubStack } from '../../infra/hub-stack.ts';
import { sesEventTypes } from '../../infra/mail.ts';
import { asArray, hubTemplate, logicalId, only, statements } from './synth.ts';

describe('mail', () => {
  let template: Template;
  let stack: HubStack;
  beforeAll(async () => {
    ({ template, stack } = await hubTemplate());
  }, 120_000);

  it('verifies the domain from context with Easy DKIM and names the configuration set', () => {
    const identity = only(template, 'AWS::SES::EmailIdentity');
    expect(identity.Properties).toEqual({
      EmailIdentity: 'partnership.example.org',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalId(stack, stack.mail.configurationSet) } },
    });
    // No DkimSigningAttributes: SES generates the keys (Easy DKIM) and publishes three CNAMEs to add.
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { ReputationOptions: { ReputationMetricsEnabled: true } });
  });

  it('publishes deliveries, bounces and complaints to the default event bus, and a rule hands them to the events function', () => {
    // Prepare
    const destination = only(template, 'AWS::SES::ConfigurationSetEventDestination');
    const rule = only(template, 'AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.ses'] }) });
    const events = logicalId(stack, stack.workers.sesEvents);
    // Assess: SES publishes only to the default bus.
    expect(destination.Properties).toEqual({
      ConfigurationSetName: { Ref: logicalId(stack, stack.mail.configurationSet) },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['delivery', 'bounce', 'complaint', 'reject', 'renderingFailure'],
        EventBridgeDestination: {
          EventBusArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:', { Ref: 'AWS::AccountId' }, ':event-bus/default']] },
        },
      },
    });
    // The rule takes the hub's configuration set's events only, with the detail-type of each kind it records.
    expect(rule.Properties.EventBusName).toBeUndefined();
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': ['Email Delivered', 'Email Bounced', 'Email Complaint Received', 'Email Rejected', 'Email Rendering Failed'],
      detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: logicalId(stack, stack.mail.configurationSet) }] } } },
    });
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [events, 'Arn'] } })]);
    expect(sesEventTypes.map((t) => t.detailType)).toEqual(rule.Properties.EventPattern['detail-type']);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [events, 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [rule.logicalId, 'Arn'] },
    });
  });

  it('keeps nothing that costs while idle on the events path: no customer-managed key, no events topic, no SNS subscription to a function', () => {
    template.resourceCountIs('AWS::KMS::Key', 0);
    // The one topic left is the alarms', which emails the operators.
    const topics = template.findResources('AWS::SNS::Topic');
    expect(Object.keys(topics)).toEqual([logicalId(stack, stack.alarms.topic)]);
    for (const topic of Object.values(topics)) expect(topic.Properties ?? {}).not.toHaveProperty('KmsMasterKeyId');
    expect(Object.values(template.findResources('AWS::SNS::Subscription')).map((s) => s.Properties.Protocol)).toEqual(['email']);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/kms:/);
  });

  it('allows ses:SendRawEmail only on the identity and the configuration set, to the API, the send worker and the SES events function (the pause notice)', () => {
    // Prepare
    const sending = statements(template).filter((s) => asArray(s.Action).some((a) => a.startsWith('ses:Send')));
    const identityArn = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:eu-west-1:', { Ref: 'AWS::AccountId' }, ':identity/', { Ref: logicalId(stack, stack.mail.identity) }]],
    };
    const configurationSetArn = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:eu-west-1:', { Ref: 'AWS::AccountId' }, ':configuration-set/', { Ref: logicalId(stack, stack.mail.configurationSet) }]],
    };
    const roleOf = (fn: { role?: unknown }) => ({ Ref: logicalId(stack, fn.role as never) });
    // Assess
    expect(sending).toHaveLength(3);
    for (const statement of sending) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Action).toBe('ses:SendRawEmail');
      expect(statement.Resource).toHaveLength(2);
      expect(statement.Resource).toEqual(expect.arrayContaining([identityArn, configurationSetArn]));
      expect(statement.Condition).toBeUndefined();
    }
    expect(sending.flatMap((s) => s.roles)).toEqual(
      expect.arrayContaining([roleOf(stack.api.function), roleOf(stack.workers.sendWorker), roleOf(stack.workers.sesEvents)]),
    );
    expect(sending.flatMap((s) => s.roles)).toHaveLength(3);
  });

  it("allows ses:GetAccount, alone in its statement, only to the API (the health probe) and the send worker (the account's rate and quota)", () => {
    // Prepare
    const reading = statements(template).filter((s) => asArray(s.Action).includes('ses:GetAccount'));
    const roleOf = (fn: { role?: unknown }) => ({ Ref: logicalId(stack, fn.role as never) });
    // Assess: GetAccount has no resource type, so '*' is as narrow as it gets; nothing else rides on it.
    for (const statement of reading) {
      expect(statement).toMatchObject({ Effect: 'Allow', Action: 'ses:GetAccount', Resource: '*' });
      expect(statement.Condition).toBeUndefined();
    }
    expect(reading.flatMap((s) => s.roles)).toEqual(expect.arrayContaining([roleOf(stack.api.function), roleOf(stack.workers.sendWorker)]));
    expect(reading.flatMap((s) => s.roles)).toHaveLength(2);
  });

  it('tracks no opens and no clicks: no tracking options, no open or click events, no custom redirect domain', () => {
    // Prepare
    const sets = Object.values(template.findResources('AWS::SES::ConfigurationSet'));
    const destinations = Object.values(template.findResources('AWS::SES::ConfigurationSetEventDestination'));
    // Assess: SES rewrites links and adds a pixel only when a configuration set asks for it.
    expect(sets).toHaveLength(1);
    for (const set of sets) {
      expect(set.Properties).not.toHaveProperty('TrackingOptions');
      expect(JSON.stringify(set.Properties ?? {})).not.toMatch(/CustomRedirectDomain|HttpsPolicy/);
    }
    expect(destinations.length).toBeGreaterThan(0);
    for (const destination of destinations) {
      const types = (destination.Properties.EventDestination.MatchingEventTypes as string[]).map((t) => t.toLowerCase());
      expect(types).not.toContain('open');
      expect(types).not.toContain('click');
    }
    expect(Object.keys(template.findResources('AWS::SES::ConfigurationSet', { Properties: { TrackingOptions: Match.anyValue() } }))).toEqual([]);
  });
});
