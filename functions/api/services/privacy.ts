import { limitAddressRequest } from './limits.ts';
import { randomUUID } from 'node:crypto';
import type { Session } from '../../core/auth/session.ts';
import { hashSecret, newSecret } from '../../core/auth/secrets.ts';
import { NotFoundError } from '../../core/errors.ts';
import { BY_THE_PERSON, BY_THE_SECRETARIAT, sourceOf } from '../../core/privacy/ledger.ts';
import { newPrivacyRequest, privacyLinkEmail, requestLogView, type PrivacyRequestInput, type PrivacyRequestKind } from '../../core/privacy/requests.ts';
import { expiresAfter } from '../../core/privacy/retention.ts';
import { retentionOf } from '../../adapters/config.ts';
import type { Deps } from '../deps.ts';
import { recordAudit } from './membership.ts';
import { erasePerson, exportPerson, knowsPerson } from './personal-data.ts';

/** What erasing a person touches: every store that may hold them, and the privacy log. */
type ErasurePorts = Pick<Deps, 'agreements' | 'audit' | 'auth' | 'config' | 'contactBook' | 'deliveries' | 'events' | 'experts' | 'forums' | 'groupAdmin' | 'ledger' | 'networks' | 'notifications' | 'now' | 'outbox' | 'outboxQueue' | 'partnership' | 'privacy' | 'rateLimiter' | 'registrations' | 'reports' | 'updates'>;

/**
 * Whether the hub holds anything on the address: the engine's entities, or only consent history or
 * requests (someone whose one trace is a complaint SES reported still has a ledger to see or erase).
 */
async function holdsAnything(deps: Pick<Deps, 'contactBook' | 'experts' | 'ledger' | 'networks' | 'partnership' | 'privacy'>, email: string) {
  if (await knowsPerson(deps, email)) return true;
  const [consents, requests] = await Promise.all([deps.ledger.entriesOf(email), deps.privacy.requestsOf(email)]);
  return consents.length > 0 || requests.length > 0;
}
const normalized = (email: string) => email.trim().toLowerCase();

async function logRequest(deps: Pick<Deps, 'config' | 'now' | 'privacy'>, input: { kind: PrivacyRequestKind; email: string; via: 'self-service' | 'secretariat'; language?: 'en' | 'fr'; handledBy?: string }, tokenHash?: string) {
  const now = deps.now();
  const retention = retentionOf(deps.config);
  const linkExpires = tokenHash ? expiresAfter(now, retention.privacyLinkHours, 'hours') : undefined;
  const request = newPrivacyRequest({ id: randomUUID(), ...input, now, ...(linkExpires ? { linkExpiresAt: new Date(linkExpires * 1000) } : {}) });
  await deps.privacy.open(request, expiresAfter(now, retention.privacyRequestDays, 'days'), tokenHash && linkExpires ? { tokenHash, expiresAt: linkExpires } : undefined);
  return request;
}

/**
 * "Your data", step one. The answer is the same whatever the address; only an address the hub knows
 * gets a link (an unknown one gets nothing, so the form cannot be used to mail strangers), and only
 * that request enters the log.
 */
export async function requestPrivacyAction(deps: Pick<Deps, 'config' | 'contactBook' | 'experts' | 'ledger' | 'mailer' | 'networks' | 'now' | 'partnership' | 'privacy' | 'rateLimiter'>, input: PrivacyRequestInput, client: string) {
  const email = normalized(input.email);
  await limitAddressRequest(deps, 'privacy', email, client, 'privacy.tooMany');
  if (!(await holdsAnything(deps, email))) return;
  const token = newSecret();
  await logRequest(deps, { kind: input.kind, email, via: 'self-service', language: input.language }, hashSecret(token));
  // The person's own request: it answers them even if they asked not to be mailed otherwise.
  await deps.mailer.send(privacyLinkEmail({ email, kind: input.kind, language: input.language, token, baseUrl: deps.config.BASE_URL, validHours: retentionOf(deps.config).privacyLinkHours }));
}

