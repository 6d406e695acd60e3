import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HubStack } from '../../infra/hub-stack.ts';
import { asArray, hubTemplate, logicalId, only, statements, type Cfn } from './synth.ts';

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

  it('publishes deliveries, bounces and complaints to an SNS topic the events function subscribes to', () => {
    const topic = logicalId(stack, stack.mail.eventsTopic);
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['delivery', 'bounce', 'complaint']),
        SnsDestination: { TopicARN: { Ref: topic } },
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: topic },
      Endpoint: { 'Fn::GetAtt': [logicalId(stack, stack.workers.sesEvents), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 'sns:Publish' }),
        ]),
      },
    });
  });

  it('lets SES use the topic key and publish to the topic only for this account and configuration set', () => {
    // Prepare
    const configurationSetArn = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:eu-west-1:', { Ref: 'AWS::AccountId' }, ':configuration-set/', { Ref: logicalId(stack, stack.mail.configurationSet) }]],
    };
    const toSes = (statement: Cfn) => asArray(statement.Principal?.Service ?? []).includes('ses.amazonaws.com');
    // Condition keys are case-insensitive (CDK writes AWS:SourceArn on the topic, we write aws:SourceArn on the key).
    const lowerKeys = (conditions: Record<string, Record<string, unknown>>) =>
      Object.fromEntries(
        Object.entries(conditions).map(([operator, pairs]) => [operator, Object.fromEntries(Object.entries(pairs).map(([k, v]) => [k.toLowerCase(), v]))]),
      );
    const keyStatements = only(template, 'AWS::KMS::Key').Properties.KeyPolicy.Statement.filter(toSes);
    const topicPolicy = only(template, 'AWS::SNS::TopicPolicy', { Topics: [{ Ref: logicalId(stack, stack.mail.eventsTopic) }] });
    const topicStatements = topicPolicy.Properties.PolicyDocument.Statement.filter(toSes);
    const scoped = { StringEquals: { 'aws:sourceaccount': { Ref: 'AWS::AccountId' }, 'aws:sourcearn': configurationSetArn } };
    // Assess
    expect(keyStatements).toHaveLength(1);
    expect(keyStatements[0]).toMatchObject({ Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' } });
    expect([...asArray(keyStatements[0].Action)].sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(lowerKeys(keyStatements[0].Condition)).toEqual(scoped);
    expect(topicStatements).toHaveLength(1);
    expect(topicStatements[0]).toMatchObject({ Effect: 'Allow', Action: 'sns:Publish' });
    expect(lowerKeys(topicStatements[0].Condition)).toEqual(scoped);
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
