/** The console's contacts: a CSV import (followed to its end when a job runs it), and the list by audience, a page at a time. */
import { hubLanguages } from '../../../../functions/core/languages.ts';
import { audiences, contactStatuses, languages } from '../../../../functions/core/partnership/vocabulary-lists.ts';
import { answer, hub, whoAmI, type paths, type Refusal } from '../../lib/api.ts';
import { el, openPerson } from '../../lib/console-client.ts';
import { formatNumber, messagesOf, pageLocale } from '../../lib/messages.ts';
import { vocabularyNames } from '../../lib/vocabulary-names.ts';
import { oneOf } from './forms.ts';
import { showFields } from '../../lib/field-errors.ts';
import { statusLine } from '../../lib/status.ts';

type ListQuery = paths['/admin/contacts']['get']['parameters']['query'];
const root = document.getElementById('console-contacts')!;
const t = messagesOf(root);
const { consentSourceName, contactStatusName, countryName, languageName } = vocabularyNames(pageLocale(), t);
const status = document.getElementById('status')!;
const say = statusLine(status);
const importForm = document.getElementById('import-form') as HTMLFormElement;
const filterForm = document.getElementById('filter-form') as HTMLFormElement;

/** A refused import: the API's words in the status line, each field's beside the file (a column it lacks) or the mapping. */
function refused(refusal: Refusal) {
  showFields(importForm, refusal.fields.map((f) => (f.path === 'map' ? { path: 'mapping', message: f.message } : { path: 'file', message: `${f.path}: ${f.message}` })));
  say(refusal.message, 'error');
}

importForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(importForm);
  const file = data.get('file') as File;
  const query: { acceptValid?: 'true'; map?: string } = {};
  if (data.get('acceptValid')) query.acceptValid = 'true';
  const pairs = String(data.get('mapping') ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const malformed = pairs.find((p) => !/^[^=]+=[^=]+$/.test(p));
  if (malformed) return say(t('console.contacts.badMapping', { pair: malformed }), 'error');
  if (pairs.length) query.map = JSON.stringify(Object.fromEntries(pairs.map((p) => p.split('=').map((side) => side.trim()))));
  // The file goes as it is, as text/csv: the client's serializer would make it a JSON string.
  const imported = await answer(hub.POST('/admin/contacts/import', {
    params: { query },
    body: await file.text(),
    bodySerializer: (csv: string) => csv,
    headers: { 'Content-Type': 'text/csv' },
  }));
  if (!imported.ok) return refused(imported);
  showFields(importForm);
  const report = imported.data;
  // A large file is imported by a job: follow it until it ends, then give its outcome.
  if ('location' in report) return followImport(report.id, report.location);
  const table = document.getElementById('rejected')!;
  table.querySelector('tbody')!.replaceChildren(...report.rejected.map((r) => {
    const row = el('tr');
    row.append(el('td', String(r.row)), el('td', r.field), el('td', r.reason));
    return row;
  }));
  table.hidden = report.rejected.length === 0;
  say(report.stored ? t('console.contacts.imported', { imported: formatNumber(report.imported), updated: formatNumber(report.updated), merged: formatNumber(report.merged), rejected: formatNumber(report.rejected.length) }) : t('console.contacts.nothingImported', { rejected: formatNumber(report.rejected.length) }), report.stored ? 'success' : 'error');
});

// A link sends the browser's Accept-Language, not the page's: the report's link names the page's language, where the hub's words speak it.
const reportLanguage = (hubLanguages as readonly string[]).includes(pageLocale()) ? `?language=${pageLocale()}` : '';

