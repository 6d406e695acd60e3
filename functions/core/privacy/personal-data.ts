/**
 * What the hub holds on one person, as the right of access (GDPR art. 15) and the right to erasure
 * (art. 17) see it: one list of sections, the same for an export and for an erasure's summary.
 */
export const sectionNames = [
  'contact',
  'member',
  'memberships',
  'notificationSettings',
  'sessions',
  'threads',
  'posts',
  'attachments',
  'registrations',
  'developmentsReports',
  'expert',
  'callResponses',
  'deliveries',
  'consents',
  'privacyRequests',
] as const;
export type SectionName = (typeof sectionNames)[number];
export type Sections = Record<SectionName, Record<string, unknown>[]>;

export interface PersonalDataExport {
  email: string;
  generatedAt: string;
  /** The privacy notice in force when the copy was made: it says why and how long each section is kept. */
  noticeVersion: string;
  sections: Sections;
}

/** How a person's forum posts and reports are attributed once they are erased; the words stay. */
export const FORMER_MEMBER = 'former member';

/** Addresses are compared the way the edge's schemas store them. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emptySections(): Sections {
  return Object.fromEntries(sectionNames.map((name) => [name, []])) as unknown as Sections;
}

export function zeroCounts(): Record<SectionName, number> {
  return Object.fromEntries(sectionNames.map((name) => [name, 0])) as Record<SectionName, number>;
}

/** Who is being erased: the address and every name the hub knew them by. */
export interface PersonMarks {
  email: string;
  names: readonly string[];
}

/**
 * Names shorter than this are not searched for inside other text: "Li" would match "Lisbon".
 * A full name is what the hub stores, so real names are long enough.
 */
const MIN_NAME_LENGTH = 4;

function patternsOf(person: PersonMarks): RegExp | undefined {
  const words = [normalizeEmail(person.email), ...person.names.map((n) => n.trim()).filter((n) => n.length >= MIN_NAME_LENGTH)]
    .filter((w) => w.length > 0)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Whole words only: erasing "Paul" must not turn another person's "Paula" into "former membera".
  return words.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`, 'giu') : undefined;
}

/** Whether a value (strings inside objects and arrays included) names the person. */
export function namesPerson(value: unknown, person: PersonMarks): boolean {
  const pattern = patternsOf(person);
  if (!pattern) return false;
  const visit = (v: unknown): boolean => {
    if (typeof v === 'string') {
      pattern.lastIndex = 0;
      return pattern.test(v);
    }
    if (Array.isArray(v)) return v.some(visit);
    if (v && typeof v === 'object') return Object.values(v).some(visit);
    return false;
  };
  return visit(value);
}

/**
 * The value with every mention of the person (address in any case, or a name) replaced by
 * "former member": what others recorded about them (an audit line, who recorded a decision) keeps
 * its meaning without naming them.
 */
export function withoutPerson<T>(value: T, person: PersonMarks): T {
  const pattern = patternsOf(person);
  if (!pattern) return value;
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(pattern, FORMER_MEMBER);
    if (Array.isArray(v)) return v.map(visit);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, visit(inner)]));
    return v;
  };
  return visit(value) as T;
}

/** Attributes that are the table's plumbing or secrets: never part of a person's copy. */
const NOT_EXPORTED = new Set([
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'type',
  'idHash',
  'pendingHash',
  'tokenHash',
  'codeHash',
  'token',
  'mailToken',
  'relayToken',
  'recipientKey',
  'claimId',
  'leaseUntil',
]);

/**
 * An item as the person reads it: keys, hashes and secrets dropped, TTLs (epoch seconds) as dates,
 * and whatever else the caller names left out.
 */
export function exportable(item: object, omit: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (NOT_EXPORTED.has(name) || omit.includes(name) || value === undefined) continue;
    out[name] = name === 'expiresAt' && typeof value === 'number' ? new Date(value * 1000).toISOString() : value;
  }
  return out;
}
