/* global document, localStorage, navigator */
// The browser's language for anonymous pages (site/src/layouts/Base.astro): when the reader has not
// chosen a language yet and this page exists in the first of the browser's languages that the site
// has, show the offer of that page; never switch by itself. A choice (a language link, or "No,
// thanks") is remembered in localStorage. A file of its own: the site's CSP allows no inline script.
(() => {
  const key = 'hub.lang';
  const remember = (locale) => {
    try {
      localStorage.setItem(key, locale);
    } catch {
      // Storage refused (private mode): the offer may come back, nothing else changes.
    }
  };
  for (const link of document.querySelectorAll('.lang-switch a[hreflang], .lang-offer a[hreflang]')) {
    link.addEventListener('click', () => remember(link.hreflang));
  }
  for (const button of document.querySelectorAll('.lang-offer button')) {
    button.addEventListener('click', () => {
      remember(document.documentElement.lang);
      button.closest('.lang-offer').hidden = true;
    });
  }
  let chosen = null;
  try {
    chosen = localStorage.getItem(key);
  } catch {
    chosen = null;
  }
  if (chosen) return;
  const here = document.documentElement.lang;
  const offers = [...document.querySelectorAll('.lang-offer[data-offer]')];
  for (const wanted of navigator.languages ?? [navigator.language]) {
    const locale = wanted.toLowerCase().split('-')[0];
    if (locale === here) return;
    const offer = offers.find((o) => o.dataset.offer === locale);
    if (offer) {
      offer.hidden = false;
      return;
    }
  }
})();
