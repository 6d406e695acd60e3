import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS, parseContactsCsv } from '../../../../functions/core/contacts/import.ts';
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
});
