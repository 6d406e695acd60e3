import { z } from 'zod';
import { inLanes } from '../../core/lanes.ts';
import { changedRow, importColumns, importedContact, parseContactsCsv, suppressedRow, type ImportColumn } from '../../core/contacts/import.ts';
import type { Session } from '../../core/auth/session.ts';
import { recipientKeyOf } from '../../core/deliveries/delivery.ts';
import { requestLogView } from '../../core/privacy/requests.ts';
import { recordAudit } from './membership.ts';
import { suppressionKeyOf } from '../../core/contacts/suppression.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../core/errors.ts';
import { toCsv } from '../../core/exports/csv.ts';
import { audiences } from '../../core/partnership/vocabulary.ts';
import { PRIVACY_NOTICE_VERSION } from '../../core/privacy/notice.ts';
import { sourceOf, type LedgerEntry } from '../../core/privacy/ledger.ts';
import type { Deps } from '../deps.ts';

/** An import attests that each person consented to the privacy notice, so it names that version. */
export const IMPORT_WORDING_VERSION = PRIVACY_NOTICE_VERSION;

/**
 * Imports a contacts CSV. A file with any rejected row imports nothing unless `acceptValid`, so a
 * person never ends up with half a file by surprise. Known addresses are merged (the import never
 * resubscribes someone who unsubscribed, bounced or complained); suppressed addresses are rejected.
 */
