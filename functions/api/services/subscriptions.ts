import { limitAddressRequest } from './limits.ts';
import { hashSecret, newSecret } from '../../core/auth/secrets.ts';
import type { Contact } from '../../core/contacts/contact.ts';
import { NotFoundError } from '../../core/errors.ts';
import { parseDeliveryTag, parseUnsubscribeToken, recipientKeyOf } from '../../core/deliveries/delivery.ts';
import {
  alreadySubscribedEmail,
  CONFIRMATION_TTL_SECONDS,
  CONSENT_WORDING_VERSION,
  confirmationEmail,
  type Preferences,
  type SubscribeInput,
} from '../../core/subscriptions/subscription.ts';
import type { Deps } from '../deps.ts';
import { localPath } from '../../core/mail/words.ts';
import { recordConsent, recordWithdrawal } from './consent.ts';
import { sourceOf } from '../../core/privacy/ledger.ts';

/**
 * Double opt-in, step one: the request waits (hashed token, TTL) for the person to confirm. The
 * answer is the same whether the address is new, pending or subscribed (no enumeration).
 */
export async function requestSubscription(deps: Pick<Deps, 'config' | 'contactBook' | 'mailer' | 'now' | 'rateLimiter'>, input: SubscribeInput, client: string) {
  const now = deps.now();
  await limitAddressRequest(deps, 'subscribe', input.email, client, 'subscription.tooMany');
  const existing = await deps.contactBook.contacts.get(input.email);
  if (existing?.status === 'subscribed') {
    const tokens = await deps.contactBook.mailTokens.ensure([input.email]);
    // In the subscriber's own language, whatever the request's: it is their inbox it lands in.
    await deps.mailer.send(alreadySubscribedEmail({ email: input.email, language: existing.language, preferencesUrl: `${deps.config.BASE_URL}${localPath(existing.language, '/preferences/')}#${tokens.get(input.email)}` }));
    return;
  }
  const token = newSecret();
  const { consent: _consent, ...wanted } = input;
  await deps.contactBook.subscriptions.save(hashSecret(token), {
    ...wanted,
    requestedAt: now.toISOString(),
    wordingVersion: CONSENT_WORDING_VERSION,
    expiresAt: Math.floor(now.getTime() / 1000) + CONFIRMATION_TTL_SECONDS,
  });
  await deps.mailer.send(confirmationEmail({ email: input.email, token, baseUrl: deps.config.BASE_URL, language: input.language }));
}

/** Double opt-in, step two: the button on the confirmation page. Single use; a confirm also lifts an unsubscribe. */
export async function confirmSubscription(deps: Pick<Deps, 'contactBook' | 'ledger' | 'now'>, token: string) {
  const now = deps.now();
  const request = await deps.contactBook.subscriptions.take(hashSecret(token));
  if (!request || request.expiresAt * 1000 <= now.getTime()) {
    throw new NotFoundError('subscription.linkUsed');
  }
  const before = await deps.contactBook.contacts.get(request.email);
  const at = now.toISOString();
  const contact: Contact = {
    email: request.email,
    name: before?.name ?? '',
    organisation: before?.organisation ?? '',
    audience: request.audience,
    language: request.language,
    topics: request.topics,
    ...(request.country ? { country: request.country } : before?.country ? { country: before.country } : {}),
    source: before?.source ?? 'site-form',
    consent: { ...sourceOf('site-form'), at, wordingVersion: request.wordingVersion },
    status: 'subscribed',
    networks: before?.networks ?? [],
    createdAt: before?.createdAt ?? at,
    updatedAt: at,
  };
  await deps.contactBook.contacts.save(contact, before?.updatedAt);
  await deps.contactBook.mailTokens.ensure([request.email]);
  // The person's own confirmed opt-in: the one thing that lifts an earlier withdrawal.
  await recordConsent(deps, request.email, 'updates', { ...sourceOf('site-form'), wordingVersion: request.wordingVersion });
  return { email: request.email };
}

async function emailOfToken(deps: Pick<Deps, 'contactBook'>, token: string) {
  const email = await deps.contactBook.mailTokens.emailOf(token);
  if (!email) throw new NotFoundError('subscription.linkInvalid');
  return email;
}

/**
 * Unsubscribe (the page's button and RFC 8058 one-click alike): the address is suppressed everywhere,
 * relay contacts included, and the contact, if any, marked unsubscribed. Idempotent.
 */
export async function unsubscribe(deps: Pick<Deps, 'contactBook' | 'deliveries' | 'ledger' | 'now'>, token: string) {
  const { mailToken, delivery } = parseUnsubscribeToken(token);
  const email = await emailOfToken(deps, mailToken);
  const now = deps.now();
  // The update whose email it came from counts it, once, and only for the person the token names.
  if (delivery && delivery.recipientKey === recipientKeyOf(email)) await deps.deliveries.recordUnsubscribe(delivery, now);
  await recordWithdrawal(deps, email, 'updates', 'unsubscribed', sourceOf('unsubscribe-link'));
  await deps.contactBook.contacts.setStatus(email, 'unsubscribed', now);
}

export async function preferencesOf(deps: Pick<Deps, 'contactBook'>, token: string) {
  const email = await emailOfToken(deps, token);
  const contact = await deps.contactBook.contacts.get(email);
  return {
    email,
    subscribed: contact?.status === 'subscribed',
    audience: contact?.audience ?? null,
    language: contact?.language ?? 'en',
    country: contact?.country ?? null,
    topics: contact?.topics ?? [],
  };
}

export async function savePreferences(deps: Pick<Deps, 'contactBook' | 'now'>, token: string, preferences: Preferences) {
  const email = await emailOfToken(deps, token);
  const contact = await deps.contactBook.contacts.get(email);
  if (!contact) throw new NotFoundError('subscription.none');
  const { country, ...rest } = preferences;
  const next: Contact = { ...contact, ...rest, updatedAt: deps.now().toISOString() };
  if (country) next.country = country;
  else delete next.country;
  await deps.contactBook.contacts.save(next, contact.updatedAt);
  return preferencesOf(deps, token);
}

/** The relay contact's "I relayed it" button. */
export async function confirmRelayed(deps: Pick<Deps, 'deliveries' | 'now'>, token: string) {
  const dot = token.lastIndexOf('.');
  const key = dot > 0 ? parseDeliveryTag(token.slice(0, dot)) : undefined;
  const outcome = key ? await deps.deliveries.confirmRelay(key, token.slice(dot + 1), deps.now()) : 'unknown';
  if (outcome === 'unknown') throw new NotFoundError('subscription.relayLinkInvalid');
  return { confirmed: true, already: outcome === 'already' };
}
