import { hashSecret } from '../auth/secrets.ts';
import type { Audience, Language } from '../partnership/vocabulary.ts';

/**
 * One delivery per (update, recipient): the durable queue of the mail pipeline.
 * `queued → sending → sent → delivered`, or `failed` (with the reason), `bounced`, `complained`,
 * or `cancelled` (never sent: its update was cancelled first); every move is a conditional update
 * on the expected status, so a delivery is either claimed or cancelled, never both.
 */
export const deliveryStatuses = ['queued', 'sending', 'sent', 'delivered', 'failed', 'bounced', 'complained', 'cancelled'] as const;

/** Why a cancelled delivery was not sent, on the record and in the report. */
export const CANCELLED_REASON = 'The update was cancelled before this email was sent.';
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export type Route = 'direct' | `relay:${string}`;

/** What routing decides for one person. */
export interface PlannedDelivery {
  updateId: string;
  email: string;
  name: string;
  route: Route;
  audience: Audience;
  /** `--` when the recipient has no single country (a Europe-wide network, a contact without one). */
  country: string;
  language: Language;
  variant: string;
  /** Relay deliveries: the network named in the forward-ready version. */
  networkName?: string;
}

export interface Delivery extends PlannedDelivery {
  recipientKey: string;
  status: DeliveryStatus;
  attempts: number;
  queuedAt: string;
  /**
   * TTL (epoch seconds): the configured delivery retention after `queuedAt`. The record holds the
   * address and name, so it goes; the update's counts live in its report and stay.
   */
  expiresAt: number;
  /** The token of the recipient's unsubscribe and preferences links. */
  mailToken: string;
  /** Relay deliveries only: the secret of the "relayed" confirmation link. */
  relayToken?: string;
  leaseUntil?: string;
  claimId?: string;
  messageId?: string;
  sentAt?: string;
  reason?: string;
  relayedAt?: string;
  /** When the recipient unsubscribed through this email: counted once in the update's report. */
  unsubscribedAt?: string;
}

/** A delivery's address on the queue: small enough for batches of them in one message. */
export interface DeliveryKey {
  updateId: string;
  recipientKey: string;
}

/** What erasure leaves in place of the address on a person's deliveries (`.invalid` can never be delivered). */
export const ERASED_ADDRESS = 'erased@invalid';

/** Emails are never keys: the recipient key is a hash, so keys and tags carry no address. */
export function recipientKeyOf(email: string): string {
  return hashSecret(`recipient:${email.toLowerCase()}`).slice(0, 32);
}

/** The tag SES hands back in its events (header and message tag), naming the delivery. */
export function deliveryTag(key: DeliveryKey): string {
  return `${key.updateId}.${key.recipientKey}`;
}

export function parseDeliveryTag(tag: string): DeliveryKey | undefined {
  const match = /^(u-[a-z0-9]+)\.([a-f0-9]{32})$/.exec(tag.trim());
  return match ? { updateId: match[1]!, recipientKey: match[2]! } : undefined;
}

/**
 * The token of an update email's unsubscribe links: the recipient's mail token, then the delivery
 * tag, so the unsubscribe counts in that update's report. A bare mail token (the preferences page,
 * emails sent before tags were added) unsubscribes all the same.
 */
export function unsubscribeToken(d: Pick<Delivery, 'mailToken' | 'updateId' | 'recipientKey'>): string {
  return `${d.mailToken}.${deliveryTag(d)}`;
}

export function parseUnsubscribeToken(token: string): { mailToken: string; delivery?: DeliveryKey } {
  const dot = token.indexOf('.');
  if (dot < 0) return { mailToken: token };
  const delivery = parseDeliveryTag(token.slice(dot + 1));
  return { mailToken: token.slice(0, dot), ...(delivery ? { delivery } : {}) };
}

/** The report counter of unsubscribes through an update's emails, by route × audience × country. */
export function unsubscribeCounterName(d: Pick<PlannedDelivery, 'route' | 'audience' | 'country'>): string {
  return `u|${d.route}|${d.audience}|${d.country}`;
}

export function parseUnsubscribeCounterName(name: string) {
  const [prefix, route, audience, country] = name.split('|');
  if (prefix !== 'u' || !route || !audience || !country) return undefined;
  return { route: route as Route, network: networkOfRoute(route as Route), audience, country };
}

export function networkOfRoute(route: Route): string {
  return route === 'direct' ? '' : route.slice('relay:'.length);
}

/**
 * The report counter a delivery in `status` adds to: status × route (which names the network) ×
 * audience × country. Moves subtract from the old one and add to the new one, so counts stay exact.
 */
export function counterName(status: DeliveryStatus, d: Pick<PlannedDelivery, 'route' | 'audience' | 'country'>): string {
  return `n|${status}|${d.route}|${d.audience}|${d.country}`;
}

export function parseCounterName(name: string) {
  const [prefix, status, route, audience, country] = name.split('|');
  if (prefix !== 'n' || !status || !route || !audience || !country) return undefined;
  return { status: status as DeliveryStatus, route: route as Route, network: networkOfRoute(route as Route), audience, country };
}
