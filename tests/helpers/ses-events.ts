/** The `detail-type` EventBridge gives each SES event type (EventBridge's reference, "Amazon Simple Email Service events"). */
const detailTypes: Record<string, string> = {
  Delivery: 'Email Delivered',
  Bounce: 'Email Bounced',
  Complaint: 'Email Complaint Received',
  Reject: 'Email Rejected',
  'Rendering Failure': 'Email Rendering Failed',
};

/** One SES event record as EventBridge delivers it to the events handler's rule. */
export function sesEvent(record: { eventType: string } & Record<string, unknown>) {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': detailTypes[record.eventType] ?? `Email ${record.eventType}`,
    source: 'aws.ses',
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'eu-west-1',
    resources: ['arn:aws:ses:eu-west-1:123456789012:configuration-set/partnership-hub'],
    detail: record,
  };
}
