import type { MessageKey } from '../i18n/index.ts';

/**
 * The application shell's navigation: the members' area and the secretariat console, each a list of
 * sections. Links are static HTML; the shell's script only fills in who is signed in, shows the
 * links a role adds and the console's attention counts. To add a section, add a row here (and its
 * label in site/src/i18n); a console section appears once its page exists under pages/[...locale]/console/.
 */
export type ShellArea = 'members' | 'console';

export interface ShellLink {
  href: string;
  label: MessageKey;
  /** Shown only to these people, once the API says who is signed in. */
  for?: 'leaders' | 'secretariat';
  /** Also the current section on these paths (pages reached from this one, e.g. a group's thread). */
  under?: string[];
  /** The attention counts (GET /api/admin/attention) shown beside this section. */
  attention?: ('reports' | 'pausedSends' | 'scheduledUpdates')[];
}

export const memberLinks: ShellLink[] = [
  { href: '/members/', label: 'shell.members.groups', under: ['/members/group/', '/members/thread/', '/members/decisions/'] },
  { href: '/members/events/', label: 'shell.members.events', under: ['/members/report/', '/members/outside/'] },
  { href: '/members/connections/', label: 'shell.members.connections' },
  { href: '/members/agreements/', label: 'shell.members.agreements' },
  { href: '/members/search/', label: 'shell.members.search' },
  { href: '/members/notifications/', label: 'shell.members.notifications' },
  { href: '/your-data/', label: 'shell.members.data' },
  { href: '/console/calls/', label: 'console.home.calls', for: 'leaders' },
  { href: '/console/', label: 'shell.console', for: 'secretariat' },
];

/** Console sections in the order of the console's home; leaders use the calls and the expert pool too. */
const consoleSections: { name: string; leaders?: boolean; attention?: ShellLink['attention'] }[] = [
  { name: 'updates', attention: ['pausedSends', 'scheduledUpdates'] },
  { name: 'contacts' },
  { name: 'networks' },
  { name: 'experts', leaders: true },
  { name: 'calls', leaders: true },
  { name: 'events' },
  { name: 'reports', attention: ['reports'] },
  { name: 'brief' },
  { name: 'outreach' },
  { name: 'visibility' },
  { name: 'members' },
  { name: 'groups' },
  { name: 'audit' },
  { name: 'privacy' },
];

// The console's pages as the build finds them: a section appears once its page exists.
const present = new Set(
  Object.keys(import.meta.glob(['../pages/[[]...locale]/console/*.astro', '../pages/[[]...locale]/console/*/index.astro'])).map((file) => file.replace(/^\.\.\/pages\/\[\.\.\.locale\]\/console\//, '').replace(/(\/index)?\.astro$/, '')),
);

export const consoleNames = consoleSections.map((s) => s.name).filter((name) => present.has(name));

export const consoleLinks: ShellLink[] = [
  { href: '/console/', label: 'shell.console.home', for: 'secretariat' },
  ...consoleSections
    .filter((s) => present.has(s.name))
    .map((s): ShellLink => ({ href: `/console/${s.name}/`, label: `console.home.${s.name}` as MessageKey, ...(s.leaders ? {} : { for: 'secretariat' as const }), ...(s.attention ? { attention: s.attention } : {}) })),
  { href: '/members/', label: 'shell.members' },
];

/**
 * How a link stands to the page at `path` (its default-language path: links are named by those and
 * localized when rendered): the page itself, the section it belongs to, or neither.
 */
export function currentness(link: ShellLink, path: string): 'page' | 'true' | undefined {
  const here = path.endsWith('/') ? path : `${path}/`;
  if (here === link.href) return 'page';
  if (link.under?.some((p) => here.startsWith(p))) return 'true';
  // A console section's own sub-pages; the homes (/members/, /console/) only mark themselves.
  if (link.href !== '/console/' && link.href !== '/members/' && here.startsWith(link.href)) return 'true';
  return undefined;
}
