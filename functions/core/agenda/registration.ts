import type { Mailing } from './rules.ts';

export const registrationStatuses = ['registered', 'waitlisted'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

/** One member's place at an event: a seat, or a place in the waitlist (earliest request first). */
export interface Registration {
  eventId: string;
  email: string;
  name: string;
  organisation: string;
  status: RegistrationStatus;
  requestedAt: string;
  promotedAt?: string | undefined;
  /** When each mailing went out: written by a conditional update before sending, so never twice. */
  mailings: Partial<Record<Mailing, string>>;
}

/** What the register call did: `already` when the member had asked before (a retry, a double click). */
export interface RegistrationOutcome {
  status: RegistrationStatus;
  already: boolean;
}