/** Everything the hub holds on the person, the consent ledger and their requests included. */
async function completeExport(deps: Pick<Deps, 'auth' | 'contactBook' | 'deliveries' | 'events' | 'experts' | 'forums' | 'ledger' | 'networks' | 'notifications' | 'now' | 'outbox' | 'partnership' | 'privacy' | 'registrations' | 'reports' | 'updates'>, email: string) {
  const data = await exportPerson(deps, email);
  const [consents, requests] = await Promise.all([deps.ledger.entriesOf(email), deps.privacy.requestsOf(email)]);
  data.sections.consents = consents.map((c) => ({ ...c }));
  data.sections.privacyRequests = requests.map((r) => ({ ...r }));
  return data;
}

/**
 * Erasure everywhere. The suppression comes first, so nothing is mailed while the rest goes; the
 * ledger then goes too, and the suppression entry (a hash, a reason, a time) is all that stays.
 */
async function eraseEverywhere(deps: ErasurePorts, email: string, by: string) {
  await deps.ledger.record(email, { kind: 'withdrawal', channel: 'all', reason: 'erased', ...sourceOf(by === BY_THE_PERSON ? 'erasure-asked' : 'erasure-by-secretariat'), at: deps.now().toISOString(), recordedBy: by === BY_THE_PERSON ? BY_THE_PERSON : BY_THE_SECRETARIAT });
  const summary: Record<string, number> = { ...(await erasePerson(deps, email, { by })) };
  summary.consents = await deps.ledger.forget(email);
  summary.privacyRequests = await deps.privacy.forget(email);
  return summary;
}

/** "Your data", step two: the button on the page the emailed link opens. Single use. */
export async function confirmPrivacyAction(deps: ErasurePorts, token: string) {
  const link = await deps.privacy.takeLink(hashSecret(token));
  if (!link || link.expiresAt * 1000 <= deps.now().getTime()) {
    throw new NotFoundError('privacy.linkUsed');
  }
  // The request is marked completed only once the work is done: one that failed halfway stays open
  // in the log, where the secretariat sees it and can finish it from the console.
  if (link.kind === 'export') {
    const data = await completeExport(deps, link.email);
    const completedAt = deps.now().toISOString();
    await deps.privacy.complete(link.requestId, completedAt);
    // The copy shows this very request as it now stands: answered.
    data.sections.privacyRequests = data.sections.privacyRequests.map((r) => (r.id === link.requestId ? { ...r, state: 'completed', completedAt } : r));
    return { kind: 'export' as const, export: data };
  }
  const summary = await eraseEverywhere(deps, link.email, BY_THE_PERSON);
  await deps.privacy.complete(link.requestId, deps.now().toISOString());
  return { kind: 'erase' as const, erased: true as const, summary };
}

export async function privacyRequestsLog(deps: Pick<Deps, 'now' | 'privacy'>) {
  const now = deps.now();
  return { requests: (await deps.privacy.log(500)).map((r) => requestLogView(r, now)) };
}

/** The secretariat exports a person's data on their behalf: logged as a request and audited. */
export async function exportFor(deps: Pick<Deps, 'audit' | 'auth' | 'config' | 'contactBook' | 'deliveries' | 'events' | 'experts' | 'forums' | 'ledger' | 'networks' | 'notifications' | 'now' | 'outbox' | 'partnership' | 'privacy' | 'registrations' | 'reports' | 'updates'>, actor: Session, rawEmail: string) {
  const email = normalized(rawEmail);
  if (!(await holdsAnything(deps, email))) throw new NotFoundError('privacy.nothingHeld', { email });
  await logRequest(deps, { kind: 'export', email, via: 'secretariat', handledBy: actor.email });
  await recordAudit(deps, actor, { action: 'person.exported', subject: email, details: {} });
  return { export: await completeExport(deps, email) };
}

/** The secretariat erases a person: logged and audited without the address (it is gone). */
export async function eraseFor(deps: ErasurePorts, actor: Session, rawEmail: string) {
  const email = normalized(rawEmail);
  if (!(await holdsAnything(deps, email))) {
    // Erasing twice is harmless: the second time finds only the suppression hash.
    if ((await deps.ledger.suppression(email))?.reason === 'erased') return { erased: true as const, summary: {} };
    throw new NotFoundError('privacy.nothingHeld', { email });
  }
  const request = await logRequest(deps, { kind: 'erase', email, via: 'secretariat', handledBy: actor.email });
  const summary = await eraseEverywhere(deps, email, actor.email);
  await recordAudit(deps, actor, { action: 'person.erased', subject: 'former member', details: { request: request.id } });
  return { erased: true as const, summary };
}
