import { setTimeout as sleep } from 'node:timers/promises';
import { hashSecret, newSecret } from '../../core/auth/secrets.ts';
import type { Session } from '../../core/auth/session.ts';
import { signInEmail } from '../../core/auth/sign-in-email.ts';
import { CODE_BUDGET } from '../../core/auth/limits.ts';
import { assertUsable, invitationKey, MAX_CODE_ATTEMPTS, proofMatches, startInvitation, startSignIn, voidedByWrongCodes, type Proof } from '../../core/auth/sign-in.ts';
import { RateLimitedError, SignInRefusedError } from '../../core/errors.ts';
import { muteInForce } from '../../core/forums/moderation.ts';
import { activeMemberships, standsNow } from '../../core/groups/standing.ts';
import { expiresAfter } from '../../core/privacy/retention.ts';
import { retentionOf } from '../../adapters/config.ts';
import type { Deps } from '../deps.ts';
import { limitAddressRequest } from './limits.ts';

/**
 * Asks for a sign-in. Everything a stranger can observe is the same for a member and for an address
 * that may not sign in: the limits, the stored request (so /auth/pending and /auth/verify answer
 * alike), the pending cookie, the answer and, through SIGN_IN_ANSWER_MS, its time. Only a member is
 * mailed.
 */
export async function requestSignIn(deps: Pick<Deps, 'auth' | 'config' | 'mailer' | 'now' | 'partnership' | 'rateLimiter'>, email: string, client: string) {
  const answerNoSooner = sleep(deps.config.SIGN_IN_ANSWER_MS);
  await limitAddressRequest(deps, 'sign-in', email, client, 'signIn.tooManyRequests');
  const { signInMinutes } = retentionOf(deps.config);
  const member = (await standingOf(deps, email))?.member;
  const started = startSignIn(email, deps.now(), signInMinutes, member !== undefined);
  await deps.auth.saveSignIn(started.request, { indexed: member !== undefined });
  if (member) {
    // In the member's own language (the record's preference), whatever the page they asked from.
    await deps.mailer.send(signInEmail({ email, name: member.name, language: member.language, token: started.token, code: started.code, baseUrl: deps.config.BASE_URL, validMinutes: signInMinutes }));
  }
  await answerNoSooner;
  // The pending cookie lives no longer than the sign-in it binds.
  return { pending: started.pending, maxAgeSeconds: Math.round(signInMinutes * 60) };
}

/** Invites a member (who exists already) into `invitedTo`: a week-long, single-use link for any browser. */
export async function sendInvitation(deps: Pick<Deps, 'auth' | 'config' | 'ledger' | 'mailer' | 'now' | 'partnership'>, email: string, invitedTo: string): Promise<boolean> {
  const member = await deps.partnership.getMember(email);
  if (!member) throw new Error(`cannot invite ${email}: no such member`);
  // An invitation is the secretariat's act, not the person's: the ledger decides whether it goes.
  if (!(await deps.ledger.mayMail(email, 'membership'))) return false;
  const { token, request } = startInvitation(email, deps.now());
  await deps.auth.saveSignIn(request);
  await deps.mailer.send(signInEmail({ email, name: member.name, language: member.language, token, baseUrl: deps.config.BASE_URL, invitedTo, validMinutes: retentionOf(deps.config).signInMinutes }));
  return true;
}

/**
 * The member record and the memberships in force, while the person still belongs. Not for someone
 * who no longer belongs: a contributor whose contributions have all ended (their memberships may
 * already be gone through TTL, so the member record's mark decides, not an empty list).
 */
async function standingOf(deps: Pick<Deps, 'now' | 'partnership'>, email: string) {
  const member = await deps.partnership.getMember(email);
  if (!member) return undefined;
  const now = deps.now();
  const memberships = activeMemberships(await deps.partnership.groupsOf(email), now);
  return standsNow(member, memberships, now) ? { member, memberships } : undefined;
}

