import type { OutgoingEmail } from '../mail/message.ts';
import { renderEmail } from '../mail/layout.ts';
import { INVITATION_DAYS } from './sign-in.ts';

/** The sign-in email: a link to a page whose button signs in, and the code for another browser. */
export function signInEmail(input: { email: string; name: string; token: string; code?: string; baseUrl: string; invitedTo?: string; validMinutes: number }): OutgoingEmail {
  const url = `${input.baseUrl}/members/verify/#${input.token}`;
  const body = renderEmail({
    heading: input.invitedTo ? `You are invited to ${input.invitedTo}` : 'Sign in to the Partnership Hub',
    paragraphs: [
      `Hello ${input.name},`,
      input.invitedTo
        ? `You are invited to the private forum of ${input.invitedTo}. Open the link below and press the button to sign in; the link works once, within ${INVITATION_DAYS} days.`
        : `Open the link below to sign in. It works once, within ${input.validMinutes} minutes, in the browser where you asked for it.`,
      ...(input.code ? [`In another browser or device, type this code instead: ${input.code}`] : []),
    ],
    action: { label: 'Open the sign-in page', url },
    footer: { text: 'You get this email because someone asked to sign in with this address. If it was not you, ignore it: nothing happens.' },
  });
  return { to: input.email, subject: input.invitedTo ? `Invitation: ${input.invitedTo}` : 'Sign in to the Partnership Hub', ...body };
}
