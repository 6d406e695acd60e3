import type { OutgoingEmail } from '../mail/message.ts';
import { renderEmail } from '../mail/layout.ts';
import { localPath, mailWords } from '../mail/words.ts';
import { INVITATION_DAYS } from './sign-in.ts';

/** The sign-in email, in the member's language: a link to a page whose button signs in, and the code for another browser. */
export function signInEmail(input: { email: string; name: string; token: string; code?: string; baseUrl: string; invitedTo?: string; validMinutes: number; language?: string }): OutgoingEmail {
  const w = mailWords(input.language);
  const url = `${input.baseUrl}${localPath(w.language, '/members/verify/')}#${input.token}`;
  const group = input.invitedTo ?? '';
  const body = renderEmail({
    heading: input.invitedTo ? w('invitation.heading', { group }) : w('signIn.subject'),
    paragraphs: [
      w('hello', { name: input.name }),
      input.invitedTo ? w('invitation.text', { group, days: w.number(INVITATION_DAYS) }) : w('signIn.text', { minutes: w.number(input.validMinutes) }),
      ...(input.code ? [w('signIn.code', { code: input.code })] : []),
    ],
    action: { label: w('signIn.action'), url },
    footer: { text: w('signIn.footer') },
    language: w.language,
  });
  return { to: input.email, subject: input.invitedTo ? w('invitation.subject', { group }) : w('signIn.subject'), ...body };
}
