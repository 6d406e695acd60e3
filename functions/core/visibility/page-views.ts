import { isbot } from 'isbot';
import { languages } from '../partnership/vocabulary.ts';

/**
 * Visibility without tracking: page views counted from the requests the edge already serves (CloudFront's
 * standard logs on AWS, the local hub's own request log under `npm start`), never from the browser. A
 * view keeps the page, its language, the edge's idea of the country and the referring site's domain;
 * nothing that tells one reader from another (no address, no user agent, no cookie, no time of day).
 */
export interface PageView {
  /** UTC day, 2026-12-02. */
  date: string;
  /** The page without its language prefix: /actions/action-1/ in English and French alike. */
  path: string;
  /** The page's language, from its path (/fr/… is French; no prefix is English). */
  language: string;
  /** ISO 3166-1 alpha-2 as the edge saw it (CloudFront-Viewer-Country), or '--' when unknown. */
  country: string;
  /** The referring site's domain (www. dropped), when it is another site. */
  referrer?: string;
}

/** One request as a log line gives it: the fields a view is made of, and the ones that rule it out. */
export interface LoggedRequest {
  date: string;
  method: string;
  path: string;
  status: number;
  referrer?: string;
  userAgent?: string;
  country?: string;
  contentType?: string;
}

export const UNKNOWN_COUNTRY = '--';
const DEFAULT_LANGUAGE = 'en';

/**
 * Private working pages and the pages emailed links open: their use says nothing about the public's
 * interest, and some are reached with a token in the URL. Only the public site is counted.
 */
const NOT_PUBLIC = /^\/(members|console|your-data|preferences|unsubscribe|relayed|subscribe\/confirm)(\/|$)/;
/** Files and folders that are not pages: the site's build output, its search index, the API. */
const NOT_A_PAGE = /^\/(api|_astro|pagefind)(\/|$)/;

/**
 * Link checkers of mail gateways and office suites open every link of an email before anyone reads it;
 * isbot's list has the crawlers and link previewers, these are the scanners it leaves to us.
 */
const MAIL_SCANNERS = /ms-office|microsoft office|microsoft outlook|outlook-ios|proofpoint|mimecast|barracuda|safelinks|messagelabs|ironport|trendmicro|forcepoint|symantec|sophos|fortiguard|google-safety|yahoomailproxy|googleimageproxy/i;

/** Whether a user agent is a person's browser, as far as anyone can tell: no agent at all is not. */
export function isPerson(userAgent: string | undefined): boolean {
  if (!userAgent || userAgent === '-') return false;
  return !isbot(userAgent) && !MAIL_SCANNERS.test(userAgent);
}

