import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BRAKE_MAX_COMPLAINT_RATE, BRAKE_MAX_PERMANENT_BOUNCE_RATE, BRAKE_MIN_SENT, brakeDecision, pauseNoticeEmail, sentSoFar } from '../../../../functions/core/updates/brake.ts';

const fresh = { resumedBefore: false };

describe('the brake on an update send', () => {
  it('pauses when permanent bounces pass 5 % of 200 sent, and not at 5 % exactly', () => {
    // Prepare
    const atLimit = { sent: 200, permanentBounces: 10, complaints: 0 };
    const over = { sent: 200, permanentBounces: 11, complaints: 0 };
    // Act / Assess
    expect(brakeDecision(atLimit, fresh)).toEqual({ pause: false });
    expect(brakeDecision(over, fresh)).toEqual({ pause: true, reason: 'permanent-bounces', figures: over });
  });

  it('pauses when complaints pass 0.1 % of what was sent', () => {
    expect(brakeDecision({ sent: 1000, permanentBounces: 0, complaints: 1 }, fresh)).toEqual({ pause: false });
    expect(brakeDecision({ sent: 1000, permanentBounces: 0, complaints: 2 }, fresh)).toMatchObject({ pause: true, reason: 'complaints' });
  });

  it('never pauses below 200 sent, however bad the rates', () => {
    expect(brakeDecision({ sent: 199, permanentBounces: 199, complaints: 199 }, fresh)).toEqual({ pause: false });
  });

  it('does not pause a send the secretariat resumed', () => {
    expect(brakeDecision({ sent: 500, permanentBounces: 100, complaints: 10 }, { resumedBefore: true })).toEqual({ pause: false });
  });

  it('pauses exactly when a rate passes its limit, from 200 sent (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 20 }), (sent, permanentBounces, complaints) => {
        const decision = brakeDecision({ sent, permanentBounces, complaints }, fresh);
        const over = sent >= BRAKE_MIN_SENT && (permanentBounces / sent > BRAKE_MAX_PERMANENT_BOUNCE_RATE || complaints / sent > BRAKE_MAX_COMPLAINT_RATE);
        expect(decision.pause).toBe(over);
      }),
    );
  });

  it('counts as sent what SES accepted: sent, delivered, bounced, complained; not queued, failed or cancelled', () => {
    const counts = (['queued', 'sending', 'sent', 'delivered', 'bounced', 'complained', 'failed', 'cancelled'] as const).map((status) => ({ status, count: 1 }));
    expect(sentSoFar(counts)).toBe(4);
  });

  it('tells the secretariat which update, why, the figures and where to decide', () => {
    const email = pauseNoticeEmail({ to: 'sec@example.org', update: { id: 'u-abc123', title: 'Spring update' }, reason: 'permanent-bounces', figures: { sent: 240, permanentBounces: 30, complaints: 0 }, baseUrl: 'https://hub.example.org' });
    expect(email.subject).toBe('Sending paused: Spring update');
    expect(email.text).toContain('30 of 240 (12.5 %)');
    expect(email.text).toContain('https://hub.example.org/console/updates/#u-abc123');
  });

  it("tells a French secretariat member in French, numbers the French way, the update's title as written", () => {
    const email = pauseNoticeEmail({ to: 'sec@example.org', language: 'fr', update: { id: 'u-abc123', title: 'Spring update' }, reason: 'complaints', figures: { sent: 2400, permanentBounces: 3, complaints: 12 }, baseUrl: 'https://hub.example.org' });
    const n = (value: number) => new Intl.NumberFormat('fr').format(value);
    expect(email.subject).toBe('Envoi suspendu : Spring update');
    expect(email.text).toContain('L’envoi de « Spring update » est suspendu');
    expect(email.text).toContain(`Les plaintes ont dépassé ${n(0.1)} % des envois : 12 sur ${n(2400)} (${n(0.5)} %).`);
    expect(email.text).toContain('Ouvrir la lettre dans la console: https://hub.example.org/fr/console/updates/#u-abc123');
    expect(email.html).toContain('<html lang="fr">');
  });
});
