import { describe, expect, it } from 'vitest';
import en from '../../../site/src/i18n/en.json' with { type: 'json' };
import fr from '../../../site/src/i18n/fr.json' with { type: 'json' };
import { localeName, localeOf, localizedPath, locales, ogLocale, translator } from '../../../site/src/i18n/index.ts';

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

describe('locales', () => {
  it('are the catalogues present, English first, each naming itself', () => {
    expect(locales).toEqual(['en', 'fr']);
    expect(localeName('fr')).toBe('Français');
    expect(localeName('en')).toBe('English');
  });

  it('fall back to English for a locale without a catalogue, and treat an unknown prefix as part of an English path', () => {
    expect(translator('xx')('nav.home')).toBe(en['nav.home']);
    expect(localeOf('/xx/about/')).toBe('en');
    expect(localizedPath('/xx/about/', 'fr')).toBe('/fr/xx/about/');
  });

  it('give Open Graph a territory, the code twice for a language not listed', () => {
    expect(ogLocale('fr')).toBe('fr_FR');
    expect(ogLocale('en')).toBe('en_GB');
    expect(ogLocale('xx')).toBe('xx_XX');
  });
});
