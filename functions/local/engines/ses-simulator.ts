import { randomUUID } from 'node:crypto';

/**
 * SES's mailbox simulator, as the local SES stands in for it. On AWS, mail to these addresses never
 * leaves SES and comes back as the events SES publishes for it (docs: "Using the mailbox simulator"):
 * success@ delivers, bounce@ bounces hard, complaint@ delivers and is then complained about,
 * suppressionlist@ bounces as an address on the account's suppression list. A `+label` in the local
 * part is allowed, so runs can tell their messages apart.
 */
export type SimulatorMailbox = 'success' | 'bounce' | 'complaint' | 'suppressionlist';

const SIMULATOR = /^(success|bounce|complaint|suppressionlist)(?:\+[^@]*)?@simulator\.amazonses\.com$/i;

export function simulatorMailbox(address: string): SimulatorMailbox | undefined {
  return SIMULATOR.exec(address.trim())?.[1]?.toLowerCase() as SimulatorMailbox | undefined;
}

/** One sent message as SES's `mail` object describes it. */
export interface SentMessage {
  messageId: string;
  source: string;
  destination: string[];
  /** Every header of the raw message, in order, unfolded. */
  headers: { name: string; value: string }[];
  configurationSet?: string;
  sentAt: Date;
}

/** The SES event (configuration-set event publishing) as SES would publish it for one event type. */
export type SesPublishedEvent = Record<string, unknown> & { eventType: 'Delivery' | 'Bounce' | 'Complaint' };

const REPORTING_MTA = 'a8-70.smtp-out.amazonses.com';
const SUPPRESSED_DIAGNOSTIC =
  'Amazon SES did not send the message to this address because it is on the suppression list for your account. For more information about removing addresses from the suppression list, see the Amazon SES Developer Guide at https://docs.aws.amazon.com/ses/latest/DeveloperGuide/sending-email-suppression-list.html';

/**
 * The `mail` object of an event. SES strips its own X-SES-* headers before sending: the configuration
 * set and the message tags of `X-SES-MESSAGE-TAGS` come back as `tags`, next to SES's own.
 */
function mailObject(message: SentMessage) {
  const own = (name: string) => /^x-ses-/i.test(name);
  const headerValue = (name: string) => message.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
  const tags: Record<string, string[]> = {
    'ses:operation': ['SendEmail'],
    'ses:source-ip': ['127.0.0.1'],
    'ses:from-domain': [message.source.split('@')[1] ?? ''],
    'ses:caller-identity': ['local'],
  };
  const configurationSet = message.configurationSet ?? headerValue('X-SES-CONFIGURATION-SET');
  if (configurationSet) tags['ses:configuration-set'] = [configurationSet];
  for (const pair of (headerValue('X-SES-MESSAGE-TAGS') ?? '').split(',')) {
    const [name, ...value] = pair.split('=');
    if (name?.trim() && value.length > 0) tags[name.trim()] = [value.join('=').trim()];
  }
  const headers = message.headers.filter((h) => !own(h.name));
  return {
    timestamp: message.sentAt.toISOString(),
    source: message.source,
    sendingAccountId: '000000000000',
    messageId: message.messageId,
    destination: message.destination,
    headersTruncated: false,
    headers,
    commonHeaders: {
      from: [headerValue('From') ?? message.source],
      to: message.destination,
      messageId: message.messageId,
      subject: headerValue('Subject') ?? '',
    },
    tags,
  };
}

/**
 * The events SES would publish for the simulator's recipients of one message, in the order it
 * publishes them (a complaint comes after the delivery it complains about). Other recipients get none:
 * locally nothing is delivered beyond the emulator's inbox.
 */
export function simulatorEvents(message: SentMessage): SesPublishedEvent[] {
  const by = (kind: SimulatorMailbox) => message.destination.filter((address) => simulatorMailbox(address) === kind);
  const mail = mailObject(message);
  const at = (ms: number) => new Date(message.sentAt.getTime() + ms).toISOString();
  const events: SesPublishedEvent[] = [];
  const delivered = [...by('success'), ...by('complaint')];
  if (delivered.length > 0) {
    events.push({
      eventType: 'Delivery',
      mail,
      delivery: { timestamp: at(300), processingTimeMillis: 300, recipients: delivered, smtpResponse: '250 2.6.0 Message received', reportingMTA: REPORTING_MTA, remoteMtaIp: '127.0.0.1' },
    });
  }
  const bounce = (bounceSubType: string, recipients: string[], diagnosticCode: string, reportingMTA: string) =>
    recipients.length > 0 &&
    events.push({
      eventType: 'Bounce',
      mail,
      bounce: {
        feedbackId: `local-${randomUUID()}`,
        bounceType: 'Permanent',
        bounceSubType,
        bouncedRecipients: recipients.map((emailAddress) => ({ emailAddress, action: 'failed', status: '5.1.1', diagnosticCode })),
        timestamp: at(300),
        reportingMTA,
      },
    });
  bounce('General', by('bounce'), 'smtp; 550 5.1.1 user unknown', `dsn; ${REPORTING_MTA}`);
  bounce('OnAccountSuppressionList', by('suppressionlist'), SUPPRESSED_DIAGNOSTIC, 'dns; amazonses.com');
  const complained = by('complaint');
  if (complained.length > 0) {
    events.push({
      eventType: 'Complaint',
      mail,
      complaint: {
        feedbackId: `local-${randomUUID()}`,
        complainedRecipients: complained.map((emailAddress) => ({ emailAddress })),
        timestamp: at(600),
        userAgent: 'Amazon SES Mailbox Simulator',
        complaintFeedbackType: 'abuse',
        arrivalDate: at(600),
      },
    });
  }
  return events;
}

/** The `detail-type` EventBridge gives each SES event type. */
export const sesDetailTypes = { Delivery: 'Email Delivered', Bounce: 'Email Bounced', Complaint: 'Email Complaint Received' } as const;

/** One SES event as EventBridge delivers it from the default bus to the events handler's rule. */
export interface SesEventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': (typeof sesDetailTypes)[keyof typeof sesDetailTypes];
  source: 'aws.ses';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: SesPublishedEvent;
}

/** The EventBridge event carrying one SES event, the way the events rule hands it to the handler. */
export function eventBridgeEvent(event: SesPublishedEvent): SesEventBridgeEvent {
  const tags = (event.mail as { tags?: Record<string, string[]> } | undefined)?.tags ?? {};
  const configurationSet = tags['ses:configuration-set']?.[0];
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': sesDetailTypes[event.eventType],
    source: 'aws.ses',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'eu-west-1',
    resources: configurationSet ? [`arn:aws:ses:eu-west-1:000000000000:configuration-set/${configurationSet}`] : [],
    detail: event,
  };
}
