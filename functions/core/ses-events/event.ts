import { parseDeliveryTag, type DeliveryKey } from '../deliveries/delivery.ts';
import type { SuppressionReason } from '../contacts/suppression.ts';

/** What SES reported about one message, as the domain needs it. */
export interface SesEvent {
  kind: 'delivery' | 'bounce' | 'complaint' | 'other';
  /** Bounces: `Permanent` suppresses; `Transient` (mailbox full, …) does not. */
  bounceType?: string;
  recipients: string[];
  messageId: string;
  /** The delivery tag we put in the header and the message tags, if SES handed it back. */
  tag?: string;
  detail: string;
}

export interface SesEventDecision {
  /** `permanent`: a permanent bounce, the kind the brake weighs. */
  delivery?: { key: DeliveryKey; to: 'delivered' | 'bounced' | 'complained'; detail: string; permanent?: boolean };
  suppress: { email: string; reason: Extract<SuppressionReason, 'bounced' | 'complained'> }[];
}

/**
 * A permanent bounce or a complaint suppresses the address everywhere (every list, every future
 * update); a transient bounce only marks the delivery. Events of messages we did not tag change no
 * delivery but still protect the address.
 */
export function decideSesEvent(event: SesEvent): SesEventDecision {
  const key = event.tag ? parseDeliveryTag(event.tag) : undefined;
  switch (event.kind) {
    case 'delivery':
      return { suppress: [], ...(key ? { delivery: { key, to: 'delivered', detail: event.detail } } : {}) };
    case 'complaint':
      return {
        suppress: event.recipients.map((email) => ({ email, reason: 'complained' as const })),
        ...(key ? { delivery: { key, to: 'complained', detail: event.detail } } : {}),
      };
    case 'bounce': {
      const permanent = event.bounceType === 'Permanent';
      return {
        suppress: permanent ? event.recipients.map((email) => ({ email, reason: 'bounced' as const })) : [],
        ...(key ? { delivery: { key, to: 'bounced', detail: `${event.bounceType ?? 'Unknown'} bounce: ${event.detail}`, permanent } } : {}),
      };
    }
    default:
      return { suppress: [] };
  }
}