/** Follows an import job (`location` is the job's address the API answered) until it is done or failed. */
async function followImport(id: string, location: string) {
  const table = document.getElementById('rejected')!;
  table.hidden = true;
  for (;;) {
    const followed = await answer(hub.GET('/admin/jobs/{id}', { params: { path: { id } } }));
    if (!followed.ok) return say(followed.message, 'error');
    const job = followed.data;
    const reportLink = `${location}/report.csv${reportLanguage}`;
    if (job.state === 'failed') return say(t('console.contacts.importStopped', { reason: job.error?.message ?? t('console.contacts.seeLog') }), 'error');
    if (job.state === 'done') {
      const rejected = job.rejected ?? 0;
      say(job.stored ? t('console.contacts.importedJob', { imported: formatNumber(job.imported ?? 0), updated: formatNumber(job.updated ?? 0), rejected: formatNumber(rejected) }) : t('console.contacts.nothingImported', { rejected: formatNumber(rejected) }), job.stored ? 'success' : 'error');
      if (rejected > 0) {
        const link = el('a', t('console.contacts.rejectedCsv'), { href: reportLink });
        status.append(' ', link);
      }
      return;
    }
    say(t(job.phase === 'write' ? 'console.contacts.importWriting' : 'console.contacts.importChecking', { row: formatNumber(job.processed), total: formatNumber(job.total) }));
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

let next: ListQuery | undefined;
async function showPage(query: ListQuery, append: boolean) {
  const page = await answer(hub.GET('/admin/contacts', { params: { query } }));
  if (!page.ok) return say(page.message, 'error');
  say('');
  const rows = page.data.contacts.map((c) => {
    const row = el('tr');
    // The address opens the contact's page; it goes there through this tab's storage, never the URL.
    // (The document allows an older record without every field: a missing one reads as empty.)
    const person = el('td');
    const email = c.email ?? '';
    const link = el('a', email, { href: root.dataset.contact ?? '' });
    link.addEventListener('click', () => openPerson(email));
    person.append(link);
    const networks = c.networks.map((id) => networkNames.get(id) ?? id).join(', ');
    row.append(person, el('td', c.name), el('td', c.country ? countryName(c.country) : ''), el('td', languageName(c.language)), el('td', c.status ? contactStatusName(c.status) : ''), el('td', networks), el('td', c.consent ? `${consentSourceName(c.consent)}, ${c.consent.at.slice(0, 10)}` : t('console.contacts.noConsent')));
    return row;
  });
  const body = document.getElementById('contacts')!;
  if (append) body.append(...rows);
  else body.replaceChildren(...rows);
  document.getElementById('list-empty')!.hidden = body.children.length > 0;
  next = page.data.cursor ? { ...query, cursor: page.data.cursor } : undefined;
  document.getElementById('more')!.hidden = !next;
}

filterForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(filterForm);
  const text = (name: string) => String(data.get(name) ?? '');
  // The audience select offers the audiences only, one always chosen.
  const audience = oneOf(audiences, text('audience'));
  if (!audience) return;
  const language = oneOf(languages, text('language'));
  const state = oneOf(contactStatuses, text('status'));
  const query: ListQuery = {
    audience,
    ...(text('country') ? { country: text('country') } : {}),
    ...(language ? { language } : {}),
    ...(state ? { status: state } : {}),
    ...(text('network') ? { network: text('network') } : {}),
  };
  (document.getElementById('export') as HTMLAnchorElement).href = `/api/admin/contacts/export?audience=${audience}`;
  await showPage(query, false);
});
document.getElementById('more')!.addEventListener('click', () => {
  if (next) void showPage(next, true);
});

const networkNames = new Map<string, string>();
async function loadNetworks() {
  const listed = await answer(hub.GET('/admin/networks'));
  if (!listed.ok) return say(listed.message, 'error');
  for (const n of listed.data.networks) networkNames.set(n.id, n.name);
  document.getElementById('network')!.append(...listed.data.networks.map((n) => el('option', n.name, { value: n.id })));
}

const me = await whoAmI(status);
if (me && !me.secretariat) say(t('console.contacts.forbidden'), 'error');
if (me?.secretariat) {
  document.getElementById('import')!.hidden = false;
  document.getElementById('browse')!.hidden = false;
  await loadNetworks();
}
