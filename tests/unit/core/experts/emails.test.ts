import { describe, expect, it } from 'vitest';
import type { Call } from '../../../../functions/core/experts/call.ts';
import { alreadyInPoolEmail, callEmail, confirmationEmail, expertMailLanguage } from '../../../../functions/core/experts/emails.ts';
import type { Expert } from '../../../../functions/core/experts/expert.ts';

const expert = (languages: Expert['languages']): Expert =>
  ({ id: 'x1', email: 'leila@example.org', name: 'Leila Haddad', languages, topics: ['employment', 'funding'], status: 'confirmed' }) as Expert;
const call = { id: 'c1', title: 'Mentors for newcomers', topics: ['employment'], deadline: '2027-03-02T09:30:00.000Z', body: 'Bring your ideas.', languages: ['fr'] } as unknown as Call;
const base = { baseUrl: 'https://hub.example.org', manageToken: 'm'.repeat(43) };
const callInput = (who: Expert) => ({ ...base, expert: who, call, groupName: 'Employment WG', answerToken: 'a'.repeat(43), callsOffToken: 'o'.repeat(43), bodyHtml: { html: '<p>Bring your ideas.</p>', text: 'Bring your ideas.' } });

describe("expert pool emails, in the expert's language", () => {
  it('writes in the first of their languages the emails speak, preferring the call’s', () => {
    expect(expertMailLanguage(expert(['fr', 'en']))).toBe('fr');
    expect(expertMailLanguage(expert(['nl', 'en', 'fr']))).toBe('en');
    expect(expertMailLanguage(expert(['el', 'pt']))).toBe('en');
    expect(expertMailLanguage(expert(['en', 'fr']), ['fr'])).toBe('fr');
  });

  it('asks a French-speaking expert to confirm in French, on the French page', () => {
    const mail = confirmationEmail({ ...base, expert: expert(['fr', 'en']), confirmToken: 'c'.repeat(43), proposedByName: 'Ana' });
    expect(mail.subject).toBe('Confirmez votre fiche dans le vivier d’experts du Partenariat');
    expect(mail.text).toContain('Bonjour Leila Haddad,');
    expect(mail.text).toContain('Ana vous a proposé pour le vivier d’experts du Partenariat pour l’inclusion des migrants et des réfugiés');
    expect(mail.text).toContain(`Vérifier et confirmer ma fiche: https://hub.example.org/fr/experts/confirm/#${'c'.repeat(43)}`);
    expect(mail.text).toContain(`Voir, modifier ou retirer votre fiche: https://hub.example.org/fr/experts/entry/#${'m'.repeat(43)}`);
    expect(alreadyInPoolEmail({ ...base, expert: expert(['fr']) }).subject).toBe('Vous figurez déjà dans le vivier d’experts du Partenariat');
  });

  it("sends a call in French around the call's own words, the deadline written the French way", () => {
    const mail = callEmail(callInput(expert(['en', 'fr'])));
    expect(mail.subject).toBe('Appel à coopération : Mentors for newcomers');
    expect(mail.text).toContain('Le groupe Employment WG demande aux experts en employment de contribuer. Les réponses sont ouvertes jusqu’au 2 mars 2027 à 09:30 UTC.');
    expect(mail.text).toContain('Bring your ideas.');
    expect(mail.text).toContain(`Répondre à cet appel: https://hub.example.org/fr/experts/answer/#${'a'.repeat(43)}`);
    expect(mail.text).toContain('Ne plus recevoir d’appels: https://hub.example.org/fr/experts/entry/#');
    expect(mail.unsubscribeUrl).toBe(`https://hub.example.org/api/experts/calls-off/${'o'.repeat(43)}`);
  });

  it('keeps English for an expert whose languages the emails do not speak', () => {
    const mail = callEmail(callInput(expert(['el', 'nl'])));
    expect(mail.subject).toBe('Call for cooperation: Mentors for newcomers');
    expect(mail.text).toContain('Answers are open until March 2, 2027 at 09:30 UTC.');
    expect(mail.text).toContain('https://hub.example.org/experts/answer/#');
  });
});