/** The session a member gets: their roles in every group they belong to now, with a mute in force there (the secretariat is never muted). */
export async function sessionSnapshot(deps: Pick<Deps, 'forums' | 'now' | 'partnership'>, email: string): Promise<Omit<Session, 'idHash' | 'createdAt' | 'expiresAt'> | undefined> {
  const standing = await standingOf(deps, email);
  if (!standing) return undefined;
  const { member, memberships } = standing;
  const now = deps.now();
  return {
    email,
    name: member.name,
    secretariat: member.secretariat,
    ...(member.contributorUntil ? { contributorUntil: member.contributorUntil } : {}),
    groups: await Promise.all(
      memberships.map(async (m) => {
        const mute = member.secretariat ? undefined : await deps.forums.getMute(m.groupId, email);
        return { groupId: m.groupId, role: m.role, ...(m.until ? { until: m.until } : {}), ...(mute && muteInForce(mute, now) ? { mutedUntil: mute.until } : {}) };
      }),
    ),
  };
}

/**
 * Open sessions of the member carry their new roles and mutes at their next request. Someone left
 * with nothing (a contributor removed from their last group) has no session to carry: they end.
 */
export async function refreshSessions(deps: Pick<Deps, 'auth' | 'forums' | 'now' | 'partnership'>, email: string) {
  const snapshot = await sessionSnapshot(deps, email);
  if (snapshot) await deps.auth.refreshSessionsOf(email, { groups: snapshot.groups, secretariat: snapshot.secretariat, name: snapshot.name, contributorUntil: snapshot.contributorUntil });
  else await deps.auth.deleteSessionsOf(email);
}

/**
 * Checks the proof for this browser's pending sign-in; on success opens a session. A code costs an
 * attempt of the request (at most MAX_CODE_ATTEMPTS) and one of the address's daily budget, both
 * reserved before the code is compared, so guesses in parallel get no further than guesses in turn.
 */
export async function verifySignIn(deps: Pick<Deps, 'auth' | 'config' | 'forums' | 'now' | 'partnership' | 'rateLimiter'>, pending: string | undefined, proof: Proof) {
  const now = deps.now();
  // An invitation's link is found by its token, in any browser; any other sign-in by this browser's cookie.
  const invitation = 'token' in proof ? await deps.auth.getSignIn(invitationKey(hashSecret(proof.token))) : undefined;
  const pendingHash = invitation ? invitation.pendingHash : pending ? hashSecret(pending) : '';
  const request = invitation ?? (pending ? await deps.auth.getSignIn(pendingHash) : undefined);
  const retention = retentionOf(deps.config);
  assertUsable(request, now, retention.signInMinutes);
  if ('code' in proof) {
    if (!(await deps.auth.reserveCodeAttempt(pendingHash, MAX_CODE_ATTEMPTS))) throw voidedByWrongCodes();
    const budget = await deps.rateLimiter.hit('sign-in-codes', request.email, CODE_BUDGET.perAddressAndDay, CODE_BUDGET.windowSeconds, now);
    if (!budget.allowed) {
      throw new RateLimitedError(
        'signIn.codesPaused',
        budget.retryAfterSeconds,
      );
    }
  }
  if (!proofMatches(request, proof)) {
    throw new SignInRefusedError(
      'sign_in_wrong_code',
      'token' in proof ? 'signIn.notLatestLink' : 'signIn.wrongCode',
    );
  }
  if (!(await deps.auth.consumeSignIn(pendingHash, MAX_CODE_ATTEMPTS))) {
    throw new SignInRefusedError('sign_in_void', 'signIn.linkUsed');
  }
  const snapshot = await sessionSnapshot(deps, request.email);
  if (!snapshot) throw new SignInRefusedError('sign_in_void', 'session.accountGone');
  const id = newSecret();
  const session: Session = {
    ...snapshot,
    idHash: hashSecret(id),
    createdAt: now.toISOString(),
    expiresAt: expiresAfter(now, retention.sessionDays, 'days'),
    lastSeenAt: Math.floor(now.getTime() / 1000),
  };
  await deps.auth.createSession(session);
  // The cookie lives as long as the stored session, so the browser never holds a dead id for long.
  return { id, session, maxAgeSeconds: session.expiresAt - Math.floor(now.getTime() / 1000) };
}
