import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from '../mail/layout.ts';

/**
 * Members write Markdown; the forum shows HTML. Raw HTML in the Markdown is shown as text (the
 * renderer escapes it), and the result is sanitized by an allowlist anyway, so a bug in one
 * layer does not open the other.
 */
const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    // Images would load from anywhere as the reader opens the page (tracking): a link instead.
    image: ({ href, text }) =>
      /^https?:\/\//i.test(href) ? `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>` : escapeHtml(text || href),
  },
});

const allowed: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'hr',
    'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // A member's h1/h2 would compete with the page's own headings (screen readers navigate by them).
  transformTags: {
    h1: 'h3',
    h2: 'h4',
    // Only absolute web and mail links: a relative one ("!", "page") would point somewhere else in an
    // email than on the page, so it stays as its text, without an address.
    a: (_tag, attribs) => ({
      tagName: 'a',
      attribs: {
        ...(attribs.href && /^(https?:|mailto:)/i.test(attribs.href.trim()) ? { href: attribs.href } : {}),
        ...(attribs.title ? { title: attribs.title } : {}),
        rel: 'nofollow ugc noopener noreferrer',
      },
    }),
  },
};
allowed.allowedAttributes = { ...(allowed.allowedAttributes as Record<string, string[]>), a: ['href', 'title', 'rel'] };

/** Safe HTML for a member's Markdown: raw HTML disabled, then sanitized by allowlist. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html, allowed).trim();
}

/** The Markdown as plain text, for the text part of emails and for search. */
export function markdownToText(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown) as string, { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
