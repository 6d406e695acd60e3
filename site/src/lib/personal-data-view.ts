/**
 * The readable form of a person's data, shared by the public "Your data" confirmation page and the
 * secretariat's console: one heading per section, each item a definition list, and the same data as
 * a JSON download. Everything is built as text nodes; nothing the API returns is parsed as HTML.
 */

// One list of sections for the hub and its pages: the core's.
import { dateLocale, type Messages } from './messages.ts';
import { sectionNames, type PersonalDataExport } from '../../../functions/core/privacy/personal-data.ts';
import { vocabularyNames } from './vocabulary-names.ts';

export { sectionNames, type PersonalDataExport };

export type ErasureSummary = Record<string, number>;


export function isPersonalDataExport(value: unknown): value is PersonalDataExport {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<PersonalDataExport>;
  return (
    typeof v.email === 'string' &&
    typeof v.generatedAt === 'string' &&
    typeof v.noticeVersion === 'string' &&
    typeof v.sections === 'object' &&
    v.sections !== null &&
    Object.values(v.sections).every(Array.isArray)
  );
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function node<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

const locale = () => document.documentElement.lang || 'en';

/** Field names are the API's own (camelCase); spelt out they read as words: "wordingVersion" → "Wording version". */
export function fieldLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label of a section in the page's language; a section the site does not know keeps its own name. */
export function sectionLabel(name: string, t: Messages): string {
  const key = `yourData.section.${name}`;
  const label = t(key);
  return label === key ? fieldLabel(name) : label;
}

function valueNode(value: unknown, t: Messages): Node {
  if (value === null || value === undefined || value === '') return document.createTextNode(t('yourData.value.none'));
  if (typeof value === 'boolean') return document.createTextNode(t(value ? 'yourData.value.yes' : 'yourData.value.no'));
  if (typeof value === 'number') return document.createTextNode(new Intl.NumberFormat(locale()).format(value));
  if (typeof value === 'string') {
    if (isoInstant.test(value) && !Number.isNaN(Date.parse(value))) {
      const shown = new Intl.DateTimeFormat(dateLocale(locale()), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
      return node('time', { datetime: value }, shown);
    }
    return document.createTextNode(value);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return document.createTextNode(t('yourData.value.none'));
    if (value.every((v) => v === null || typeof v !== 'object')) {
      const span = node('span');
      value.forEach((v, i) => span.append(...(i ? [', '] : []), valueNode(v, t)));
      return span;
    }
    return node('ol', { class: 'nested' }, ...value.map((v) => node('li', {}, valueNode(v, t))));
  }
  if (typeof value === 'object') return fieldList(value as Record<string, unknown>, t);
  return document.createTextNode(String(value));
}

/**
 * An item reads in the page's language where its values are codes: a consent's source (a ledger
 * entry's, a contact's consent) and, in the ledger, its kind, channel, reason and who recorded it,
 * named for the person (a secretariat member reads as "the secretariat"). Codes, values and the
 * stored sentence stay in the JSON download. A source recorded before codes reads as it is.
 */
function readable(item: Record<string, unknown>, t: Messages, section?: string): Record<string, unknown> {
  const names = vocabularyNames(locale(), t, 'person');
  const { source, sourceCode, sourceValues, ...rest } = item;
  const named = typeof source === 'string' && typeof sourceCode === 'string' ? { ...rest, source: names.consentSourceName({ source, sourceCode, sourceValues: sourceValues as Record<string, string> | undefined }) } : item;
  if (section !== 'consents') return named;
  const coded: Record<string, (code: string) => string> = { kind: names.ledgerKindName, channel: names.channelName, reason: names.suppressionReasonName, recordedBy: names.recordedByName };
  return Object.fromEntries(Object.entries(named).map(([name, value]) => [name, typeof value === 'string' && coded[name] ? coded[name](value) : value]));
}

/** A field's name: the page's word for it where the catalogue has one (`yourData.field.<section>.<name>`), else the API's own English word, marked so a screen reader reads it right. */
function fieldTerm(name: string, t: Messages, section?: string): HTMLElement {
  const key = `yourData.field.${section}.${name}`;
  const word = section ? t(key) : key;
  return word === key ? node('dt', locale() === 'en' ? {} : { lang: 'en' }, fieldLabel(name)) : node('dt', {}, word);
}

function fieldList(item: Record<string, unknown>, t: Messages, section?: string): HTMLDListElement {
  const list = node('dl', { class: 'facts personal-data-item' });
  for (const [name, value] of Object.entries(readable(item, t, section))) {
    list.append(node('div', {}, fieldTerm(name, t, section), node('dd', {}, valueNode(value, t))));
  }
  return list;
}

let downloadUrl: string | undefined;

/** The export as a page: heading, when and under which notice it was made, a JSON download, then every section. */
export function renderExport(root: HTMLElement, data: PersonalDataExport, t: Messages): HTMLElement {
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const generated = new Intl.DateTimeFormat(dateLocale(locale()), { dateStyle: 'long', timeStyle: 'short' }).format(new Date(data.generatedAt));
  const heading = node('h2', { id: 'personal-data-heading', tabindex: '-1' }, t('yourData.export.heading', { email: data.email }));
  const download = node('a', { class: 'button', href: downloadUrl, download: `personal-data-${data.generatedAt.slice(0, 10)}.json`, id: 'personal-data-download' }, t('yourData.export.download'));
  // A section the site does not know yet still shows, after the known ones, under its own name.
  const held = data.sections as Record<string, Record<string, unknown>[]>;
  const known = sectionNames.filter((name) => name in held);
  const others = Object.keys(held).filter((name) => !(sectionNames as readonly string[]).includes(name));
  const sections = [...known, ...others].map((name) => {
    const items = held[name] ?? [];
    const id = `personal-data-${name}`;
    return node(
      'section',
      { 'aria-labelledby': id, class: 'personal-data-section', 'data-section': name },
      node('h3', { id }, sectionLabel(name, t)),
      items.length === 0
        ? node('p', { class: 'meta' }, t('yourData.export.nothing'))
        : node('ul', { class: 'list-plain' }, ...items.map((item) => node('li', {}, fieldList(item, t, name)))),
    );
  });
  root.replaceChildren(
    heading,
    node('p', { class: 'meta' }, t('yourData.export.generated', { date: generated, version: data.noticeVersion })),
    node('p', {}, download),
    ...sections,
  );
  root.hidden = false;
  return heading;
}

/** What an erasure removed, section by section, and what stays (the hash). */
export function renderErasure(root: HTMLElement, summary: ErasureSummary, t: Messages, headingText: string, hashText: string): HTMLElement {
  const heading = node('h2', { id: 'erasure-heading', tabindex: '-1' }, headingText);
  const counted = Object.entries(summary).filter(([, count]) => count > 0);
  const order = (name: string) => {
    const at = (sectionNames as readonly string[]).indexOf(name);
    return at < 0 ? sectionNames.length : at;
  };
  counted.sort(([a], [b]) => order(a) - order(b));
  const number = new Intl.NumberFormat(locale());
  root.replaceChildren(
    heading,
    counted.length === 0
      ? node('p', {}, t('yourData.erased.nothing'))
      : node('ul', { id: 'erasure-summary' }, ...counted.map(([name, count]) => node('li', { 'data-section': name }, t('labelled', { label: sectionLabel(name, t), value: number.format(count) })))),
    node('p', { class: 'note' }, hashText),
  );
  root.hidden = false;
  return heading;
}