export async function importContacts(deps: Pick<Deps, 'contactBook' | 'ledger' | 'networks' | 'now'>, csv: string, options: { acceptValid: boolean; mapping?: Record<string, ImportColumn>; admin: string }) {
  const parsed = parseContactsCsv(csv, options.mapping, await networkIdsOf(deps));
  const suppressions = await deps.contactBook.suppressions.all();
  const rejected = [...parsed.rejected];
  const rows = parsed.rows.filter((row) => {
    if (!suppressions.has(suppressionKeyOf(row.email))) return true;
    rejected.push({ row: parsed.rowOf.get(row.email) ?? 0, field: 'email', issue: suppressedRow(row.email) });
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
  const consented: { email: string; entry: LedgerEntry }[] = [];
  const consent = { ...sourceOf('import', { by: options.admin }), at: now, wordingVersion: IMPORT_WORDING_VERSION };
  await inLanes(rows, 16, async (row) => {
    const before = existing.get(row.email);
    const contact = importedContact(row, before, consent, now);
    if (await deps.contactBook.contacts.save(contact, before?.updatedAt)) {
      if (before) updated++;
      else imported++;
      if (!before?.consent) consented.push({ email: row.email, entry: { kind: 'consent', channel: 'updates', ...consent, recordedBy: options.admin } });
    } else {
      rejected.push({ row: parsed.rowOf.get(row.email) ?? 0, field: 'email', issue: changedRow(row.email) });
    }
  });
  await deps.ledger.recordAll(consented);
  // As the import job does: the tokens of the emails to come, made with the contacts.
  await deps.contactBook.mailTokens.ensure(rows.map((r) => r.email));
  return { imported, updated, merged: parsed.merged, rejected, stored: true };
}

const exportColumns = ['email', 'name', 'organisation', 'audience', 'country', 'language', 'topics', 'status', 'networks', 'source', 'consentSource', 'consentAt', 'consentWording'];

export async function exportContacts(deps: Pick<Deps, 'contactBook'>, audience?: string) {
  const chosen = audience ? [audience] : [...audiences];
  const rows: string[][] = [];
  for (const a of chosen) {
    for (const c of await deps.contactBook.contacts.allOfAudience(a)) {
      rows.push([c.email, c.name, c.organisation, c.audience, c.country ?? '', c.language, c.topics.join(';'), c.status, c.networks.join(';'), c.source, c.consent?.source ?? '', c.consent?.at ?? '', c.consent?.wordingVersion ?? '']);
    }
  }
  return toCsv([exportColumns, ...rows]);
}

/** Everything the hub holds about one person (their right of access). */
export async function contactRecord(deps: Pick<Deps, 'contactBook'>, email: string) {
  const contact = await deps.contactBook.contacts.get(email);
  if (!contact) throw new NotFoundError('contact.none', { email });
  return contact;
}

/** The ids of the hub's networks: what a contact's networks may name. */
export async function networkIdsOf(deps: Pick<Deps, 'networks'>): Promise<Set<string>> {
  return new Set((await deps.networks.list()).map((n) => n.id));
}

/**
 * Sets the networks a contact is reached through (replacing the list; an empty list clears it).
 * Every id must be a network's: unknown ones are a 422 naming each. Compare-and-set on the contact's
 * `updatedAt`, so an unsubscribe or an import meanwhile is never overwritten (409: read it again).
 */
export async function setContactNetworks(deps: Pick<Deps, 'audit' | 'config' | 'contactBook' | 'networks' | 'now'>, actor: Session, email: string, networks: readonly string[]) {
  const contact = await contactRecord(deps, email);
  const known = await networkIdsOf(deps);
  const wanted = [...new Set(networks)];
  const unknown = wanted.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new RuleViolationError('contact.unknownNetworks', { networks: unknown.join(', ') }, unknown.map((id) => ({ field: 'networks', id, reason: 'no such network' })));
  }
  const updated = { ...contact, networks: wanted, updatedAt: deps.now().toISOString() };
  if (!(await deps.contactBook.contacts.save(updated, contact.updatedAt))) throw new ConflictError('contact.changedMeanwhile');
  await recordAudit(deps, actor, { action: 'contact.networks-set', subject: contact.email, details: { before: contact.networks.join(';'), after: wanted.join(';') } });
  return updated;
}

/**
 * A contact's page: the contact, whether the address is suppressed, the consent ledger's entries,
 * their networks by name, the updates sent to them (their delivery records, read through the
 * recipient index every delivery has), and the requests about their data they made.
 */
export async function contactProfile(deps: Pick<Deps, 'contactBook' | 'deliveries' | 'ledger' | 'networks' | 'now' | 'privacy' | 'updates'>, email: string) {
  const contact = await contactRecord(deps, email);
  const [suppressed, consents, requests, deliveries, networks] = await Promise.all([
    deps.ledger.suppression(contact.email),
    deps.ledger.entriesOf(contact.email),
    deps.privacy.requestsOf(contact.email),
    deps.deliveries.ofRecipient(recipientKeyOf(contact.email)),
    deps.networks.list(),
  ]);
  const updates = await Promise.all([...new Set(deliveries.map((d) => d.updateId))].map((id) => deps.updates.getUpdate(id)));
  const titleOf = new Map(updates.filter((u) => u !== undefined).map((u) => [u.id, u.title]));
  const nameOf = new Map(networks.map((n) => [n.id, n.name]));
  const now = deps.now();
  return {
    contact,
    ...(suppressed ? { suppressed } : {}),
    networks: contact.networks.map((id) => ({ id, name: nameOf.get(id) ?? id })),
    consents: [...consents].sort((a, b) => b.at.localeCompare(a.at)),
    deliveries: deliveries
      .map((d) => ({ updateId: d.updateId, title: titleOf.get(d.updateId) ?? '', route: d.route, status: d.status, queuedAt: d.queuedAt, ...(d.sentAt ? { sentAt: d.sentAt } : {}) }))
      .sort((a, b) => b.queuedAt.localeCompare(a.queuedAt)),
    requests: requests.map((r) => requestLogView(r, now)).map(({ id, kind, state, receivedAt, completedAt, via }) => ({ id, kind, state, receivedAt, via, ...(completedAt ? { completedAt } : {}) })).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)),
  };
}

const mappingQuery = z.object({
  map: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'field.mappingJson' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), z.enum(importColumns, { error: 'field.importColumn' }))),
});

/** The `map` query parameter: the file's header → our column; a bad one is a 400 naming `map`. */
export function mappingFrom(query: string | undefined): Record<string, ImportColumn> | undefined {
  return query === undefined ? undefined : mappingQuery.parse({ map: query }).map;
}
