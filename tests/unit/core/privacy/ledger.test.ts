import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BY_THE_PERSON, channels, liftsSuppression, mayMail, sourceOf, suppresses, type LedgerEntry } from '../../../../functions/core/privacy/ledger.ts';
import { answerDeadline } from '../../../../functions/core/privacy/notice.ts';
import { newPrivacyRequest, requestLogView } from '../../../../functions/core/privacy/requests.ts';

const at = (iso: string) => iso;
const consent = (channel: LedgerEntry['channel'], when: string, recordedBy = BY_THE_PERSON): LedgerEntry => ({ kind: 'consent', channel, source: 'test', at: when, wordingVersion: 'v', recordedBy });

describe('the consent ledger', () => {
  it('records a source as its code, the values it names and its English sentence', () => {
    expect(sourceOf('import', { by: 'secretariat@example.org' })).toEqual({ source: 'import by secretariat@example.org', sourceCode: 'import', sourceValues: { by: 'secretariat@example.org' } });
    expect(sourceOf('event-registration', { event: 'Annual meeting', eventId: 'ev-1' }).source).toBe('registered for the event "Annual meeting" (ev-1)');
    // A source without values stores none.
    expect(sourceOf('unsubscribe-link')).toEqual({ source: 'unsubscribe link in an email', sourceCode: 'unsubscribe-link' });
  });

  it('suppresses on every withdrawal but a channel\'s own opt-out', () => {
    for (const reason of ['unsubscribed', 'bounced', 'complained', 'erased'] as const) {
      expect(suppresses({ kind: 'withdrawal', channel: 'updates', reason, source: 's', at: at('2026-01-01T00:00:00Z'), recordedBy: BY_THE_PERSON })).toBe(true);
    }
    expect(suppresses({ kind: 'withdrawal', channel: 'experts', reason: 'opt-out', source: 's', at: at('2026-01-01T00:00:00Z'), recordedBy: BY_THE_PERSON })).toBe(false);
    expect(suppresses(consent('updates', '2026-01-01T00:00:00Z'))).toBe(false);
  });

  it('lifts a suppression only on the person\'s own subscription, never on an import or a colleague\'s act', () => {
    expect(liftsSuppression(consent('updates', '2026-01-01T00:00:00Z'))).toBe(true);
    expect(liftsSuppression(consent('updates', '2026-01-01T00:00:00Z', 'secretariat@example.org'))).toBe(false);
    expect(liftsSuppression(consent('events', '2026-01-01T00:00:00Z'))).toBe(false);
  });

  it('mails a suppressed person on a channel only after their own later consent on that very channel', () => {
    const suppression = { at: '2026-06-01T00:00:00Z' };
    fc.assert(
      fc.property(
        fc.constantFrom(...channels),
        fc.array(fc.record({ channel: fc.constantFrom(...channels), when: fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }), byPerson: fc.boolean() }), { maxLength: 6 }),
        (channel, raw) => {
          const entries = raw.map((e) => consent(e.channel, e.when.toISOString(), e.byPerson ? BY_THE_PERSON : 'someone@example.org'));
          const expected = raw.some((e) => e.channel === channel && e.byPerson && e.when.toISOString() > suppression.at);
          expect(mayMail(channel, suppression, entries)).toBe(expected);
          expect(mayMail(channel, undefined, entries)).toBe(true);
        },
      ),
    );
  });
});

describe('requests about personal data', () => {
  it('gives the secretariat one month, ending on the month\'s last day when the date does not exist', () => {
    expect(answerDeadline(new Date('2026-03-15T10:00:00Z')).toISOString()).toBe('2026-04-15T10:00:00.000Z');
    expect(answerDeadline(new Date('2027-01-31T10:00:00Z')).toISOString()).toBe('2027-02-28T10:00:00.000Z');
    expect(answerDeadline(new Date('2028-01-31T10:00:00Z')).toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(answerDeadline(new Date('2026-12-20T10:00:00Z')).toISOString()).toBe('2027-01-20T10:00:00.000Z');
  });

  it('shows a lapsed link as expired, an open request past its deadline as overdue, and a done one as neither', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const open = newPrivacyRequest({ id: 'a', kind: 'export', email: 'a@example.org', via: 'self-service', now, linkExpiresAt: new Date('2026-11-24T10:00:00Z') });
    const done = newPrivacyRequest({ id: 'b', kind: 'erase', email: 'b@example.org', via: 'secretariat', now, handledBy: 'sec@example.org' });
    expect(requestLogView(open, now)).toMatchObject({ state: 'awaiting-confirmation', overdue: false });
    expect(requestLogView(open, new Date('2026-11-25T10:00:00Z'))).toMatchObject({ state: 'expired', overdue: false });
    const longLink = { ...open, linkExpiresAt: '2027-06-01T00:00:00.000Z' };
    expect(requestLogView(longLink, new Date('2027-01-01T00:00:00Z'))).toMatchObject({ state: 'awaiting-confirmation', overdue: true });
    expect(requestLogView(done, new Date('2027-06-01T00:00:00Z'))).toMatchObject({ state: 'completed', overdue: false, handledBy: 'sec@example.org' });
  });
});
