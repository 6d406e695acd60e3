/**
 * Limits on the forms that mail an address on a stranger's say-so (sign-in, subscription, "Your
 * data"). Three counters, so that nobody can use the limit against the address's owner:
 * - per client, across addresses: one machine cannot mail many people;
 * - per address and client together: one machine cannot mail one person often;
 * - per address, across clients: a ceiling on the mail one person gets, set well above what one
 *   client may ask (`perAddressAndClient`), so a stranger on one machine never spends the owner's budget.
 */
export interface AddressLimits {
  perClient: number;
  perAddressAndClient: number;
  perAddress: number;
  windowSeconds: number;
}

export const ADDRESS_LIMITS = {
  'sign-in': { perClient: 30, perAddressAndClient: 5, perAddress: 30, windowSeconds: 15 * 60 },
  subscribe: { perClient: 20, perAddressAndClient: 3, perAddress: 12, windowSeconds: 60 * 60 },
  privacy: { perClient: 20, perAddressAndClient: 3, perAddress: 12, windowSeconds: 60 * 60 },
} as const satisfies Record<string, AddressLimits>;
export type LimitedForm = keyof typeof ADDRESS_LIMITS;

/** The counters of a form, as (scope, key, limit): the scope names what is counted, the key whom. */
export function addressCounters(form: LimitedForm, address: string, client: string, perClient: number = ADDRESS_LIMITS[form].perClient) {
  const limits: AddressLimits = ADDRESS_LIMITS[form];
  return [
    [`${form}-client`, client, perClient],
    [`${form}-email-client`, `${address} ${client}`, limits.perAddressAndClient],
    [`${form}-email`, address, limits.perAddress],
  ] as const;
}

/** The scopes keyed by an address alone, so erasure can find and delete their counters. */
export const ADDRESS_SCOPES = Object.keys(ADDRESS_LIMITS).map((form) => `${form}-email`);

/**
 * Codes typed are also counted per address and day, across every sign-in request (a member types
 * one or two a day; a guesser, many): past the budget,
 * codes stop working for that address until the next day (UTC), while links (256-bit, bound to the
 * browser that asked) still sign in. So many clients together cannot guess, and a stranger who
 * spends the budget does not lock the owner out.
 */
export const CODE_BUDGET = { perAddressAndDay: 20, windowSeconds: 24 * 60 * 60 } as const;
