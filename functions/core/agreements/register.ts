import { toCsv } from '../exports/csv.ts';
import type { Agreement, AgreementState } from './agreement.ts';

/** One line of the register as a member reads it. */
export interface RegisterEntry {
  id: string;
  title: string;
  text: string;
  html: string;
  state: AgreementState;
  group: { id: string; name: string };
  bindingGroups: { id: string; name: string }[];
  agreedOn?: string;
  supersededBy?: { id: string; title: string };
  public: boolean;
  markedAt: string;
  markedBy: string;
  changedAt: string;
  changedBy: string;
  /** The decision in its thread: only for a reader who can open that thread. */
  thread?: { id: string; path: string };
  /** Whether this reader may change it (the group's leaders and the secretariat). */
  canChange: boolean;
}

/** Where a decision sits in its thread, on the members' pages. */
export const decisionPath = (threadId: string, postId: string) => `/members/thread/?id=${encodeURIComponent(threadId)}#post-${postId}`;

export function registerEntry(
  agreement: Agreement,
  context: { groupNames: Record<string, string>; titles: Record<string, string>; readsThread: boolean; canChange: boolean },
): RegisterEntry {
  const name = (id: string) => context.groupNames[id] ?? id;
  return {
    id: agreement.id,
    title: agreement.title,
    text: agreement.text,
    html: agreement.html,
    state: agreement.state,
    group: { id: agreement.groupId, name: name(agreement.groupId) },
    bindingGroups: agreement.bindingGroups.map((id) => ({ id, name: name(id) })),
    ...(agreement.agreedOn ? { agreedOn: agreement.agreedOn } : {}),
    ...(agreement.supersededBy ? { supersededBy: { id: agreement.supersededBy, title: context.titles[agreement.supersededBy] ?? '' } } : {}),
    public: agreement.public,
    markedAt: agreement.markedAt,
    markedBy: agreement.markedBy,
    changedAt: agreement.changedAt,
    changedBy: agreement.changedBy,
    ...(context.readsThread ? { thread: { id: agreement.threadId, path: decisionPath(agreement.threadId, agreement.id) } } : {}),
    canChange: context.canChange,
  };
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The register as CSV: one agreement a row; the thread column is empty where the reader cannot open it. */
export function registerCsv(entries: readonly RegisterEntry[], baseUrl: string): string {
  const header = ['title', 'state', 'agreed_on', 'group', 'binding_groups', 'superseded_by', 'public', 'text', 'thread'];
  const rows = entries.map((e) => [
    e.title,
    e.state,
    e.agreedOn ?? '',
    e.group.name,
    e.bindingGroups.map((g) => g.name).join('; '),
    e.supersededBy?.title ?? '',
    e.public ? 'yes' : 'no',
    e.text,
    e.thread ? `${baseUrl}${e.thread.path}` : '',
  ]);
  return toCsv([header, ...rows]);
}

/** Keeps a member's text from becoming headings or HTML inside the document's own structure. */
const quoted = (text: string) =>
  text
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .split(/\r?\n/)
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');

/** The register as a Markdown document, in the register's order. */
export function registerMarkdown(entries: readonly RegisterEntry[], exportedAt: Date, baseUrl: string, filters: string): string {
  const lines = [
    '# Register of agreements',
    '',
    `Exported ${exportedAt.toISOString().slice(0, 10)}${filters ? ` (${filters})` : ''}. ${entries.length} agreement${entries.length === 1 ? '' : 's'}.`,
    '',
  ];
  for (const e of entries) {
    lines.push(`## ${oneLine(e.title)}`, '');
    const when = e.agreedOn ? `agreed on ${e.agreedOn}` : 'not agreed yet';
    lines.push(`*${e.state} · ${when} · a decision of ${oneLine(e.group.name)} · binds ${e.bindingGroups.map((g) => oneLine(g.name)).join(', ')}${e.public ? ' · public' : ''}*`, '');
    lines.push(quoted(e.text), '');
    if (e.supersededBy) lines.push(`Superseded by: ${oneLine(e.supersededBy.title) || e.supersededBy.id}`, '');
    if (e.thread) lines.push(`Thread: <${baseUrl}${e.thread.path}>`, '');
  }
  return lines.join('\n');
}

/** What the public site shows of an agreement marked public. */
export interface PublicAgreement {
  id: string;
  title: string;
  text: string;
  html: string;
  groups: string[];
  agreedOn?: string;
  state: AgreementState;
  supersededBy?: string;
}

export function publicAgreement(agreement: Agreement, groupNames: Record<string, string>, publicIds: ReadonlySet<string>): PublicAgreement {
  return {
    id: agreement.id,
    title: agreement.title,
    text: agreement.text,
    html: agreement.html,
    groups: agreement.bindingGroups.map((id) => groupNames[id] ?? id),
    ...(agreement.agreedOn ? { agreedOn: agreement.agreedOn } : {}),
    state: agreement.state,
    // A replacement that is not public is not named on the public site.
    ...(agreement.supersededBy && publicIds.has(agreement.supersededBy) ? { supersededBy: agreement.supersededBy } : {}),
  };
}
