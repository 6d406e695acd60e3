import { describe, expect, it } from 'vitest';
import { mailingEmail, seatConfirmedEmail, waitlistedEmail } from '../../../../functions/core/agenda/emails.ts';
import { eventInputSchema, newEvent } from '../../../../functions/core/agenda/event.ts';

const event = newEvent(
  eventInputSchema.parse({
    title: 'Plenary: housing first',
    description: 'The plenary.',
    start: '2027-04-22T09:00',
    end: '2027-04-22T13:30',
    timeZone: 'Europe/Athens',
    place: 'Athens, City Hall',
    online: 'https://meet.example.org/plenary',
    visibility: 'public',
    actions: [1],
  }),
  { id: 'e-1', createdBy: 's@example.org', now: new Date('2026-11-01T00:00:00Z') },
);
const options = { baseUrl: 'https://hub.example.org', now: new Date('2027-04-15T09:00:00Z') };
const claire = (language?: string) => ({ email: 'claire@example.org', name: 'Claire', language });

describe("agenda emails, in the registrant's language", () => {
  it('confirms a seat in English, dates day before month in the event’s zone', () => {
    const mail = seatConfirmedEmail(event, claire('en'), { ...options, promoted: false });
    expect(mail.subject).toBe('Registered: Plenary: housing first');
    expect(mail.text).toContain('Hello Claire,');
    expect(mail.text).toContain('When: Thu, 22 Apr 2027, 09:00 (Europe/Athens) to Thu, 22 Apr 2027, 13:30 (Europe/Athens)');
    expect(mail.text).toContain('Where: Athens, City Hall; online: https://meet.example.org/plenary');
    expect(mail.text).toContain('See the event: https://hub.example.org/members/events/event/?id=e-1');
  });

  it("confirms a French member's seat in French, the event's title as written, the French page", () => {
    const mail = seatConfirmedEmail(event, claire('fr'), { ...options, promoted: true });
    expect(mail.subject).toBe('Place confirmée depuis la liste d’attente : Plenary: housing first');
    expect(mail.text).toContain('Bonjour Claire,');
    expect(mail.text).toContain('Quand : du jeu. 22 avr. 2027');
    expect(mail.text).toContain('(Europe/Athens)');
    expect(mail.text).toContain('Où : Athens, City Hall; en ligne : https://meet.example.org/plenary');
    expect(mail.text).toContain('Voir l’événement: https://hub.example.org/fr/members/events/event/?id=e-1');
    expect(mail.text).toContain('annulez votre inscription dans l’espace des membres');
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.attachments).toHaveLength(1);
  });

  it('puts a French member on the waitlist, reminds them and asks for their report in French', () => {
    expect(waitlistedEmail(event, claire('fr'), options).subject).toBe('Liste d’attente : Plenary: housing first');
    expect(mailingEmail('reminder-7d', event, claire('fr'), options).subject).toBe('Rappel (dans une semaine) : Plenary: housing first');
    expect(mailingEmail('reminder-1d', event, claire('fr'), options).text).toContain('Rappel : Plenary: housing first a lieu demain');
    const report = mailingEmail('report-invitation', event, claire('fr'), options);
    expect(report.subject).toBe('Compte rendu : Plenary: housing first');
    expect(report.text).toContain('Rédiger le compte rendu: https://hub.example.org/fr/members/report/?event=e-1');
  });

  it('keeps the English wording for anyone else', () => {
    expect(mailingEmail('reminder-7d', event, claire(), options).subject).toBe('Reminder (in a week): Plenary: housing first');
    expect(mailingEmail('reminder-1d', event, claire('nl'), options).text).toContain('Reminder: Plenary: housing first is tomorrow');
    expect(mailingEmail('report-invitation', event, claire(), options).text).toContain('https://hub.example.org/members/report/?event=e-1');
  });
});
