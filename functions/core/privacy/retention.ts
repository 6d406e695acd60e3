/**
 * How long the hub keeps what, as configuration (docs/personal-data.md, "Retention"). Every period is enforced
 * by DynamoDB TTL on the items concerned (`expiresAt`, epoch seconds), and reads check it too.
 */
export interface Retention {
  /** A sign-in link and its code, and the pending login they are bound to. */
  signInMinutes: number;
  /** A session after sign-in. */
  sessionDays: number;
  /** A delivery record's personal fields (address, name); the update's counts stay in its report. */
  deliveryDays: number;
  /** The audit log of the secretariat's changes. */
  auditDays: number;
  /** The log of requests about personal data (export, erasure). */
  privacyRequestDays: number;
  /** The emailed link that confirms a request about personal data. */
  privacyLinkHours: number;
}

export const defaultRetention: Retention = {
  signInMinutes: 15,
  sessionDays: 30,
  deliveryDays: 395,
  auditDays: 5 * 365,
  privacyRequestDays: 3 * 365,
  privacyLinkHours: 24,
};

const SECONDS = { minutes: 60, hours: 3600, days: 86400 } as const;

/** The TTL attribute's value: `now` plus a period, in epoch seconds. */
export function expiresAfter(now: Date, amount: number, unit: keyof typeof SECONDS): number {
  return Math.floor(now.getTime() / 1000) + Math.round(amount * SECONDS[unit]);
}
