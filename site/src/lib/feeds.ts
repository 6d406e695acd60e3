import rss from '@astrojs/rss';
import { localizedPath, translator, type Locale } from '../i18n/index.ts';
import { agendaCalendar, icsResponse } from './calendar.ts';
import { agenda, newsNewestFirst } from './content.ts';

export async function newsFeed(locale: Locale, site: URL) {
  const t = translator(locale);
  const posts = await newsNewestFirst(locale);
  return rss({
    title: t('news.rssTitle'),
    description: t('news.intro'),
    site,
    trailingSlash: true,
    customData: `<language>${locale}</language>`,
    items: posts.map(({ entry, slug }) => ({
      title: entry.data.title,
      pubDate: entry.data.date,
      description: entry.data.summary,
      link: localizedPath(`/news/${slug}/`, locale),
      categories: entry.data.tags,
    })),
  });
}

export async function agendaFeed(locale: Locale, site: URL) {
  const { upcoming, past } = await agenda(locale);
  return icsResponse(agendaCalendar([...upcoming, ...past], locale, site));
}
