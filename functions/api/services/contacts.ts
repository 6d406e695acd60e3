import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { Contact } from '../../core/contacts/contact.ts';
import { importColumns, parseContactsCsv, type ImportColumn } from '../../core/contacts/import.ts';
import { suppressionKeyOf } from '../../core/contacts/suppression.ts';
import { recipientKeyOf } from '../../core/deliveries/delivery.ts';
import { NotFoundError } from '../../core/errors.ts';
import { audiences } from '../../core/partnership/vocabulary.ts';
import type { Deps } from '../deps.ts';

export const IMPORT_WORDING_VERSION = 'import-attestation-2026-01';

/**
 * Imports a contacts CSV. A file with any rejected row imports nothing unless `acceptValid`, so a
 * person never ends up with half a file by surprise. Known addresses are merged (the import never
 * resubscribes someone who unsubscribed, bounced or complained); suppressed addresses are rejected.
 */
export async function importContacts(deps: Deps, csv: string, options: { acceptValid: boolean; mapping?: Record<string, ImportColumn>; admin: string }) {
  const parsed = parseContactsCsv(csv, options.mapping);
  const suppressions = await deps.contactBook.suppressions.all();
  const rejected = [...parsed.rejected];
  const rows = parsed.rows.filter((row) => {
    if (!suppressions.has(suppressionKeyOf(row.email))) return true;
    rejected.push({ row: parsed.rowOf.get(row.email) ?? 0, field: 'email', reason: `${row.email} asked not to be mailed (unsubscribed, bounced, complained or erased); not imported` });
    return false;
  });
  rejected.sort((a, b) => a.row - b.row);
  if (rejected.length > 0 && !options.acceptValid) {
    return { imported: 0, updated: 0, merged: parsed.merged, rejected, stored: false };
  }
  const now = deps.now().toISOString();
  const existing = await deps.contactBook.contacts.getMany(rows.map((r) => r.email));
  let imported = 0;
  let updated = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(16, rows.length) }, async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        const before = existing.get(row.email);
        const consent = { source: `import by ${options.admin}`, at: now, wordingVersion: IMPORT_WORDING_VERSION };
        const contact: Contact = before
          ? {
              ...before,
              ...row,
              country: row.country ?? before.country,
              name: row.name || before.name,
              organisation: row.organisation || before.organisation,
              topics: row.topics.length ? row.topics : before.topics,
              // A pending contact becomes subscribed on the admin's attestation; a withdrawn one stays withdrawn.
              status: before.status === 'pending' ? 'subscribed' : before.status,
              consent: before.consent ?? consent,
              updatedAt: now,
            }
          : { ...row, source: 'import', consent, status: 'subscribed', networks: [], createdAt: now, updatedAt: now };
        if (!contact.country) delete contact.country;
        if (await deps.contactBook.contacts.save(contact, before?.updatedAt)) {
          if (before) updated++;
          else imported++;
        } else {
          rejected.push({ row: parsed.rowOf.get(row.email) ?? 0, field: 'email', reason: `${row.email} changed while importing; import the file again to merge it` });
        }
      }
    }),
  );
  return { imported, updated, merged: parsed.merged, rejected, stored: true };
}

const exportColumns = ['email', 'name', 'organisation', 'audience', 'country', 'language', 'topics', 'status', 'networks', 'source', 'consentSource', 'consentAt', 'consentWording'];

export async function exportContacts(deps: Deps, audience?: string) {
  const chosen = audience ? [audience] : [...audiences];
  const rows: string[][] = [];
  for (const a of chosen) {
    for (const c of await deps.contactBook.contacts.allOfAudience(a)) {
      rows.push([c.email, c.name, c.organisation, c.audience, c.country ?? '', c.language, c.topics.join(';'), c.status, c.networks.join(';'), c.source, c.consent?.source ?? '', c.consent?.at ?? '', c.consent?.wordingVersion ?? '']);
    }
  }
  return stringify([exportColumns, ...rows]);
}

/** Everything the hub holds about one person (their right of access). */
export async function contactRecord(deps: Deps, email: string) {
  const contact = await deps.contactBook.contacts.get(email);
  if (!contact) throw new NotFoundError(`No contact ${email}.`);
  return contact;
}

/**
 * Erasure: the contact, their mail token and the addresses on past deliveries go; only the hash of
 * the address stays, on the suppression list, so a later import cannot bring them back.
 */
export async function eraseContact(deps: Deps, email: string) {
  const contact = await deps.contactBook.contacts.get(email);
  const key = suppressionKeyOf(email);
  if (!contact && !(await deps.contactBook.suppressions.has(key))) throw new NotFoundError(`No contact ${email}.`);
  await deps.contactBook.suppressions.add({ key, reason: 'erased', at: deps.now().toISOString() });
  await deps.contactBook.mailTokens.forget(email);
  const deliveries = await deps.deliveries.forgetRecipient(recipientKeyOf(email));
  await deps.contactBook.contacts.remove(email);
  return { erased: true, deliveries };
}

const mappingQuery = z.object({
  map: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expects JSON, e.g. {"E-mail":"email"}' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), z.enum(importColumns, { error: `expects one of our columns: ${importColumns.join(', ')}` }))),
});

/** The `map` query parameter: the file's header → our column; a bad one is a 400 naming `map`. */
export function mappingFrom(query: string | undefined): Record<string, ImportColumn> | undefined {
  return query === undefined ? undefined : mappingQuery.parse({ map: query }).map;
}
