import { z } from 'zod';
import { SignInRefusedError } from '../errors.ts';
import { expiresAfter } from '../privacy/retention.ts';
import { hashSecret, newCode, newSecret, sameHash } from './secrets.ts';

/** An invitation is opened by someone who never asked, maybe days later, in any browser. */
export const INVITATION_DAYS = 7;
/**
 * Codes checked per sign-in request, the right one included: each attempt is reserved in the table
 * (a conditional update that returns the new count) before the code is compared, so a burst of
 * parallel guesses gets no more comparisons than a patient one.
 */
export const MAX_CODE_ATTEMPTS = 5;

/** A pending sign-in as stored: only hashes, bound to the browser that asked (its pending cookie). */
export const signInRequestSchema = z.object({
  pendingHash: z.string(),
  email: z.string(),
  tokenHash: z.string(),
  codeHash: z.string(),
  codeAttempts: z.number().int().min(0),
  expiresAt: z.number().int(),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** The key of an invitation's request: found from the link's token, not from a browser cookie. */
export const invitationKey = (tokenHash: string) => `invite-${tokenHash}`;

/**
 * Starts an invitation: the invitee never asked, so the request cannot be bound to their browser;
 * it is keyed by the link's token instead, lasts a week, and is still single use. Mail scanners
 * that open the link only load a page: signing in takes the page's button.
 */
export function startInvitation(email: string, now: Date) {
  const token = newSecret();
  const tokenHash = hashSecret(token);
  const request: SignInRequest = {
    pendingHash: invitationKey(tokenHash),
    email,
    tokenHash,
    // No code: a code only makes sense in the browser that asked.
    codeHash: hashSecret(newSecret()),
    codeAttempts: 0,
    expiresAt: expiresAfter(now, INVITATION_DAYS, 'days'),
  };
  return { token, request };
}

/**
 * Starts a sign-in: the secrets go to the person (link, code, cookie), the hashes to the table,
 * which forgets them after `minutes` (the configured sign-in retention). An address that may not
 * sign in gets a request all the same, so every answer about it (pending, wrong code, void) is the
 * one a member would get; its hashes are of fresh secrets nobody is sent, so nothing matches them.
 */
export function startSignIn(email: string, now: Date, minutes: number, maySignIn: boolean) {
  const pending = newSecret();
  const token = newSecret();
  const code = newCode();
  const request: SignInRequest = {
    pendingHash: hashSecret(pending),
    email,
    tokenHash: hashSecret(maySignIn ? token : newSecret()),
    codeHash: hashSecret(maySignIn ? `${email}:${code}` : newSecret()),
    codeAttempts: 0,
    expiresAt: expiresAfter(now, minutes, 'minutes'),
  };
  return { pending, token, code, request };
}

export type Proof = { token: string } | { email: string; code: string };

/** Throws when the request found for the browser's pending cookie (or the invitation) cannot be used. */
export function assertUsable(request: SignInRequest | undefined, now: Date, signInMinutes: number): asserts request is SignInRequest {
  if (!request) {
    throw new SignInRefusedError(
      'sign_in_other_browser',
      'signIn.otherBrowser',
    );
  }
  if (request.expiresAt * 1000 <= now.getTime()) {
    throw request.pendingHash.startsWith('invite-')
      ? new SignInRefusedError('sign_in_expired', 'signIn.invitationExpired', { days: INVITATION_DAYS })
      : new SignInRefusedError('sign_in_expired', 'signIn.linkExpired', { minutes: signInMinutes });
  }
}

export const voidedByWrongCodes = () => new SignInRefusedError('sign_in_void', 'signIn.void');

/** Whether the proof is the request's link token or code (compared in constant time). */
export function proofMatches(request: SignInRequest, proof: Proof): boolean {
  if ('token' in proof) return sameHash(hashSecret(proof.token), request.tokenHash);
  return sameHash(hashSecret(`${proof.email}:${proof.code}`), request.codeHash);
}
