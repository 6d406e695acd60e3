import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mailLanguages } from '../../../functions/core/mail/words.ts';
import { fieldMessage, refusalCatalogues, refusalLanguage, refusalWords, stateNamed } from '../../../functions/core/refusals.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Every TypeScript source of the hub but the catalogues themselves. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path.endsWith(join('core', 'refusals')) ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe("the API's refusals, in the reader's language", () => {
  it('has every key in every language the hub speaks, with the same placeholders, and no empty text', () => {
    expect(Object.keys(refusalCatalogues).sort()).toEqual([...mailLanguages].sort());
    const english = refusalCatalogues.en;
    for (const language of mailLanguages) {
      const catalogue = refusalCatalogues[language];
      expect(Object.keys(catalogue).sort(), language).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(english)) {
        const said = catalogue[key as keyof typeof english];
        expect(said.trim(), `${language} ${key}`).not.toBe('');
        expect(placeholders(said), `${language} ${key}`).toEqual(placeholders(text));
      }
    }
  });

  it('writes no French refusal the same as the English one, but for what is only a placeholder', () => {
    const same = Object.entries(refusalCatalogues.en).filter(([key, text]) => refusalCatalogues.fr[key as keyof typeof refusalCatalogues.en] === text);
    expect(same.filter(([, text]) => text.replace(/\{\w+\}/g, '').trim() !== '')).toEqual([]);
  });

  it('uses every key in the code, and the schemas name no field key the catalogue lacks', () => {
    const code = sources('functions').map((path) => readFileSync(path, 'utf8')).join('\n');
    const unused = Object.keys(refusalCatalogues.en).filter((key) => !code.includes(`'${key}'`));
    expect(unused).toEqual([]);
    // A domain error's key is typed; a schema's message is a string, so each `field.` key is checked here.
    const named = new Set([...code.matchAll(/'(field\.[A-Za-z0-9]+)'/g)].map((m) => m[1]!));
    expect(named.size).toBeGreaterThan(50);
    expect([...named].filter((key) => !Object.hasOwn(refusalCatalogues.en, key))).toEqual([]);
  });

  it('chooses the language from Accept-Language: the best the hub speaks, English otherwise', () => {
    expect(refusalLanguage('fr-FR,fr;q=0.9')).toBe('fr');
    expect(refusalLanguage('fr')).toBe('fr');
    expect(refusalLanguage('de')).toBe('en');
    expect(refusalLanguage(undefined)).toBe('en');
    expect(refusalLanguage('')).toBe('en');
    expect(refusalLanguage('en;q=0.1, fr;q=0.9')).toBe('fr');
    expect(refusalLanguage('de-DE, fr;q=0.5, en;q=0.4')).toBe('fr');
    expect(refusalLanguage('fr;q=0, en')).toBe('en');
    expect(refusalLanguage('FR-be')).toBe('fr');
    expect(refusalLanguage('*')).toBe('en');
    expect(refusalLanguage('constructor')).toBe('en');
  });

  it('fills placeholders, numbers written the language’s way', () => {
    expect(refusalWords('en')('upload.sizeDiffers', { bytes: 12000, declared: 11 })).toBe('The file has 12,000 bytes; the upload request declared 11.');
    expect(refusalWords('fr')('upload.sizeDiffers', { bytes: 12000, declared: 11 })).toBe(`Le fichier fait ${new Intl.NumberFormat('fr').format(12000)} octets ; la demande de dépôt en annonçait 11.`);
    expect(refusalWords('fr')('update.scheduleFuture')).toBe('Programmez un moment dans le futur, ou envoyez maintenant.');
  });

  it('names a state in the language of the refusal that embeds it; a state the catalogue lacks reads as itself', () => {
    const values = { from: stateNamed('agreement', 'agreed'), to: stateNamed('agreement', 'proposed') };
    expect(refusalWords('fr')('agreement.neverBackToProposal', values)).toMatch(/^Cet accord ne peut pas passer de conclu à proposé :/);
    expect(refusalWords('en')('agreement.neverBackToProposal', values)).toMatch(/^This agreement cannot go from agreed to proposed:/);
    expect(refusalWords('fr')('update.notAgain', { status: stateNamed('update', 'sending') })).toBe('Cette mise à jour ne peut pas être envoyée à nouveau. Son état : en cours d’envoi.');
    expect(refusalWords('fr')('update.notAgain', { status: stateNamed('update', 'archived') })).toBe('Cette mise à jour ne peut pas être envoyée à nouveau. Son état : archived.');
  });

  it("writes a schema's own message from the catalogue and zod's messages in the language's locale", () => {
    const schema = z.object({ title: z.string().min(3, 'field.titleMin3'), count: z.number(), kind: z.enum(['a', 'b']) });
    const { error } = schema.safeParse({ title: 'x', count: 'many', kind: 'c' });
    const input = { title: 'x', count: 'many', kind: 'c' };
    const [title, count, kind] = error!.issues;
    expect(fieldMessage('en', title!)).toBe(refusalCatalogues.en['field.titleMin3']);
    expect(fieldMessage('fr', title!)).toBe(refusalCatalogues.fr['field.titleMin3']);
    expect(fieldMessage('en', count!, input.count)).toBe('Invalid input: expected number, received string');
    expect(fieldMessage('fr', count!, input.count)).toBe('Entrée invalide : nombre attendu, chaîne de caractères reçu');
    expect(fieldMessage('fr', kind!, input.kind)).toMatch(/^Option invalide/);
  });

  it("says a size zod refuses as what the field expects, in the reader's language; an exact length stays zod's", () => {
    const schema = z.object({ name: z.string().min(1), title: z.string().min(3).max(120), tags: z.array(z.string()).min(1).max(5), count: z.number().min(0).max(2000), code: z.string().length(2), ratio: z.number().gt(0) });
    const input = { name: '', title: 'x'.repeat(121), tags: [], count: 2001, code: 'abc', ratio: 0 };
    const issues = schema.safeParse(input).error!.issues;
    const said = (language: 'en' | 'fr') => Object.fromEntries(issues.map((issue) => [issue.path.join('.'), fieldMessage(language, issue, input[issue.path[0] as keyof typeof input])]));
    expect(said('en')).toEqual({
      name: 'must not be empty',
      title: 'expects at most 120 characters',
      tags: 'expects at least one entry',
      count: 'expects 2,000 or less',
      code: 'Too big: expected string to have exactly 2 characters',
      ratio: 'Too small: expected number to be >0',
    });
    expect(said('fr')).toMatchObject({ name: 'ne doit pas être vide', title: 'attend au plus 120 caractères', count: 'attend 2\u202f000 ou moins' });
    expect(fieldMessage('en', z.string().min(3).safeParse('x').error!.issues[0]!)).toBe('expects at least 3 characters');
    expect(fieldMessage('fr', z.array(z.number()).max(2).safeParse([1, 2, 3]).error!.issues[0]!)).toBe('attend au plus 2 éléments');
  });
});
