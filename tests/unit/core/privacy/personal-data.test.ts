import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptySections,
  exportable,
  FORMER_MEMBER,
  namesPerson,
  normalizeEmail,
  sectionNames,
  withoutPerson,
  zeroCounts,
} from '../../../../functions/core/privacy/personal-data.ts';

const ana = { email: 'ana.marquez@example.org', names: ['Ana Márquez'] };

describe('sections', () => {
  it('lists every section once, in the contract order, empty or at zero', () => {
    expect(sectionNames).toEqual(['contact', 'member', 'memberships', 'notificationSettings', 'sessions', 'threads', 'posts', 'attachments', 'registrations', 'developmentsReports', 'expert', 'callResponses', 'deliveries', 'consents', 'privacyRequests']);
    expect(Object.keys(emptySections())).toEqual([...sectionNames]);
    expect(Object.values(emptySections()).every((s) => s.length === 0)).toBe(true);
    expect(Object.values(zeroCounts()).every((n) => n === 0)).toBe(true);
  });

  it('normalizes addresses as the edge stores them', () => {
    expect(normalizeEmail('  Ana.Marquez@Example.ORG ')).toBe('ana.marquez@example.org');
  });
});

describe('namesPerson', () => {
  it('finds the address in any case and the name, inside nested values', () => {
    expect(namesPerson({ actor: 'ANA.MARQUEZ@example.org' }, ana)).toBe(true);
    expect(namesPerson({ details: { note: ['invited by ana márquez'] } }, ana)).toBe(true);
    expect(namesPerson({ actor: 'bruno@example.org', details: { n: 3 } }, ana)).toBe(false);
  });

  it('does not search for names too short to be names', () => {
    expect(namesPerson('Lisbon', { email: 'li@example.org', names: ['Li'] })).toBe(false);
    expect(namesPerson('Lisbon', { email: 'li@example.org', names: [' '] })).toBe(false);
  });

  it('reads characters that mean something to a pattern as text', () => {
    expect(namesPerson('a+b@example.org', { email: 'a+b@example.org', names: [] })).toBe(true);
    expect(namesPerson('aab@example.org', { email: 'a+b@example.org', names: [] })).toBe(false);
  });
});

describe('withoutPerson', () => {
  it('replaces every mention by "former member" and keeps everything else', () => {
    const entry = { id: 'a1', actor: 'Ana.Marquez@example.org', subject: 'bruno@example.org', details: { note: 'Ana Márquez invited Bruno', count: 2, ok: true } };
    expect(withoutPerson(entry, ana)).toEqual({ id: 'a1', actor: FORMER_MEMBER, subject: 'bruno@example.org', details: { note: `${FORMER_MEMBER} invited Bruno`, count: 2, ok: true } });
  });

  it('never leaves a mention behind, whatever surrounds it (property)', () => {
    const text = fc.string({ maxLength: 30 });
    const mention = fc.constantFrom(ana.email, ana.email.toUpperCase(), 'Ana Márquez', 'ANA MÁRQUEZ');
    const value = fc.array(fc.tuple(text, mention, text).map(([a, m, b]) => `${a}${m}${b}`), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(value, (strings) => {
        const cleaned = withoutPerson({ list: strings, nested: { first: strings[0] } }, ana);
        return !namesPerson(cleaned, ana);
      }),
    );
  });

  it('replaces whole names only, never the start of someone else\'s', () => {
    const paul = { email: 'paul@example.org', names: ['Paul'] };
    expect(withoutPerson({ line: 'Paul invited Paula Smith and paul@example.org; cc xpaul@example.org' }, paul)).toEqual({
      line: 'former member invited Paula Smith and former member; cc xpaul@example.org',
    });
    expect(namesPerson('Paula Smith', paul)).toBe(false);
  });

  it('changes nothing that does not name the person (property)', () => {
    const plain = fc.jsonValue().filter((v) => !namesPerson(v, ana));
    fc.assert(
      fc.property(plain, (v) => {
        expect(withoutPerson(v, ana)).toEqual(v);
      }),
    );
  });
});

describe('exportable', () => {
  it('drops keys, hashes and secrets, and reads TTLs as dates', () => {
    const item = { pk: 'SESSION#x', sk: 'SESSION', gsi1pk: 'MEMBER#a', gsi1sk: 'SESSION#x', type: 'session', idHash: 'ff', token: 't', mailToken: 'm', recipientKey: 'r', createdAt: '2026-11-01T00:00:00.000Z', expiresAt: 1_800_000_000, name: 'Ana' };
    expect(exportable(item)).toEqual({ createdAt: '2026-11-01T00:00:00.000Z', expiresAt: new Date(1_800_000_000_000).toISOString(), name: 'Ana' });
    expect(exportable(item, ['name'])).not.toHaveProperty('name');
  });
});
