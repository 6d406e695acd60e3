import { formatInZone } from '../agenda/time.ts';
import type { DevelopmentsReport } from './report.ts';

export interface BriefSection {
  /** 0 gathers reports that name no Action. */
  action: number;
  reports: DevelopmentsReport[];
}

/** The accepted reports of a period, grouped by Action (a report naming two Actions shows under both). */
export function briefSections(reports: DevelopmentsReport[]): BriefSection[] {
  const accepted = reports.filter((r) => r.status === 'accepted').sort((a, b) => a.eventStartsAt.localeCompare(b.eventStartsAt));
  const byAction = new Map<number, DevelopmentsReport[]>();
  for (const report of accepted) {
    for (const action of report.actions.length > 0 ? report.actions : [0]) {
      byAction.set(action, [...(byAction.get(action) ?? []), report]);
    }
  }
  return [...byAction.entries()]
    .sort(([a], [b]) => (a === 0 ? 99 : a) - (b === 0 ? 99 : b))
    .map(([action, list]) => ({ action, reports: list }));
}

/** Keeps a member's text from turning into headings or HTML inside the brief's own structure. */
function quoteText(text: string): string {
  return text
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n');
}

const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').replace(/[<>*_`]/g, '');

/** An agreement agreed in the brief's period, as the brief names it. */
export interface BriefAgreement {
  title: string;
  text: string;
  state: string;
  agreedOn: string;
  group: string;
  bindingGroups: string[];
}

/** The plenary brief as Markdown: what the secretariat downloads and presents. */
export function briefMarkdown(input: { from: string; to: string; reports: DevelopmentsReport[]; actionTitles: Record<number, string>; agreements?: BriefAgreement[] }): string {
  const sections = briefSections(input.reports);
  const lines = [`# Plenary brief: developments from ${input.from} to ${input.to}`, ''];
  const count = new Set(sections.flatMap((s) => s.reports.map((r) => r.id))).size;
  lines.push(`${count} accepted developments report${count === 1 ? '' : 's'}, grouped by Action.`, '');
  if (count === 0) lines.push('No report was accepted for this period.', '');
  for (const section of sections) {
    const title = section.action === 0 ? 'Not tied to an Action' : `Action ${section.action}: ${input.actionTitles[section.action] ?? ''}`.trim();
    lines.push(`## ${title}`, '');
    for (const report of section.reports) {
      lines.push(`### ${report.eventTitle.replace(/[\r\n]+/g, ' ')}`, '');
      const when = report.outside ? `Outside meeting with ${oneLine(report.outside.body)} · ${report.outside.date}` : formatInZone(report.eventStartsAt, report.eventTimeZone);
      lines.push(`*${when} · reported by ${report.author.name} (${report.author.organisation || 'no organisation given'})*`, '');
      lines.push(quoteText(report.whatHappened), '');
      if (report.links.length > 0) lines.push('Links:', ...report.links.map((l) => `- <${l}>`), '');
      if (report.outside?.workingOn) lines.push(`**What ${oneLine(report.outside.body)} is working on:**`, '', quoteText(report.outside.workingOn), '');
      if (report.followUp) lines.push('**Follow-up asked:**', '', quoteText(report.followUp), '');
      if (report.review?.note) lines.push(`*Secretariat's note: ${report.review.note.replace(/[\r\n]+/g, ' ')}*`, '');
    }
  }
  const agreements = input.agreements ?? [];
  lines.push('## Agreements agreed in this period', '');
  if (agreements.length === 0) lines.push('No agreement was agreed in this period.', '');
  for (const agreement of agreements) {
    lines.push(`### ${agreement.title.replace(/[\r\n]+/g, ' ')}`, '');
    const later = agreement.state === 'superseded' ? ' · since superseded' : '';
    lines.push(`*Agreed on ${agreement.agreedOn} · a decision of ${agreement.group} · binds ${agreement.bindingGroups.join(', ')}${later}*`, '');
    lines.push(quoteText(agreement.text), '');
  }
  return lines.join('\n');
}
