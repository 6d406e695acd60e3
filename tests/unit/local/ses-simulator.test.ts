import { describe, expect, it } from 'vitest';
import { parseSesNotifications } from '../../../functions/adapters/ses/events.ts';
import { eventBridgeEvent, simulatorEvents, simulatorMailbox, type SentMessage } from '../../../functions/local/engines/ses-simulator.ts';

const message = (destination: string[]): SentMessage => ({
  messageId: 'local-message-1',
  source: 'hub@partnership.example.org',
  destination,
  headers: [
    { name: 'From', value: 'hub@partnership.example.org' },
    { name: 'Subject', value: 'Housing first' },
    { name: 'X-Hub-Delivery', value: 'u1.r1' },
    { name: 'X-SES-MESSAGE-TAGS', value: 'hub-delivery=u1.r1' },
  ],
  configurationSet: 'partnership-hub',
  sentAt: new Date('2026-03-10T10:00:00.000Z'),
});

describe('the local mailbox simulator', () => {
  it('knows the four simulator mailboxes, with or without a +label, and nothing else', () => {
    expect(['success@simulator.amazonses.com', 'Bounce+run7@simulator.amazonses.com', 'complaint+a.b@simulator.amazonses.com', 'suppressionlist@simulator.amazonses.com'].map(simulatorMailbox)).toEqual([
      'success',
      'bounce',
      'complaint',
      'suppressionlist',
    ]);
    expect(['ooto@simulator.amazonses.com', 'bounce@example.org', 'bounce@simulator.amazonses.com.example.org', 'xbounce@simulator.amazonses.com'].map(simulatorMailbox)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('publishes what SES publishes: a delivery, a general and a suppression-list hard bounce, a delivery then a complaint', () => {
    // Act
    const events = simulatorEvents(message(['success@simulator.amazonses.com', 'bounce+r@simulator.amazonses.com', 'suppressionlist@simulator.amazonses.com', 'complaint@simulator.amazonses.com', 'someone@example.org']));
    // Assess
    expect(events.map((e) => [e.eventType, (e.bounce as { bounceSubType?: string } | undefined)?.bounceSubType])).toEqual([
      ['Delivery', undefined],
      ['Bounce', 'General'],
      ['Bounce', 'OnAccountSuppressionList'],
      ['Complaint', undefined],
    ]);
    expect(events[0]).toMatchObject({ delivery: { recipients: ['success@simulator.amazonses.com', 'complaint@simulator.amazonses.com'] } });
    expect(events[1]).toMatchObject({ bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'bounce+r@simulator.amazonses.com', status: '5.1.1' }] } });
    // SES keeps its own X-SES-* headers out of the event and hands the message tags back as tags.
    const mail = events[0]!.mail as { headers: { name: string }[]; tags: Record<string, string[]>; messageId: string };
    expect(mail.messageId).toBe('local-message-1');
    expect(mail.headers.map((h) => h.name)).toEqual(['From', 'Subject', 'X-Hub-Delivery']);
    expect(mail.tags).toMatchObject({ 'hub-delivery': ['u1.r1'], 'ses:configuration-set': ['partnership-hub'] });
  });

  it('publishes nothing for a message without a simulator recipient', () => {
    expect(simulatorEvents(message(['someone@example.org']))).toEqual([]);
  });

  it('hands each event on as EventBridge delivers it: source aws.ses, the detail-type of its kind, the SES record as detail', () => {
    // Act
    const events = simulatorEvents(message(['success@simulator.amazonses.com', 'bounce@simulator.amazonses.com', 'complaint@simulator.amazonses.com'])).map(eventBridgeEvent);
    // Assess
    expect(events.map((e) => [e.source, e['detail-type'], e.detail.eventType])).toEqual([
      ['aws.ses', 'Email Delivered', 'Delivery'],
      ['aws.ses', 'Email Bounced', 'Bounce'],
      ['aws.ses', 'Email Complaint Received', 'Complaint'],
    ]);
    for (const event of events) expect(event).toMatchObject({ version: '0', region: 'eu-west-1', resources: ['arn:aws:ses:eu-west-1:000000000000:configuration-set/partnership-hub'] });
  });

  it('reads back, through the events parser the Lambda uses, as the domain events with the message id and delivery tag', () => {
    // Act
    const parsed = simulatorEvents(message(['bounce@simulator.amazonses.com', 'complaint@simulator.amazonses.com'])).flatMap((e) => parseSesNotifications(eventBridgeEvent(e)));
    // Assess
    expect(parsed).toEqual([
      { kind: 'delivery', messageId: 'local-message-1', tag: 'u1.r1', recipients: ['complaint@simulator.amazonses.com'], detail: '250 2.6.0 Message received' },
      { kind: 'bounce', bounceType: 'Permanent', messageId: 'local-message-1', tag: 'u1.r1', recipients: ['bounce@simulator.amazonses.com'], detail: 'smtp; 550 5.1.1 user unknown' },
      { kind: 'complaint', messageId: 'local-message-1', tag: 'u1.r1', recipients: ['complaint@simulator.amazonses.com'], detail: 'abuse' },
    ]);
  });
});
