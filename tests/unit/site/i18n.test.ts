import { describe, expect, it } from 'vitest';
import en from '../../../site/src/i18n/en.json' with { type: 'json' };
import fr from '../../../site/src/i18n/fr.json' with { type: 'json' };
import { localeOf, localizedPath, translator } from '../../../site/src/i18n/index.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  it('has every English key in French, non-empty and with the same placeholders', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const french = (fr as Record<string, string>)[key]!;
      expect(french.trim(), key).not.toBe('');
      expect(placeholders(french), key).toEqual(placeholders(text));
    }
  });

  it('fills placeholders', () => {
    expect(translator('fr')('action.number', { n: 4 })).toBe('Action 4');
    expect(translator('en')('news.pageOf', { n: 2, total: 3 })).toBe('Page 2 of 3');
  });
});

describe('localized paths', () => {
  it('mirrors English paths under /fr/ and back', () => {
    expect(localizedPath('/actions/urban-academy/', 'fr')).toBe('/fr/actions/urban-academy/');
    expect(localizedPath('/fr/actions/urban-academy/', 'en')).toBe('/actions/urban-academy/');
    expect(localizedPath('/', 'fr')).toBe('/fr/');
    expect(localizedPath('/fr/', 'en')).toBe('/');
    expect(localizedPath('/agenda.ics', 'fr')).toBe('/fr/agenda.ics');
    expect(localeOf('/fr/news/2/')).toBe('fr');
    expect(localeOf('/french-cities/')).toBe('en');
  });
});
