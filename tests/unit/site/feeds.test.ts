import ICAL from 'ical.js';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, dist, read, requireBuiltSite, siteOrigin } from './built-site.ts';
import path from 'node:path';

type RssItem = { title: string; link: string; guid: string | { '#text': string }; pubDate: string; description: string };

function parseRss(xml: string) {
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as {
    rss: { channel: { title: string; language: string; link: string; item: RssItem | RssItem[] } };
  };
  const channel = parsed.rss.channel;
  return { ...channel, items: ([] as RssItem[]).concat(channel.item) };
}

function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, events: calendar.getAllSubcomponents('vevent') };
}

describe('the news feeds', () => {
  beforeAll(requireBuiltSite);

  it.each([
    ['en', 'news/rss.xml', '/news/'],
    ['fr', 'fr/news/rss.xml', '/fr/news/'],
  ])('parse as RSS 2.0 with one item per post (%s)', (language, file, prefix) => {
    // Act
    const feed = parseRss(read(file));
    // Assess
    expect(feed.language).toBe(language);
    expect(feed.items.length).toBe(filesUnder(path.join(dist, prefix), 'index.html').filter((f) => /news\/(?!tag\/|\d+\/)[^/]+\/index\.html$/.test(f)).length);
    for (const item of feed.items) {
      expect(item.title.length).toBeGreaterThan(3);
      expect(item.link.startsWith(`${siteOrigin()}${prefix}`)).toBe(true);
      expect(Number.isNaN(Date.parse(item.pubDate))).toBe(false);
    }
    const dates = feed.items.map((item) => Date.parse(item.pubDate));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });
});

describe('the agenda calendars', () => {
  beforeAll(requireBuiltSite);

  it.each(['agenda.ics', 'fr/agenda.ics'])('%s parses with ical.js, one VEVENT per event with UID, DTSTAMP and UTC times', (file) => {
    // Act
    const { calendar, events } = parseCalendar(read(file));
    // Assess
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBeTruthy();
    const pages = filesUnder(path.join(dist, path.dirname(file), 'agenda'), '.ics');
    expect(events.length).toBe(pages.length);
    const uids = events.map((event) => String(event.getFirstPropertyValue('uid')));
    expect(new Set(uids).size).toBe(uids.length);
    for (const event of events) {
      expect(event.getFirstPropertyValue('dtstamp')).toBeTruthy();
      const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
      const end = event.getFirstPropertyValue('dtend') as ICAL.Time;
      // UTC needs no VTIMEZONE; a TZID without one would be invalid.
      expect(start.zone?.tzid).toBe('UTC');
      expect(end.compare(start)).toBe(1);
    }
    expect(calendar.getAllSubcomponents('vtimezone')).toEqual([]);
  });

  it('writes an event held in Athens at its UTC instant (09:00 summer time is 06:00Z)', () => {
    const { events } = parseCalendar(read('agenda/athens-conference-april-2027.ics'));
    expect(events).toHaveLength(1);
    const event = new ICAL.Event(events[0]!);
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-04-22T06:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2027-04-23T10:30:00.000Z');
    expect(event.uid).toMatch(/^athens-conference-april-2027@/);
    expect(event.location).toContain('Athens');
  });

  it('gives an event the same UID in both languages, so calendars do not duplicate it', () => {
    const uid = (file: string) => new ICAL.Event(parseCalendar(read(file)).events[0]!).uid;
    expect(uid('fr/agenda/athens-conference-april-2027.ics')).toBe(uid('agenda/athens-conference-april-2027.ics'));
  });
});
