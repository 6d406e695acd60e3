import { Marked } from 'marked';
import { escapeHtml } from '../mail/layout.ts';
import { allowlistFilter, WEB_OR_MAIL_LINK, withoutTags } from './allowlist.ts';

/** Every link a member writes opens without passing the page or the reader on. */
const REL = 'nofollow ugc noopener noreferrer';

/**
 * Members write Markdown; the forum shows HTML. Raw HTML in the Markdown is shown as text (the
 * renderer escapes it), and the result is cut down to an allowlist anyway, so a bug in one layer
 * does not open the other.
 */
const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    // Images would load from anywhere as the reader opens the page (tracking): a link instead.
    image: ({ href, text }) =>
      /^https?:\/\//i.test(href) ? `<a href="${escapeHtml(href)}" rel="${REL}">${escapeHtml(text || href)}</a>` : escapeHtml(text || href),
    // Only absolute web and mail links keep their address; any other stays as its text, in a link without one.
    link({ href, title, tokens }) {
      const text = this.parser.parseInline(tokens);
      const address = WEB_OR_MAIL_LINK.test(href.trim()) ? ` href="${escapeHtml(href.trim())}"` : '';
      return `<a${address}${title ? ` title="${escapeHtml(title)}"` : ''} rel="${REL}">${text}</a>`;
    },
    // A member's h1/h2 would compete with the page's own headings (screen readers navigate by them).
    heading({ tokens, depth }) {
      const level = Math.max(depth, 3);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
  },
});

const allowed = allowlistFilter(
  {
    p: [], br: [], strong: [], em: [], del: [], code: [], pre: [], blockquote: [], ul: [], ol: ['start'], li: [], a: ['href', 'title', 'rel'], hr: [],
    h3: [], h4: [], h5: [], h6: [], table: [], thead: [], tbody: [], tr: [], th: ['align'], td: ['align'],
  },
  { rel: REL },
);

/** Safe HTML for a member's Markdown: raw HTML shown as text, then cut down to the allowlist. */
export function renderMarkdown(markdown: string): string {
  return allowed(marked.parse(markdown) as string).trim();
}

/** The Markdown as plain text, for the text part of emails and for search. */
export function markdownToText(markdown: string): string {
  return withoutTags(marked.parse(markdown) as string)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
