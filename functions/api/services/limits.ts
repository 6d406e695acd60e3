import { ADDRESS_LIMITS, addressCounters, type LimitedForm } from '../../core/auth/limits.ts';
import { RateLimitedError } from '../../core/errors.ts';
import type { RefusalKey } from '../../core/refusals.ts';
import type { Deps } from '../deps.ts';

/**
 * Counts a request of `form` for `address` from `client` (core/auth/limits.ts says why three
 * counters); refuses it, with the wait, when any counter is spent. The answer is the same whoever
 * owns the address.
 */
export async function limitAddressRequest(deps: Pick<Deps, 'rateLimiter' | 'now' | 'config'>, form: LimitedForm, address: string, client: string, refusal: RefusalKey) {
  const now = deps.now();
  // The operator may let more sign-ins come from one address (SIGN_IN_PER_CLIENT); the other counters stay.
  const perClient = form === 'sign-in' ? deps.config.SIGN_IN_PER_CLIENT : ADDRESS_LIMITS[form].perClient;
  for (const [scope, key, limit] of addressCounters(form, address, client, perClient)) {
    const verdict = await deps.rateLimiter.hit(scope, key, limit, ADDRESS_LIMITS[form].windowSeconds, now);
    if (!verdict.allowed) throw new RateLimitedError(refusal, verdict.retryAfterSeconds);
  }
}
