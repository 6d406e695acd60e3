import { Duration, Validations } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** SES reviews an account above 5 % bounces or 0.1 % complaints; these alarms fire at less than half. */
export const bounceRateThreshold = 0.02;
export const complaintRateThreshold = 0.0005;

/** The SES account-level reputation metrics (namespace AWS/SES, no dimensions). */
export const sesReputation = (metricName: 'Reputation.BounceRate' | 'Reputation.ComplaintRate') =>
  new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });

export interface HubAlarmsProps {
  email: string;
}

/** Alarms that email the operators: what someone has to look at, not what fixes itself. */
export class HubAlarms extends Construct {
  readonly topic: Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: HubAlarmsProps) {
    super(scope, id);
    // Not encrypted at rest: CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a
    // customer-managed key would cost more each month than the rest of an idle hub. What it carries
    // names an alarm and a metric, never a person.
    this.topic = new Topic(this, 'Topic', { enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.email));
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'Alarm notifications name an alarm, a metric and a threshold, no personal data; CloudWatch cannot use the AWS-managed SNS key and a customer-managed one costs 1 USD a month (docs/deploy.md).',
    });
    this.action = new SnsAction(this.topic);

    this.add('SesBounceRate', {
      metric: sesReputation('Reputation.BounceRate'),
      threshold: bounceRateThreshold,
      description: `SES bounce rate above ${bounceRateThreshold * 100} %: check the last mailing's list before SES pauses sending.`,
    });
    this.add('SesComplaintRate', {
      metric: sesReputation('Reputation.ComplaintRate'),
      threshold: complaintRateThreshold,
      description: `SES complaint rate above ${complaintRateThreshold * 100} %: check consent records and the last mailing.`,
    });
  }

  /** An alarm when the metric goes above the threshold for one period; no data is not a problem. */
  add(id: string, props: { metric: IMetric; threshold: number; description: string }) {
    const alarm = new Alarm(this, id, {
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: props.description,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}
