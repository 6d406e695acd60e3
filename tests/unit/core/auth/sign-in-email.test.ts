import { describe, expect, it } from 'vitest';
import { signInEmail } from '../../../../functions/core/auth/sign-in-email.ts';

const base = { email: 'claire@example.org', name: 'Claire', token: 't'.repeat(43), code: '123456', baseUrl: 'https://hub.example.org', validMinutes: 15 };

describe("the sign-in email, in the member's language", () => {
  it('signs an English member in on the English page', () => {
    const mail = signInEmail(base);
    expect(mail.subject).toBe('Sign in to the Partnership Hub');
    expect(mail.text).toContain('Hello Claire,');
    expect(mail.text).toContain('within 15 minutes');
    expect(mail.text).toContain('type this code instead: 123456');
    expect(mail.text).toContain(`Open the sign-in page: https://hub.example.org/members/verify/#${'t'.repeat(43)}`);
    expect(mail.html).toContain('<html lang="en">');
  });

  it('writes to a French member in French, on the French page, the name as written', () => {
    const mail = signInEmail({ ...base, name: 'Zoë <Dupont>', language: 'fr' });
    expect(mail.subject).toBe('Connexion au Partnership Hub');
    expect(mail.text).toContain('Bonjour Zoë <Dupont>,');
    expect(mail.text).toContain('dans les 15 minutes');
    expect(mail.text).toContain('saisissez plutôt ce code : 123456');
    expect(mail.text).toContain(`Ouvrir la page de connexion: https://hub.example.org/fr/members/verify/#${'t'.repeat(43)}`);
    expect(mail.text).toContain('Si ce n’était pas vous, ignorez-le');
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain('Zoë &lt;Dupont&gt;');
  });

  it('invites in French, naming the group as it is called', () => {
    const mail = signInEmail({ ...base, code: undefined, invitedTo: 'Housing WG', language: 'fr' });
    expect(mail.subject).toBe('Invitation : Housing WG');
    expect(mail.text).toContain('Vous êtes invité au forum privé de Housing WG');
    expect(mail.text).not.toContain('code');
  });

  it('writes English to a member whose language the emails do not speak', () => {
    expect(signInEmail({ ...base, language: 'el' }).subject).toBe('Sign in to the Partnership Hub');
  });
});
