import { describe, expect, it } from 'vitest';
import { privacyLinkEmail } from '../../../../functions/core/privacy/requests.ts';

const input = { email: 'claire@example.org', token: 't'.repeat(43), baseUrl: 'https://hub.example.org', validHours: 48 };

describe('the link that confirms a request about personal data, in the language it was asked in', () => {
  it('writes an export link in English on the English page', () => {
    const mail = privacyLinkEmail({ ...input, kind: 'export', language: 'en' });
    expect(mail.subject).toBe('Your copy of the data the Partnership on Inclusion of Migrants and Refugees holds');
    expect(mail.text).toContain('The link works for 48 hours and only once.');
    expect(mail.text).toContain(`Open the page: https://hub.example.org/your-data/confirm/#${'t'.repeat(43)}`);
    expect(mail.html).toContain('<html lang="en">');
  });

  it('writes an erasure link in French on the French page', () => {
    const mail = privacyLinkEmail({ ...input, kind: 'erase', language: 'fr' });
    expect(mail.subject).toBe('Effacement de vos données du hub du Partenariat pour l’inclusion des migrants et des réfugiés');
    expect(mail.text).toContain('Le lien est valable 48 heures, une seule fois.');
    expect(mail.text).toContain('signés « ancien membre »');
    expect(mail.text).toContain(`Ouvrir la page: https://hub.example.org/fr/your-data/confirm/#${'t'.repeat(43)}`);
    expect(mail.html).toContain('<html lang="fr">');
  });
});
