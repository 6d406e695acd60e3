import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../../../functions/core/errors.ts';
import { fieldMessage } from '../../../../functions/core/refusals.ts';
import { checkTranslated, previewAudience, updateInputSchema, variantKeyOf } from '../../../../functions/core/updates/update.ts';

const base = { title: 'Housing', subject: 'Housing news', body: 'Text', targets: { audiences: ['ngo', 'local-authority'] }, routes: { direct: true } };
const issues = (variants: unknown[]) => {
  const parsed = updateInputSchema.safeParse({ ...base, variants });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${fieldMessage('en', i)}`);
};

describe('variants for an audience, a language or both', () => {
  it('names each kind of variant by its key', () => {
    expect(variantKeyOf({ audience: 'ngo' })).toBe('ngo');
    expect(variantKeyOf({ audience: 'ngo', language: 'fr' })).toBe('ngo:fr');
    expect(variantKeyOf({ language: 'fr' })).toBe('all:fr');
  });

  it('accepts a translation of the whole update, with its state', () => {
    expect(issues([{ language: 'fr', translation: 'to-translate' }, { audience: 'ngo', language: 'fr', translation: 'checked', body: 'Texte' }])).toEqual([]);
  });

  it('refuses a variant for nobody, a translation state without a language, an unknown state and a repeated translation', () => {
    expect(issues([{ body: 'For whom?' }])).toEqual(['variants.0.audience: expects an audience, a language or both']);
    expect(issues([{ audience: 'ngo', translation: 'translated' }])).toEqual(['variants.0.translation: expects the language the variant is translated into']);
    expect(issues([{ language: 'fr', translation: 'done' }])).toEqual(['variants.0.translation: expects to-translate, translated or checked']);
    expect(issues([{ language: 'fr' }, { language: 'fr', body: 'Encore' }])).toEqual(['variants.1: repeats the variant all:fr']);
  });

  it('lets an update go out only when no variant is still to translate, naming each that is', () => {
    expect(() => checkTranslated({ variants: [{ language: 'fr', translation: 'checked' }, { audience: 'ngo' }] })).not.toThrow();
    const refusal = (() => {
      try {
        checkTranslated({ variants: [{ audience: 'ngo' }, { language: 'fr', translation: 'to-translate' }, { audience: 'ngo', language: 'de', translation: 'to-translate' }] });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(RuleViolationError);
    expect((refusal as RuleViolationError).details).toEqual([
      { path: 'variants.1.translation', refusal: 'update.variantToTranslate', values: { variant: 'all:fr' }, variant: 'all:fr' },
      { path: 'variants.2.translation', refusal: 'update.variantToTranslate', values: { variant: 'ngo:de' }, variant: 'ngo:de' },
    ]);
    expect((refusal as RuleViolationError).message).toBe('Still to translate: all:fr, ngo:de. Write the translation and mark it translated before sending or scheduling.');
  });

  it("previews a translation for the update's first audience, an audience's variant for its own", () => {
    const update = { targets: { audiences: ['local-authority' as const, 'ngo' as const], topics: [], countries: [] }, variants: [{ language: 'fr' as const }, { audience: 'ngo' as const }] };
    expect(previewAudience(update, 'all:fr')).toBe('local-authority');
    expect(previewAudience(update, 'ngo')).toBe('ngo');
    expect(previewAudience(update, 'base')).toBe('local-authority');
  });
});
