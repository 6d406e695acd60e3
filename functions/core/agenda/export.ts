import type { AgendaEvent } from './event.ts';

/** The first line of every exported file: the export only ever overwrites files that carry it. */
export const EXPORT_MARK = '# Exported from the hub by `npm run export:events`';

const SUMMARY_MAX = 240;

/** A one-sentence summary for the public agenda (20–240 characters, as its schema asks). */
export function summaryOf(event: Pick<AgendaEvent, 'title' | 'description'>): string {
  const text = event.description.replace(/\s+/g, ' ').trim();
  const sentence = /^(.{20,}?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  const summary = sentence.length > SUMMARY_MAX ? `${sentence.slice(0, SUMMARY_MAX - 1).replace(/\s+\S*$/, '')}…` : sentence;
  return summary.length >= 20 ? summary : `${event.title}: an event of the Partnership on Inclusion of Migrants and Refugees.`.slice(0, SUMMARY_MAX);
}

/** YAML double-quoted scalars are JSON strings: one rule, no escaping surprises. */
const quoted = (value: string) => JSON.stringify(value);

/**
 * A public event as a content file of the public agenda (content/events/en/<slug>.md), so the
 * static site lists it at its next build: frontmatter in the site's event schema, the
 * description as the body.
 */
export function publicEventFile(event: AgendaEvent, baseUrl: string): { path: string; text: string } {
  const lines = [
    '---',
    EXPORT_MARK,
    `# event ${event.id}; change it in the console, then export again.`,
    `title: ${quoted(event.title)}`,
    `start: ${quoted(event.start)}`,
    `end: ${quoted(event.end)}`,
    `timeZone: ${quoted(event.timeZone)}`,
    ...(event.place ? [`place: ${quoted(event.place)}`] : []),
    ...(event.online ? [`online: ${quoted(event.online)}`] : []),
    `actions: [${event.actions.join(', ')}]`,
    `registration: ${quoted(`Members of the partnership register in the members' area: ${baseUrl}/members/events/event/?id=${event.id}`)}`,
    `summary: ${quoted(summaryOf(event))}`,
    '---',
    '',
    event.description.trim() || summaryOf(event),
    '',
  ];
  return { path: `events/en/${event.slug}.md`, text: lines.join('\n') };
}
