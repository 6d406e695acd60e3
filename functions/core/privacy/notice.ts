/**
 * The version of the privacy notice on the site (/privacy/). Every consent the hub records names the
 * wording the person saw, and that wording is this notice: change the notice, change this version.
 */
export const PRIVACY_NOTICE_VERSION = 'privacy-notice-2026-12';

/** How long the secretariat has to answer a request about personal data (GDPR art. 12(3)): one month. */
export function answerDeadline(receivedAt: Date): Date {
  const deadline = new Date(receivedAt);
  const day = deadline.getUTCDate();
  deadline.setUTCMonth(deadline.getUTCMonth() + 1);
  // 31 January + one month is the end of February, not 3 March.
  if (deadline.getUTCDate() !== day) deadline.setUTCDate(0);
  return deadline;
}