/** The referring site's domain, or undefined for none, for the site itself and for anything not a web page. */
export function referringDomain(referrer: string | undefined, ownHost: string): string | undefined {
  if (!referrer || referrer === '-') return undefined;
  let url: URL;
  try {
    url = new URL(referrer);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  if (!/^[a-z0-9.-]{1,253}$/.test(host) || host === ownHost.toLowerCase().replace(/^www\./, '')) return undefined;
  return host;
}

/** The page a path names, and its language: /fr/actions/x/index.html → /actions/x/ in French. */
export function pageOf(rawPath: string): { path: string; language: string } | undefined {
  let path = rawPath.split(/[?#]/, 1)[0]!;
  try {
    path = decodeURI(path);
  } catch {
    return undefined;
  }
  if (!path.startsWith('/') || path.length > 300 || path.includes('..')) return undefined;
  path = path.replace(/\/index\.html$/, '/').replace(/\.html$/, '/');
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (last.includes('.')) return undefined;
  if (!path.endsWith('/')) path += '/';
  const prefix = /^\/([a-z]{2})(\/.*)$/.exec(path);
  const language = prefix && (languages as readonly string[]).includes(prefix[1]!) ? prefix[1]! : DEFAULT_LANGUAGE;
  if (prefix && language === prefix[1]) path = prefix[2]!;
  if (NOT_A_PAGE.test(path) || NOT_PUBLIC.test(path) || path === '/404/') return undefined;
  return { path, language };
}

/**
 * The page view a request stands for, or undefined when it is none: not a successful GET of a public
 * page (a 304 is a reader coming back, and counts), or asked for by a crawler, a link previewer or a
 * mail scanner.
 */
export function pageViewOf(request: LoggedRequest, ownHost: string): PageView | undefined {
  if (request.method !== 'GET' || (request.status !== 200 && request.status !== 304)) return undefined;
  if (request.contentType && request.contentType !== '-' && !request.contentType.startsWith('text/html')) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(request.date) || !isPerson(request.userAgent)) return undefined;
  const page = pageOf(request.path);
  if (!page) return undefined;
  const country = request.country && /^[A-Z]{2}$/.test(request.country.toUpperCase()) ? request.country.toUpperCase() : UNKNOWN_COUNTRY;
  const referrer = referringDomain(request.referrer, ownHost);
  return { date: request.date, ...page, country, ...(referrer ? { referrer } : {}) };
}

/** The field names of the log format, as CloudFront's standard logs and the local hub's log write them. */
export const logFields = ['date', 'time', 'cs-method', 'cs-uri-stem', 'sc-status', 'cs(Referer)', 'cs(User-Agent)', 'c-country', 'sc-content-type'] as const;

/** CloudFront writes '-' for an empty field and percent-encodes spaces and tabs in the user agent. */
function field(value: string | undefined): string | undefined {
  if (value === undefined || value === '-' || value === '') return undefined;
  try {
    return decodeURIComponent(value.replace(/%25/g, '%'));
  } catch {
    return value;
  }
}

/**
 * The requests of a log file in the W3C format of CloudFront's standard logs (legacy or v2): the
 * `#Fields:` line names the columns, so a file with more fields (the legacy format's c-ip, for one)
 * or fewer (no c-country) reads the same. Lines that do not fit are skipped, not guessed at.
 */
export function parseRequestLog(text: string): LoggedRequest[] {
  let columns: string[] = [];
  const requests: LoggedRequest[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/\r$/, '');
    if (trimmed.startsWith('#Fields:')) {
      columns = trimmed.slice('#Fields:'.length).trim().split(/\s+/);
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('#') || columns.length === 0) continue;
    const values = trimmed.split('\t');
    if (values.length !== columns.length) continue;
    const get = (name: string) => {
      const i = columns.indexOf(name);
      return i < 0 ? undefined : values[i];
    };
    const status = Number(get('sc-status'));
    const path = get('cs-uri-stem');
    if (!Number.isInteger(status) || !path) continue;
    const referrer = field(get('cs(Referer)'));
    const userAgent = field(get('cs(User-Agent)'));
    const country = field(get('c-country'));
    const contentType = field(get('sc-content-type'));
    requests.push({
      date: get('date') ?? '',
      method: get('cs-method') ?? '',
      path,
      status,
      ...(referrer ? { referrer } : {}),
      ...(userAgent ? { userAgent } : {}),
      ...(country ? { country } : {}),
      ...(contentType ? { contentType } : {}),
    });
  }
  return requests;
}

/** One request as a line of the local hub's log, in the same format (tabs and line ends cannot get in). */
export function logLineOf(request: LoggedRequest & { time: string }): string {
  // encodeURI turns spaces, tabs and line ends into %20, %09 and %0A, as CloudFront writes them.
  const clean = (value: string | undefined) => {
    try {
      return value ? encodeURI(value) : '-';
    } catch {
      return '-'; // a lone surrogate: nothing a page view needs
    }
  };
  const country = request.country && /^[A-Za-z]{2}$/.test(request.country) ? request.country.toUpperCase() : '-';
  return [request.date, request.time, request.method, clean(request.path), String(request.status), clean(request.referrer), clean(request.userAgent), country, clean(request.contentType)].join('\t');
}

export const logHeader = `#Version: 1.0\n#Fields: ${logFields.join(' ')}\n`;

/** Where request logs wait to be counted: CloudFront's log bucket on AWS, a folder of the local hub. */
export interface ViewLogs {
  /** Log files waiting, oldest first, at most `limit`. */
  waiting(limit: number): Promise<string[]>;
  read(name: string): Promise<string>;
  /** Counted: the raw log, with its user agents, is gone. */
  remove(name: string): Promise<void>;
}
