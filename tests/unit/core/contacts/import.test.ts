import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../../functions/core/contacts/contact.ts';
import { importedContact, parseContactsCsv, rejectionIn } from '../../../../functions/core/contacts/import.ts';
import { MAX_IMPORT_ROWS } from '../../../../functions/core/contacts/import-limits.ts';
import { PayloadTooLargeError, RuleViolationError } from '../../../../functions/core/errors.ts';

describe('contacts CSV', () => {
  it('reports each bad row with its line and field, and merges duplicates by normalized email', () => {
    const csv = ['E-mail,Name,Organization,Audience,Country,Lang,Topics', 'A@Example.org,Ann,,ngo,gr,en,housing;health', 'not-an-email,Bob,,ngo,,,', 'c@example.org,Cy,,aliens,,,', ' a@example.org ,,Aid,ngo,,,employment', 'd@example.org,Di,,research,GRC,,'].join('\n');
    const result = parseContactsCsv(csv);
    expect(result.rows).toEqual([{ email: 'a@example.org', name: 'Ann', organisation: 'Aid', audience: 'ngo', country: 'GR', language: 'en', topics: ['housing', 'health', 'employment'] }]);
    expect(result.merged).toBe(1);
    expect(result.rejected.map((r) => [r.row, r.field])).toEqual([[3, 'email'], [4, 'audience'], [6, 'country']]);
  });

  it('maps headers explicitly', () => {
    const result = parseContactsCsv('Courriel,Public\nx@example.org,ngo', { Courriel: 'email', Public: 'audience' });
    expect(result.rows[0]).toMatchObject({ email: 'x@example.org', audience: 'ngo' });
  });

  it('refuses a header without email or audience, and more than 50,000 rows', () => {
    expect(() => parseContactsCsv('name\nAnn')).toThrow(RuleViolationError);
    const big = ['email,audience', ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `p${i}@example.org,ngo`)].join('\n');
    expect(() => parseContactsCsv(big)).toThrow(PayloadTooLargeError);
  });

  it('reads a networks column of ;-separated ids: known ids kept, a row naming an unknown one refused, duplicates adding up', () => {
    // Prepare
    const known = new Set(['eurocities', 'ecre']);
    const csv = ['email,audience,networks', 'a@example.org,ngo,eurocities; ecre;eurocities', 'b@example.org,ngo,nowhere;ecre', 'c@example.org,ngo,Not An Id', 'd@example.org,ngo,', 'd@example.org,ngo,ecre'].join('\n');
    // Act
    const result = parseContactsCsv(csv, {}, known);
    // Assess
    expect(result.rows.map((r) => [r.email, r.networks])).toEqual([['a@example.org', ['eurocities', 'ecre']], ['d@example.org', ['ecre']]]);
    const rejected = result.rejected.map(rejectionIn('en'));
    expect(rejected).toEqual([
      { row: 3, field: 'networks', reason: 'no network with the id nowhere; use the ids on the Networks page' },
      { row: 4, field: 'networks', reason: expect.any(String) },
    ]);
    expect(rejected[0]!.reason).not.toContain('ecre');
  });

  it("writes each rejected row's reason in the reader's language: the hub's own and zod's, the English as before", () => {
    // Prepare: an unknown network, an audience not in the list, a name over 120 characters, no address.
    const csv = ['email,name,audience,networks', 'a@example.org,Ann,ngo,nowhere', 'b@example.org,Bob,aliens,', `c@example.org,${'C'.repeat(121)},ngo,`, ',Dan,ngo,'].join('\n');
    // Act
    const { rejected } = parseContactsCsv(csv, {}, new Set(['ecre']));
    // Assess
    expect(rejected.map(rejectionIn('fr')).map((r) => [r.row, r.field, r.reason])).toEqual([
      [2, 'networks', 'aucun réseau d’identifiant nowhere ; utilisez les identifiants de la page Réseaux'],
      [3, 'audience', expect.stringMatching(/^Option invalide : une valeur parmi "local-authority"/)],
      [4, 'name', 'attend au plus 120 caractères'],
      [5, 'email', 'Entrée invalide : chaîne de caractères attendu, indéfini reçu'],
    ]);
    expect(rejected.map(rejectionIn('en')).map((r) => r.reason)).toEqual([
      'no network with the id nowhere; use the ids on the Networks page',
      expect.stringMatching(/^Invalid option: expected one of "local-authority"/),
      'expects at most 120 characters',
      'Invalid input: expected string, received undefined',
    ]);
  });

  it('an empty networks cell leaves a known contact’s networks; a filled one replaces them', () => {
    // Prepare
    const before: Contact = { email: 'k@example.org', name: 'K', organisation: '', audience: 'ngo', language: 'en', topics: [], source: 'import', status: 'subscribed', networks: ['ecre'], createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
    const consent = { source: 'import by x', at: '2026-02-01T00:00:00.000Z', wordingVersion: 'v1' };
    const [empty, filled] = parseContactsCsv('email,audience,networks\nk@example.org,ngo,\nn@example.org,ngo,eurocities', {}, new Set(['ecre', 'eurocities'])).rows;
    // Act + Assess
    expect(importedContact(empty!, before, consent, consent.at).networks).toEqual(['ecre']);
    expect(importedContact({ ...filled!, email: 'k@example.org' }, before, consent, consent.at).networks).toEqual(['eurocities']);
    expect(importedContact(empty!, undefined, consent, consent.at).networks).toEqual([]);
  });
});
