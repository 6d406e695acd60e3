import { Stack } from 'aws-cdk-lib';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/**
 * The SES events the hub acts on, each with the `detail-type` EventBridge gives it
 * (EventBridge's reference, "Amazon Simple Email Service events").
 */
export const sesEventTypes = [
  { event: EmailSendingEvent.DELIVERY, detailType: 'Email Delivered' },
  { event: EmailSendingEvent.BOUNCE, detailType: 'Email Bounced' },
  { event: EmailSendingEvent.COMPLAINT, detailType: 'Email Complaint Received' },
  { event: EmailSendingEvent.REJECT, detailType: 'Email Rejected' },
  { event: EmailSendingEvent.RENDERING_FAILURE, detailType: 'Email Rendering Failed' },
] as const;

export interface HubMailProps {
  domain: string;
}

/**
 * The sending domain (Easy DKIM) and the configuration set every message names. Its delivery,
 * bounce and complaint events go to the account's default event bus, where a rule hands them to the
 * events handler (infra/workers.ts): no topic and no key of our own, so nothing is paid while no mail goes out.
 */
export class HubMail extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly configurationSetArn: string;
  /** The account's default bus, the only one SES publishes to. */
  readonly eventBus: IEventBus;

  constructor(scope: Construct, id: string, props: HubMailProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', { reputationMetrics: true });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(props.domain),
      configurationSet: this.configurationSet,
    });

    this.eventBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(this.eventBus),
      events: sesEventTypes.map((t) => t.event),
    });
  }

  /**
   * Raw sends from this identity through this configuration set, nothing wider. SES v2 SendEmail with
   * raw content, the hub's one send call, is authorized by `ses:SendRawEmail`.
   */
  grantSendRaw(grantee: IGrantable) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendRawEmail'],
        resources: [this.identity.emailIdentityArn, this.configurationSetArn],
      }),
    );
  }
}
