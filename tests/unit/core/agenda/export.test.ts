import { describe, expect, it } from 'vitest';
import { eventInputSchema, newEvent } from '../../../../functions/core/agenda/event.ts';
import { EXPORT_MARK, publicEventFile, summaryOf } from '../../../../functions/core/agenda/export.ts';

const event = newEvent(
  eventInputSchema.parse({
    title: 'Conference: "cities and minors"',
    description: 'Cities compare guardianship for young migrants. Then a workshop follows.',
    start: '2027-04-22T09:00',
    end: '2027-04-23T13:30',
    timeZone: 'Europe/Athens',
    place: 'Athens, City Hall',
    visibility: 'public',
    actions: [1, 6],
  }),
  { id: 'e-1', createdBy: 's@example.org', now: new Date('2026-11-01T00:00:00Z') },
);

describe('public agenda export', () => {
  it('writes frontmatter in the site\'s event schema, marked as exported', () => {
    const { path, text } = publicEventFile(event, 'https://hub.example.org');
    expect(path).toBe('events/en/conference-cities-and-minors-2027-04-22.md');
    expect(text.split('\n').slice(0, 13)).toEqual([
      '---',
      EXPORT_MARK,
      '# event e-1; change it in the console, then export again.',
      'title: "Conference: \\"cities and minors\\""',
      'start: "2027-04-22T09:00"',
      'end: "2027-04-23T13:30"',
      'timeZone: "Europe/Athens"',
      'place: "Athens, City Hall"',
      'actions: [1, 6]',
      'registration: "Members of the partnership register in the members\' area: https://hub.example.org/members/events/event/?id=e-1"',
      'summary: "Cities compare guardianship for young migrants."',
      '---',
      '',
    ]);
  });

  it('keeps summaries within 20 to 240 characters', () => {
    expect(summaryOf({ title: 'Plenary', description: '' })).toMatch(/^Plenary: an event of the Partnership/);
    const long = summaryOf({ title: 'Plenary', description: 'word '.repeat(200) });
    expect(long.length).toBeLessThanOrEqual(240);
    expect(long.endsWith('…')).toBe(true);
  });
});
