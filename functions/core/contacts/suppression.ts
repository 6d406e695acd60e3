import { hashSecret } from '../auth/secrets.ts';

export const suppressionReasons = ['unsubscribed', 'bounced', 'complained', 'erased'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

/**
 * The suppression list holds hashes, not addresses: an erased person stays unmailable without the
 * hub keeping who they were.
 */
export function suppressionKeyOf(email: string): string {
  return hashSecret(`suppressed:${email.trim().toLowerCase()}`);
}

export interface Suppression {
  key: string;
  reason: SuppressionReason;
  at: string;
}
