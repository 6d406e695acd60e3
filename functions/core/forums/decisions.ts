import type { Post } from './forum.ts';

/** The decision log of a group as a Markdown document, oldest decision first; a hidden post is not quoted. */
export function decisionLogMarkdown(groupName: string, decisions: Post[], exportedAt: Date): string {
  const entries = [...decisions]
    .filter((p) => p.decision && !p.deletedAt && !p.hidden)
    .sort((a, b) => a.decision!.recordedAt.localeCompare(b.decision!.recordedAt));
  const lines = [`# Decision log: ${groupName}`, '', `Exported ${exportedAt.toISOString().slice(0, 10)}. ${entries.length} decision${entries.length === 1 ? '' : 's'}.`, ''];
  for (const post of entries) {
    lines.push(
      `## ${post.decision!.recordedAt.slice(0, 10)}: ${post.threadTitle.replace(/\s+/g, ' ')}`,
      '',
      `Proposed by ${post.authorName} on ${post.createdAt.slice(0, 10)}; recorded by ${post.decision!.recordedBy}.`,
      '',
      ...post.body.split('\n').map((line) => `> ${line}`.trimEnd()),
      '',
    );
  }
  return lines.join('\n');
}
