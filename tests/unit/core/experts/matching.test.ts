import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { organisationTypes, type Expert } from '../../../../functions/core/experts/expert.ts';
import { languageFor, matchExperts, type CallFilters } from '../../../../functions/core/experts/matching.ts';
import { languages, topics } from '../../../../functions/core/partnership/vocabulary.ts';

const countries = ['NL', 'GR', 'ES', 'DE', 'IT'] as const;
const subset = <T>(values: readonly T[]) => fc.uniqueArray(fc.constantFrom(...values), { maxLength: 3 });

const expertArb = fc.record({
  email: fc.constantFrom('a@example.org', 'b@example.org', 'c@example.org', 'd@example.org', 'A@example.org'),
  status: fc.constantFrom('pending', 'confirmed', 'left') as fc.Arbitrary<Expert['status']>,
  acceptsCalls: fc.boolean(),
  country: fc.constantFrom(...countries),
  organisationType: fc.constantFrom(...organisationTypes),
  languages: fc.uniqueArray(fc.constantFrom(...languages), { minLength: 1, maxLength: 3 }),
  topics: fc.uniqueArray(fc.constantFrom(...topics), { minLength: 1, maxLength: 3 }),
  id: fc.uuid(),
}).map((e): Expert => ({
  ...e,
  name: 'Expert',
  organisation: 'Organisation',
  audience: 'ngo',
  profile: 'A profile long enough.',
  calledCount: 0,
  answeredCount: 0,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
}));

const filtersArb: fc.Arbitrary<CallFilters> = fc.record({
  topics: fc.uniqueArray(fc.constantFrom(...topics), { minLength: 1, maxLength: 3 }),
  countries: fc.option(subset(countries), { nil: undefined }),
  types: fc.option(subset(organisationTypes), { nil: undefined }),
  languages: fc.option(subset(languages), { nil: undefined }),
});

describe('matchExperts', () => {
  it('keeps only confirmed experts who accept calls and match every filter set', () => {
    fc.assert(
      fc.property(fc.array(expertArb, { maxLength: 30 }), filtersArb, (experts, filters) => {
        for (const expert of matchExperts(experts, filters)) {
          expect(expert.status).toBe('confirmed');
          expect(expert.acceptsCalls).toBe(true);
          expect(expert.topics.some((t) => filters.topics.includes(t))).toBe(true);
          if (filters.countries?.length) expect(filters.countries).toContain(expert.country);
          if (filters.types?.length) expect(filters.types).toContain(expert.organisationType);
          if (filters.languages?.length) expect(expert.languages.some((l) => filters.languages!.includes(l))).toBe(true);
        }
      }),
    );
  });

  it('reaches each person once, however often they appear', () => {
    fc.assert(
      fc.property(fc.array(expertArb, { maxLength: 30 }), filtersArb, (experts, filters) => {
        const emails = matchExperts([...experts, ...experts], filters).map((e) => e.email.toLowerCase());
        expect(new Set(emails).size).toBe(emails.length);
      }),
    );
  });

  it('leaves out nobody who qualifies', () => {
    fc.assert(
      fc.property(fc.array(expertArb, { maxLength: 30 }), filtersArb, (experts, filters) => {
        const matched = new Set(matchExperts(experts, filters).map((e) => e.email.toLowerCase()));
        const qualifies = (e: Expert) =>
          e.status === 'confirmed' &&
          e.acceptsCalls &&
          e.topics.some((t) => filters.topics.includes(t)) &&
          (!filters.countries?.length || filters.countries.includes(e.country)) &&
          (!filters.types?.length || filters.types.includes(e.organisationType)) &&
          (!filters.languages?.length || e.languages.some((l) => filters.languages!.includes(l)));
        for (const expert of experts.filter(qualifies)) expect(matched.has(expert.email.toLowerCase())).toBe(true);
      }),
    );
  });
});

describe('languageFor', () => {
  it("writes in the call's language the expert reads, else English", () => {
    const expert = { languages: ['el', 'fr'] } as Expert;
    expect(languageFor(expert, ['fr', 'en'])).toBe('fr');
    expect(languageFor(expert, ['de'])).toBe('en');
  });
});
