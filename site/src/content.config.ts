import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';
import { topics } from '../../functions/core/partnership/vocabulary.ts';

// Tests and the benchmark build the same site against other content; relative paths are from site/.
const contentDir = process.env.HUB_CONTENT_DIR ?? '../content';

// Topics and statuses are the partnership's shared vocabulary; a typo fails the build.
const topic = z.enum(topics);

// YAML reads an unquoted 2027-02-10T09:30:00 as a UTC instant; we want the wall-clock time
// as written, interpreted in the event's own time zone.
const wallClock = z
  .union([z.date(), z.string()])
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 19) : value))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'expects local time as 2027-02-10T09:30:00, no offset'));

// Entries live in content/<collection>/<lang>/<slug>.md; the id is "<lang>/<slug>".
const actions = defineCollection({
  loader: glob({ pattern: '**/*.md', base: `${contentDir}/actions` }),
  schema: z.object({
    number: z.number().int().min(1),
    title: z.string().min(3),
    // The one-pager reads in a minute: the summary is a sentence or two, never more.
    summary: z.string().min(20).max(300),
    status: z.enum(['planned', 'in-progress', 'completed']),
    leaders: z.array(z.string()).min(1),
    partners: z.array(z.string()).default([]),
    achievements: z.array(z.string()).default([]),
    nextSteps: z.array(z.string()).default([]),
    contact: z.object({ name: z.string(), email: z.string().email() }),
    updated: z.coerce.date(),
    topics: z.array(topic).min(1),
  }),
});

const posts = defineCollection({
  loader: glob({ pattern: '**/*.md', base: `${contentDir}/posts` }),
  schema: z.object({
    title: z.string().min(3),
    date: z.coerce.date(),
    summary: z.string().min(20).max(240),
    tags: z.array(z.string().regex(/^[a-z0-9-]+$/, 'expects lower-case kebab-case tags')).default([]),
    // Numbers of the Actions the post concerns.
    actions: z.array(z.number().int().min(1)).default([]),
  }),
});

const events = defineCollection({
  loader: glob({ pattern: '**/*.md', base: `${contentDir}/events` }),
  schema: z
    .object({
      title: z.string().min(3),
      start: wallClock,
      end: wallClock,
      // IANA zone of the place, e.g. Europe/Brussels; feeds and pages show times in it.
      timeZone: z.string().refine((zone) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'expects an IANA time zone such as Europe/Brussels'),
      place: z.string().optional(),
      online: z.string().url().optional(),
      actions: z.array(z.number().int().min(1)).default([]),
      registration: z.string().min(5),
      summary: z.string().min(20).max(240),
    })
    .refine((event) => event.place || event.online, { message: 'expects a place, an online link, or both', path: ['place'] })
    .refine((event) => event.end > event.start, { message: 'expects the end after the start', path: ['end'] }),
});

export const collections = { actions, posts, events };
